/** Types for package-native.mjs (plain JS so electron-builder's hook runs without a compiler). */
export interface NativeFile {
  readonly from: 'native' | 'modules';
  readonly file: string;
  readonly to: string;
  readonly node?: boolean;
}
export declare const nativeFiles: readonly NativeFile[];
export declare class NativePackagingError extends Error {}
export declare function electronAbi(root: string, electronVersion: string): string;
export declare function stageElectronNative(options: {
  root: string;
  from: string;
  to: string;
  electronVersion: string;
  standIn?: boolean;
  log: (line: string) => void;
}): Promise<{ abi: string; staged: string[] }>;
