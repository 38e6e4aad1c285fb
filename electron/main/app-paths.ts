import path from 'node:path';

/**
 * Where the Electron main process finds its native modules and writes its logs, in development
 * (`electron .`, app path = the repo) and in a packaged app (app path = resources/app.asar). Pure, so a test
 * pins both layouts without Electron.
 *
 * The Electron builds of better-sqlite3 and @pokusew/pcsclite live in `.electron-native/` (built by
 * src/build/electron-native.mjs; packaged by electron-builder's config in package.json, which unpacks every
 * `.node` file next to the asar because the OS loader cannot read a file inside an archive).
 */
export interface AppLayout {
  /** app.getAppPath() */
  readonly appPath: string;
  /** app.isPackaged */
  readonly isPackaged: boolean;
}

/** resources/app.asar -> resources/app.asar.unpacked: where the packaged `.node` files really are. */
const unpackedRoot = (layout: AppLayout) =>
  layout.isPackaged && layout.appPath.endsWith('.asar') ? `${layout.appPath}.unpacked` : layout.appPath;

/** better-sqlite3's addon for Electron's ABI, handed to openTerminal as `nativeBinding`. */
export function nativeBindingFile(layout: AppLayout): string {
  return path.join(
    unpackedRoot(layout),
    '.electron-native',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
}

/**
 * nfc-pcsc beside its Electron build of @pokusew/pcsclite. Its JavaScript stays in the asar (Electron's
 * require reads it there, and its `bindings` lookup of pcsclite.node is redirected to the unpacked copy).
 */
export function nfcPcscPath(layout: AppLayout): string {
  return path.join(layout.appPath, '.electron-native', 'node_modules', 'nfc-pcsc');
}

/**
 * The folder for log files: TILLPOINT_LOG_DIR when set (tests, a kiosk that keeps logs elsewhere), else
 * Electron's per-user log folder (app.getPath('logs'): ~/.config/Tillpoint/logs on Linux,
 * ~/Library/Logs/Tillpoint on macOS, %APPDATA%\Tillpoint\logs on Windows).
 */
export function logDirectory(env: NodeJS.ProcessEnv, electronLogsPath: string): string {
  return env.TILLPOINT_LOG_DIR || electronLogsPath;
}
