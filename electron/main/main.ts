import { app, BrowserWindow, dialog, session } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { isTillpointError } from '../../src/core/errors.js';
import { DB_FILE_NAME, openTerminal, type Terminal } from '../../src/terminal/terminal.js';
import { appOrigin, handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { startIpcTransport } from './ipc-transport.js';

/**
 * Electron main: one cashier window, the app:// protocol, the IPC transport and the terminal's lifecycle.
 * Bundled to dist/electron/main.cjs (CommonJS; electron and better-sqlite3 stay external).
 *
 * Printing: the renderer calls window.print(); in Electron that opens the system print dialog for the
 * focused window (webContents.print with the default options), so main needs no print code or IPC for it.
 */

const log = (line: string, details?: unknown) => console.error(`tillpoint: ${line}`, details ?? '');

/** The folder of package.json: app.getAppPath() for `electron .` and for a packaged app alike. */
const appDir = () => app.getAppPath();
const rendererDir = () => path.join(appDir(), 'dist', 'renderer');
const preloadFile = () => path.join(appDir(), 'dist', 'electron', 'preload.cjs');
/** Built for Electron's ABI by src/build/electron-native.mjs; node_modules keeps the Node build. */
const nativeBindingFile = () =>
  path.join(appDir(), '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
/** nfc-pcsc beside its Electron build of @pokusew/pcsclite (src/build/electron-native.mjs, issue 4). */
const nfcPcscPath = () => path.join(appDir(), '.electron-native', 'node_modules', 'nfc-pcsc');
/** TILLPOINT_NFC=off starts the app without reading cards (a till without a reader, or e2e runs). */
const nfcOption = () =>
  process.env.TILLPOINT_NFC === 'off' ? ('off' as const) : { pcsc: { nfcPcscPath: nfcPcscPath() } };
/** TILLPOINT_DATA_DIR lets e2e tests give each run its own folder (Actual Budget's ACTUAL_DATA_DIR). */
const dataDir = () => process.env.TILLPOINT_DATA_DIR || path.join(app.getPath('userData'), 'data');

let cashierWindow: BrowserWindow | null = null;
let terminal: Terminal | null = null;
let stopIpc: (() => void) | null = null;

/** Shown when the terminal cannot open: names the file and the next step, then the app quits untouched. */
function refuseToStart(title: string, message: string): void {
  log(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(2);
}

function startupFailure(error: unknown, folder: string): [string, string] {
  const file = path.join(folder, DB_FILE_NAME);
  if (isTillpointError(error) && error.code === 'store.corrupt') {
    return [
      'The sales database is damaged',
      `${error.message}\n\nFile: ${file}\nTillpoint has not changed it. Keep a copy of the folder ${folder} ` +
        'for support, then restore the latest backup or start with an empty folder (TILLPOINT_DATA_DIR).',
    ];
  }
  if (isTillpointError(error) && error.code === 'store.newer_schema') {
    return [
      'The sales database is from a newer Tillpoint',
      `${error.message}\n\nFile: ${file}\nTillpoint has not changed it. Install the newer Tillpoint ` +
        'version that wrote it, or start with an empty folder (TILLPOINT_DATA_DIR).',
    ];
  }
  const message = error instanceof Error ? error.message : String(error);
  return ['Tillpoint could not start', `${message}\n\nData folder: ${folder}`];
}

function createCashierWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    title: 'Tillpoint',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadFile(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (cashierWindow === win) cashierWindow = null;
  });
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}

/** Electron security checklist: no navigation, no new windows, no webviews, no permissions but the camera. */
function lockDownContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  // The camera (media) is allowed for our own page only: the cashier scans payment QR codes with it.
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'media' && contents.getURL().startsWith(`${appOrigin}/`));
  });
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => permission === 'media' && requestingOrigin === appOrigin,
  );
}

async function start(): Promise<void> {
  const folder = dataDir();
  const binding = nativeBindingFile();
  if (!existsSync(binding)) {
    refuseToStart(
      'The database driver for Electron is missing',
      `${binding} does not exist. Run "npm start" (it builds it with src/build/electron-native.mjs).`,
    );
    return;
  }
  try {
    mkdirSync(folder, { recursive: true });
    terminal = await openTerminal({
      dataDir: folder,
      nativeBinding: binding,
      nfc: nfcOption(),
      log,
      command: 'desktop app',
    });
  } catch (error) {
    const [title, message] = startupFailure(error, folder);
    refuseToStart(title, message);
    return;
  }
  handleAppProtocol(rendererDir());
  lockDownContents();
  stopIpc = startIpcTransport(terminal, () => (cashierWindow === null ? [] : [cashierWindow]), log);
  cashierWindow = createCashierWindow();
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Tillpoint owns the database; it focuses its window (below) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (cashierWindow === null) return;
    if (cashierWindow.isMinimized()) cashierWindow.restore();
    cashierWindow.focus();
  });
  // A till is one window: closing it ends the app on every platform, macOS included.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    stopIpc?.();
    stopIpc = null;
    terminal?.close();
    terminal = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const [title, message] = startupFailure(error, dataDir());
      refuseToStart(title, message);
    });
}
