import { BrowserWindow, screen } from 'electron';
import path from 'node:path';
import type { Capability } from '../../src/shared/contract.js';
import type { Log } from '../../src/shared/log.js';
import { appOrigin } from './app-protocol.js';
import type { ModeWindows } from './app-mode.js';
import { chooseCustomerDisplay } from './display-choice.js';
import { attachKioskBehaviour } from './kiosk-window.js';

/**
 * The window registry: every window of the app by kind, each with its own page route, its own preload (the
 * smallest bridge it needs) and the capability its IPC calls get. A till opens the cashier's window and the
 * customer display; a self-service kiosk opens the kiosk's window alone (app-mode.ts).
 */
export type WindowKind = 'cashier' | 'customerDisplay' | 'kiosk';

interface WindowSpec {
  /** the renderer route (App.tsx reads it from the fragment) */
  readonly route: string;
  /** file name in dist/electron */
  readonly preload: string;
  readonly capability: Capability;
  readonly title: string;
}

const specs: Record<WindowKind, WindowSpec> = {
  cashier: { route: '', preload: 'preload.cjs', capability: 'full', title: 'Tillpoint' },
  customerDisplay: {
    route: '#/customer',
    preload: 'customer-display.cjs',
    capability: 'read',
    title: 'Tillpoint customer display',
  },
  kiosk: { route: '#/kiosk', preload: 'kiosk.cjs', capability: 'kiosk', title: 'Tillpoint' },
};

export interface WindowRegistryOptions {
  /** dist/electron: where the preload bundles are */
  readonly preloadDir: string;
  readonly devTools: boolean;
  /** which windows to open: the cashier's (and its customer display as set) or the kiosk's alone */
  readonly windows: ModeWindows;
  readonly log: Log;
  /** the main window (the cashier's or the kiosk's) closed: the app ends (a customer display is not a till) */
  readonly mainClosed: () => void;
  /** true once the app is quitting: only then may the kiosk's window close */
  readonly quitting: () => boolean;
}

export interface WindowRegistry {
  get(kind: WindowKind): BrowserWindow | null;
  /** the open windows that get that capability (the IPC transport asks at every call) */
  withCapability(capability: Capability): BrowserWindow[];
  all(): BrowserWindow[];
  /**
   * opens the main window (cashier or kiosk) and, unless it is off, the customer display; follows displays
   * plugged in and out
   */
  openAll(): void;
}

export function createWindowRegistry(opts: WindowRegistryOptions): WindowRegistry {
  const open = new Map<WindowKind, BrowserWindow>();
  const join = (file: string) => path.join(opts.preloadDir, file);

  function create(kind: WindowKind, extra: Electron.BrowserWindowConstructorOptions): BrowserWindow {
    const spec = specs[kind];
    const win = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 800,
      minHeight: 600,
      title: spec.title,
      show: false,
      backgroundColor: '#ffffff',
      ...extra,
      webPreferences: {
        preload: join(spec.preload),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        webviewTag: false,
        spellcheck: false,
        devTools: opts.devTools,
      },
    });
    // No pinch zoom: the layout is made for the screen it is on.
    void win.webContents.setVisualZoomLevelLimits(1, 1);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (open.get(kind) === win) open.delete(kind);
      if (kind === opts.windows.main) opts.mainClosed();
    });
    void win.loadURL(`${appOrigin}/index.html${spec.route}`);
    open.set(kind, win);
    return win;
  }

  /** Where the customer display is now: full screen on its display, a movable window, or closed. */
  function placeCustomerDisplay(): void {
    const place = chooseCustomerDisplay(
      opts.windows.customerDisplay,
      screen.getAllDisplays(),
      screen.getPrimaryDisplay().id,
    );
    let win = open.get('customerDisplay') ?? null;
    if (place.kind === 'off') {
      win?.close();
      return;
    }
    if (win === null || win.isDestroyed()) {
      win = create('customerDisplay', { width: 1024, height: 768, minWidth: 480, minHeight: 360 });
    }
    if (place.kind === 'display') {
      win.setBounds(place.display.bounds);
      win.setFullScreen(true);
      opts.log(`customer display on display ${place.display.id}`);
    } else {
      // one screen: a window the cashier can move (or close; the payment dialog shows the QR too). Coming
      // back from an unplugged display it would sit where that display was: put it on the primary one.
      const wasOnDisplay = win.isFullScreen();
      if (wasOnDisplay) {
        win.setFullScreen(false);
        const { workArea } = screen.getPrimaryDisplay();
        win.setBounds({ x: workArea.x + 40, y: workArea.y + 40, width: 1024, height: 768 });
      }
      opts.log('customer display in a window (no second display)');
    }
  }

  return {
    get: (kind) => {
      const win = open.get(kind);
      return win === undefined || win.isDestroyed() ? null : win;
    },
    withCapability: (capability) =>
      [...open.entries()]
        .filter(([kind, win]) => specs[kind].capability === capability && !win.isDestroyed())
        .map(([, win]) => win),
    all: () => [...open.values()].filter((win) => !win.isDestroyed()),
    openAll() {
      if (opts.windows.main === 'kiosk') {
        // full screen on the primary display; `kiosk: true` adds what the OS allows (macOS: no Dock, no
        // menu bar, no app switching), on Linux and Windows the session does (README)
        const kiosk = create('kiosk', { fullscreen: true, kiosk: true, autoHideMenuBar: true, frame: false });
        attachKioskBehaviour(kiosk, { log: opts.log, quitting: opts.quitting });
      } else {
        create('cashier', {});
      }
      placeCustomerDisplay();
      screen.on('display-added', placeCustomerDisplay);
      screen.on('display-removed', placeCustomerDisplay);
      screen.on('display-metrics-changed', placeCustomerDisplay);
    },
  };
}
