import path from 'node:path';

/**
 * Where the Electron main process finds its native modules and writes its logs, in development
 * (`electron .`: the repo's `.electron-native/`, built by src/build/electron-native.mjs) and in a packaged app
 * (`resources/electron-native/` beside app.asar, staged by src/build/package-native.mjs: the OS loader cannot
 * read a `.node` file inside an archive). Pure, so a test pins both layouts without Electron.
 */
export interface AppLayout {
  /** app.getAppPath(): the repo, or resources/app.asar */
  readonly appPath: string;
  /** app.isPackaged */
  readonly isPackaged: boolean;
  /** process.resourcesPath: the packaged app's resources folder */
  readonly resourcesPath: string;
}

const packagedNative = (layout: AppLayout) => path.join(layout.resourcesPath, 'electron-native');
const devNative = (layout: AppLayout) => path.join(layout.appPath, '.electron-native');

/** better-sqlite3's addon for Electron's ABI, handed to openTerminal as `nativeBinding`. */
export function nativeBindingFile(layout: AppLayout): string {
  const root = layout.isPackaged ? packagedNative(layout) : devNative(layout);
  return path.join(root, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/**
 * nfc-pcsc where its require('@pokusew/pcsclite') finds the Electron build: in development a sibling in
 * `.electron-native/node_modules`, packaged its own `nfc-pcsc/node_modules`.
 */
export function nfcPcscPath(layout: AppLayout): string {
  return layout.isPackaged
    ? path.join(packagedNative(layout), 'nfc-pcsc')
    : path.join(devNative(layout), 'node_modules', 'nfc-pcsc');
}

/**
 * The folder for log files: TILLPOINT_LOG_DIR when set (tests, a kiosk that keeps logs elsewhere), else
 * Electron's per-user log folder (app.getPath('logs'): ~/.config/Tillpoint/logs on Linux,
 * ~/Library/Logs/Tillpoint on macOS, %APPDATA%\Tillpoint\logs on Windows).
 */
export function logDirectory(env: NodeJS.ProcessEnv, electronLogsPath: string): string {
  return env.TILLPOINT_LOG_DIR || electronLogsPath;
}
