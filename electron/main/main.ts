import { app, dialog, Menu, safeStorage, session } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { isTillpointError } from '../../src/core/errors.js';
import type { Log } from '../../src/shared/log.js';
import { createNodeLogger, type NodeLogger } from '../../src/terminal/log/logger.js';
import { DB_FILE_NAME, openTerminal, type Terminal } from '../../src/terminal/terminal.js';
import { readAppMode, windowsFor, type AppMode } from './app-mode.js';
import { appOrigin, handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { logDirectory, nativeBindingFile, nfcPcscPath } from './app-paths.js';
import { isBlockedKey } from './blocked-keys.js';
import { desktopSecretBox } from './secret-box-os.js';
import { startIpcTransport } from './ipc-transport.js';
import { readCustomerDisplaySetting } from './display-choice.js';
import { createWindowRegistry, type WindowRegistry } from './windows.js';
import { grantsPermissionCheck, grantsPermissionRequest } from './permissions.js';
import { addDemoStaff, DEMO_CASHIER_PIN, DEMO_MANAGER_PIN } from '../../src/terminal/staff/demo-staff.js';

/**
 * Electron main: the cashier window and the customer display, or the self-service kiosk's window (windows.ts,
 * app-mode.ts), the app:// protocol, the IPC transport and the terminal's lifecycle.
 * Bundled to dist/electron/main.cjs (CommonJS; electron and better-sqlite3 stay external).
 *
 * Printing: the renderer calls window.print(); in Electron that opens the system print dialog for the
 * focused window (webContents.print with the default options), so main needs no print code or IPC for it.
 */

/** JSON lines to stderr and rotating files once start() made the logger; plain stderr before that. */
let logger: NodeLogger | null = null;
const log: Log = (line, details) =>
  logger ? logger.log(line, details) : console.error(`tillpoint: ${line}`, details ?? '');

/** The folder of package.json: the repo for `electron .`, resources/app.asar for a packaged app. */
const appDir = () => app.getAppPath();
const rendererDir = () => path.join(appDir(), 'dist', 'renderer');
const preloadDir = () => path.join(appDir(), 'dist', 'electron');
const layout = () => ({
  appPath: appDir(),
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
});
/** TILLPOINT_NFC=off starts the app without reading cards (a till without a reader, or e2e runs). */
const nfcOption = () =>
  process.env.TILLPOINT_NFC === 'off' ? ('off' as const) : { pcsc: { nfcPcscPath: nfcPcscPath(layout()) } };
/** TILLPOINT_DEMO=1: demo mode, stored-value cards may use the public demo key (README, NFC cards). */
const demoMode = () => process.env.TILLPOINT_DEMO === '1';
/** TILLPOINT_DATA_DIR lets e2e tests give each run its own folder (Actual Budget's ACTUAL_DATA_DIR). */
const dataDir = () => process.env.TILLPOINT_DATA_DIR || path.join(app.getPath('userData'), 'data');
/** The log folder: TILLPOINT_LOG_DIR for tests and kiosks, else the user's log folder (Electron's `logs`). */
const logDir = () => logDirectory(process.env, app.getPath('logs'));
/**
 * DevTools hand whoever stands at the screen `window.tillpoint` (refunds, a bank QR confirmed as paid, the
 * till enrolled to another hub): never in a packaged app, and in development only on request.
 */
const devToolsAllowed = () => !app.isPackaged && process.env.TILLPOINT_DEVTOOLS === '1';

let windows: WindowRegistry | null = null;
let terminal: Terminal | null = null;
let stopIpc: (() => void) | null = null;
/** Set by before-quit: from then on the kiosk's window may close (kiosk-window.ts refuses it otherwise). */
let quitting = false;

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

/**
 * Electron security checklist: no navigation, no new windows, no webviews, no menu, no reload/zoom/DevTools
 * keys, no permission but the camera for our own page.
 */
function lockDownContents(mode: AppMode): void {
  // The default menu carries Reload and Toggle Developer Tools with their accelerators.
  Menu.setApplicationMenu(null);
  const keyOptions = {
    platform: process.platform,
    devToolsAllowed: devToolsAllowed(),
    // a kiosk also swallows the keys that leave it (Alt+F4, F11, Ctrl+W/Q, print, history)
    kiosk: mode === 'kiosk',
  };
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('before-input-event', (event, input) => {
      if (isBlockedKey(input, keyOptions)) event.preventDefault();
    });
    // Ctrl + mouse wheel zooms without a key event: put the zoom straight back.
    contents.on('zoom-changed', () => contents.setZoomLevel(0));
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(grantsPermissionRequest(permission, details, appOrigin));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    grantsPermissionCheck(permission, requestingOrigin, details.mediaType, appOrigin),
  );
}

async function start(): Promise<void> {
  const folder = dataDir();
  let mode: AppMode;
  try {
    // TILLPOINT_KIOSK=1 (tillpoint start --kiosk) or the app binary's --kiosk (the kiosk's systemd unit)
    mode = readAppMode(process.env.TILLPOINT_KIOSK, process.argv);
  } catch (error) {
    refuseToStart('The kiosk setting is not valid', (error as Error).message);
    return;
  }
  const binding = nativeBindingFile(layout());
  if (!existsSync(binding)) {
    refuseToStart(
      'The database driver for Electron is missing',
      app.isPackaged
        ? `${binding} does not exist. This installation is incomplete: reinstall Tillpoint.`
        : `${binding} does not exist. Run "npm start" (it builds it with src/build/electron-native.mjs).`,
    );
    return;
  }
  const logs = logDir();
  try {
    logger = await createNodeLogger({ source: 'till', logDir: logs });
  } catch (error) {
    // a till that cannot write its logs still sells; stderr keeps them
    log(`the log folder ${logs} cannot be written; logging to stderr only`, error);
  }
  log(`logs: ${logs}`, { mode });
  try {
    mkdirSync(folder, { recursive: true });
    terminal = await openTerminal({
      dataDir: folder,
      nativeBinding: binding,
      nfc: nfcOption(),
      demo: demoMode(),
      // a kiosk without a staff PIN is refused here (kiosk.no_staff_pin), before a customer sees it
      kiosk: mode === 'kiosk',
      // TILLPOINT_LANG=zh-CN|en sets the till's language like serve --lang; an unknown one is refused at start
      ...(process.env.TILLPOINT_LANG ? { locale: process.env.TILLPOINT_LANG } : {}),
      // the hub secret sealed by the OS keyring (safeStorage needs the app ready: start runs after whenReady)
      secretBox: desktopSecretBox(safeStorage, folder, log),
      log,
      ...(logger ? { logDir: logs } : {}),
      command: 'desktop app',
    });
    // TILLPOINT_DEMO_STAFF=1, like serve --demo-staff: a till without staff gets the demo manager and cashier
    if (process.env.TILLPOINT_DEMO_STAFF === '1' && (await addDemoStaff(terminal.staff))) {
      log(`demo staff: manager PIN ${DEMO_MANAGER_PIN}, cashier PIN ${DEMO_CASHIER_PIN} (demos only)`);
    }
  } catch (error) {
    const [title, message] = startupFailure(error, folder);
    refuseToStart(title, message);
    return;
  }
  let customerDisplay;
  try {
    customerDisplay = readCustomerDisplaySetting(process.env.TILLPOINT_CUSTOMER_DISPLAY);
  } catch (error) {
    refuseToStart('The customer display setting is not valid', (error as Error).message);
    return;
  }
  handleAppProtocol(rendererDir());
  lockDownContents(mode);
  const registry = createWindowRegistry({
    preloadDir: preloadDir(),
    devTools: devToolsAllowed(),
    windows: windowsFor(mode, customerDisplay),
    log,
    mainClosed: () => app.quit(),
    quitting: () => quitting,
  });
  windows = registry;
  stopIpc = startIpcTransport(terminal, registry, log);
  if (mode === 'kiosk') {
    // Staff left kiosk mode with the PIN: the app ends with exit code 0, which the kiosk's systemd unit
    // does not restart (RestartPreventExitStatus=0); a crash still restarts. The next turn of the event
    // loop, so the admin exit's own answer and journal line are done first.
    terminal.onEvent((...[event]) => {
      if (event !== 'kiosk.exit') return;
      log('kiosk: staff left kiosk mode; quitting');
      setImmediate(() => app.quit());
    });
    // systemctl stop and Ctrl+C end a kiosk cleanly too (its window refuses to close otherwise)
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        log(`${signal}: quitting`);
        quitting = true;
        app.quit();
      });
    }
  }
  registry.openAll();
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Tillpoint owns the database; it focuses its window (below) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    const mainWindow = windows?.get('cashier') ?? windows?.get('kiosk') ?? null;
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  // Closing the cashier's (or the kiosk's) window ends the app on every platform, macOS included
  // (windows.ts quits then: the customer display alone is not a till).
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    stopIpc?.();
    stopIpc = null;
    terminal?.close();
    terminal = null;
    void logger?.close();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const [title, message] = startupFailure(error, dataDir());
      refuseToStart(title, message);
    });
}
