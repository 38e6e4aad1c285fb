/** Types for native-abi.mjs (plain JS so build scripts run without a compiler). */
export declare const abiMarker: (abi: string | number) => string;
export declare function abiOfAddon(file: string): Promise<string | null>;
export declare function isBuiltForAbi(file: string, abi: string | number): Promise<boolean>;
