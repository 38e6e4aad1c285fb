/** Types for ascii-only.mjs (plain JS so build scripts run without a compiler). */
export declare function asciiOnly(source: string): string;
export declare function asciiOnlyFiles(files: readonly string[]): Promise<string[]>;
