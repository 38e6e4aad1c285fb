import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../src/cli/electron-binary.js';
import { kioskMethodNames } from '../src/shared/api-methods.js';
import { kioskForbiddenMessage } from '../src/shared/dispatch.js';

/**
 * The desktop app itself: `electron .` (dist/electron/main.cjs, the sandboxed preload, app://tillpoint/)
 * with its own data folder (Actual Budget's e2e fixture: `_electron.launch({ args: ['.'], env: { ...,
 * ACTUAL_DATA_DIR } })`). Needs `npm run build` and the Electron build of better-sqlite3
 * (src/build/electron-native.mjs). Where the Electron binary was never downloaded (CI sets
 * ELECTRON_SKIP_BINARY_DOWNLOAD) the test skips and says why. The binary is looked up without
 * require('electron'), which since Electron 45 starts a download when the binary is missing.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lookup = findElectronBinary(repoRoot);

/**
 * A call on the app's one IPC channel as main receives it from that window (its real webContents and main
 * frame as the sender): the display's and the kiosk's preloads have no write method to call it with, so
 * this is how a page that reached ipcRenderer anyway would be answered. `_invokeHandlers` is where
 * Electron's ipcMain keeps the handle() callbacks (lib/browser/ipc-main-impl.ts).
 */
async function callAsWindow(
  app: ElectronApplication,
  route: string,
  method: string,
  params: unknown,
): Promise<unknown> {
  return app.evaluate(
    async ({ BrowserWindow, ipcMain }, { route, method, params }) => {
      const win = BrowserWindow.getAllWindows().find((w) => new URL(w.webContents.getURL()).hash === route);
      if (win === undefined) throw new Error(`no window on ${route}`);
      const handlers = (
        ipcMain as unknown as { _invokeHandlers: Map<string, (...args: unknown[]) => unknown> }
      )._invokeHandlers;
      const handler = handlers.get('tillpoint:call');
      if (handler === undefined) throw new Error('the IPC transport is not registered');
      const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
      return handler(event, method, params);
    },
    { route, method, params },
  );
}

test('the Electron cashier window is isolated and sells a product for cash', async () => {
  if (!lookup.found) {
    console.log(`electron.spec: skipped, no Electron binary: ${lookup.reason}`);
    test.skip(true, `no Electron binary: ${lookup.reason}`);
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-electron-'));
  const app = await electron.launch({
    executablePath: lookup.binary,
    args: ['.'],
    cwd: repoRoot,
    env: {
      ...process.env,
      TILLPOINT_DATA_DIR: dataDir,
      TILLPOINT_LOG_DIR: path.join(dataDir, 'logs'),
      TILLPOINT_NFC: 'off',
      // its assertions are in English; a fresh demo till would speak the seed's zh-CN
      TILLPOINT_LANG: 'en',
      TILLPOINT_DEVTOOLS: '',
    },
  });
  try {
    const page = await app.firstWindow();
    expect(page.url()).toMatch(/^app:\/\/tillpoint\//);

    // contextIsolation + sandbox: no Node in the page; window.tillpoint holds only the contract's functions.
    const exposed = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const api = w.tillpoint as Record<string, unknown> | undefined;
      return {
        require: typeof w.require,
        process: typeof w.process,
        members: api === undefined ? null : Object.entries(api).map(([name, value]) => [name, typeof value]),
      };
    });
    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    expect(exposed.members).not.toBeNull();
    const names = (exposed.members ?? []).map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['on', 'sale.start', 'sale.complete', 'catalog.search']));
    for (const [name, kind] of exposed.members ?? []) expect(kind, name).toBe('function');

    // Lock-down: no menu (it carries Reload and Toggle Developer Tools), and DevTools cannot be opened.
    const lockDown = await app.evaluate(({ BrowserWindow, Menu }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      contents?.openDevTools();
      return { menu: Menu.getApplicationMenu(), devTools: contents?.isDevToolsOpened() ?? null };
    });
    expect(lockDown).toEqual({ menu: null, devTools: false });

    // Ring up one product, pay cash, see the receipt (roles and names shared with e2e/cashier.spec.ts).
    await page
      .getByRole('region', { name: 'Products' })
      .getByRole('button', { name: /^绿茶/ })
      .first()
      .click();
    await page.getByRole('region', { name: 'Ticket' }).getByRole('button', { name: 'Cash' }).click();
    const cash = page.getByRole('dialog', { name: 'Cash payment' });
    for (const key of ['5', '0', '0']) await cash.getByRole('button', { name: key, exact: true }).click();
    await cash.getByRole('button', { name: 'Complete sale' }).click();

    const receipt = page.getByRole('region', { name: 'Receipt' });
    await expect(receipt.getByRole('heading', { name: 'Receipt' })).toBeVisible();
    await expect(receipt).toContainText('绿茶');
    await expect(receipt.getByLabel('Cash tendered')).toHaveText('¥5.00');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the customer display window follows the cashier and gets only the read methods', async () => {
  if (!lookup.found) {
    console.log(`electron.spec: skipped, no Electron binary: ${lookup.reason}`);
    test.skip(true, `no Electron binary: ${lookup.reason}`);
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-electron-display-'));
  const app = await electron.launch({
    executablePath: lookup.binary,
    args: ['.'],
    cwd: repoRoot,
    env: {
      ...process.env,
      TILLPOINT_DATA_DIR: dataDir,
      TILLPOINT_LOG_DIR: path.join(dataDir, 'logs'),
      TILLPOINT_NFC: 'off',
      TILLPOINT_DEVTOOLS: '',
      // on a second display when there is one, else a window: both are a second window here
      TILLPOINT_CUSTOMER_DISPLAY: 'auto',
    },
  });
  try {
    await expect.poll(() => app.windows().length, { timeout: 20_000 }).toBe(2);
    const byRoute = (customer: boolean) =>
      app.windows().find((w) => new URL(w.url()).hash === (customer ? '#/customer' : ''))!;
    const cashier = byRoute(false);
    const display = byRoute(true);
    expect(display.url()).toMatch(/^app:\/\/tillpoint\/index\.html#\/customer$/);

    // its own preload: the read methods and `on`, not one method that changes a sale
    const names = await display.evaluate(() =>
      Object.keys((window as unknown as { tillpoint: Record<string, unknown> }).tillpoint).sort(),
    );
    expect(names).toEqual(
      [
        'catalog.categories',
        'catalog.search',
        'catalog.taxRates',
        'on',
        'payment.current',
        'payment.get',
        'payment.options',
        'sale.current',
        'terminal.info',
      ].sort(),
    );
    await expect(display.getByRole('heading', { name: /^Welcome to / })).toBeVisible();

    await cashier
      .getByRole('region', { name: 'Products' })
      .getByRole('button', { name: /^绿茶/ })
      .first()
      .click();
    await expect(display.getByRole('list', { name: 'Your items' }).getByRole('listitem')).toHaveCount(1);
    await expect(display.getByRole('button')).toHaveCount(0);

    // a change asked for on the channel from the display's window is refused by main, by the window
    const sale = (await callAsWindow(app, '#/customer', 'sale.current', {})) as {
      ok: true;
      value: { id: string };
    };
    expect(sale.ok).toBe(true);
    expect(await callAsWindow(app, '#/customer', 'sale.void', { saleId: sale.value.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', details: { method: 'sale.void' } },
    });
    await expect(display.getByRole('list', { name: 'Your items' }).getByRole('listitem')).toHaveCount(1);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** The kiosk's env: its own data folder, demo mode for the demo staff PIN, no NFC, English. */
function kioskEnv(dataDir: string): Record<string, string> {
  return {
    // Playwright takes string values only; an unset variable is simply not in process.env
    ...(process.env as Record<string, string>),
    TILLPOINT_DATA_DIR: dataDir,
    TILLPOINT_LOG_DIR: path.join(dataDir, 'logs'),
    TILLPOINT_NFC: 'off',
    TILLPOINT_LANG: 'en',
    TILLPOINT_DEVTOOLS: '',
    TILLPOINT_KIOSK: '1',
    TILLPOINT_DEMO: '1',
    // a kiosk never opens the customer display, whatever this says
    TILLPOINT_CUSTOMER_DISPLAY: 'auto',
  };
}

type Api = Record<string, ((params?: unknown) => Promise<{ ok: boolean; value?: unknown }>) | undefined>;

test('the Electron kiosk opens alone, full screen on #/kiosk, with only the kiosk methods', async () => {
  if (!lookup.found) {
    console.log(`electron.spec: skipped, no Electron binary: ${lookup.reason}`);
    test.skip(true, `no Electron binary: ${lookup.reason}`);
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-electron-kiosk-'));
  const app = await electron.launch({
    executablePath: lookup.binary,
    args: ['.'],
    cwd: repoRoot,
    env: kioskEnv(dataDir),
  });
  try {
    const page = await app.firstWindow();
    await expect.poll(() => page.url()).toMatch(/^app:\/\/tillpoint\/index\.html#\/kiosk$/);
    const state = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({
        fullScreen: w.isFullScreen(),
        kiosk: w.isKiosk(),
        menuBar: w.isMenuBarVisible(),
      })),
    );
    // one window: no cashier screen and no customer display beside a kiosk
    expect(state).toEqual([{ fullScreen: true, kiosk: true, menuBar: false }]);

    const names = await page.evaluate(() =>
      Object.keys((window as unknown as { tillpoint: Record<string, unknown> }).tillpoint).sort(),
    );
    expect(names).toEqual([...kioskMethodNames, 'on'].sort());
    const exposed = await page.evaluate(() => {
      const api = (window as unknown as { tillpoint: Record<string, unknown> }).tillpoint;
      return {
        complete: typeof api['sale.complete'],
        refund: typeof api['sale.refund'],
        start: typeof api['sale.start'],
      };
    });
    expect(exposed).toEqual({ complete: 'undefined', refund: 'undefined', start: 'function' });

    // and the channel itself answers a cashier's method from this window with the kiosk's refusal
    expect(await callAsWindow(app, '#/kiosk', 'sales.list', {})).toEqual({
      ok: false,
      error: { code: 'forbidden', message: kioskForbiddenMessage, details: { method: 'sales.list' } },
    });

    // Alt+F4 and closing the window do not leave the kiosk
    await page.keyboard.press('Alt+F4');
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a crashed kiosk page is reloaded with the basket intact', async () => {
  if (!lookup.found) {
    console.log(`electron.spec: skipped, no Electron binary: ${lookup.reason}`);
    test.skip(true, `no Electron binary: ${lookup.reason}`);
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-electron-kiosk-crash-'));
  const app = await electron.launch({
    executablePath: lookup.binary,
    args: ['.'],
    cwd: repoRoot,
    env: kioskEnv(dataDir),
  });
  try {
    const page = await app.firstWindow();
    await expect.poll(() => page.url()).toMatch(/#\/kiosk$/);
    const basket = await page.evaluate(async () => {
      const api = (window as unknown as { tillpoint: Api }).tillpoint;
      const sale = (await api['sale.start']!()) as { ok: true; value: { id: string } };
      const found = (await api['catalog.search']!({ query: 'Green Tea' })) as {
        ok: true;
        value: { id: string }[];
      };
      const added = (await api['sale.addProduct']!({
        saleId: sale.value.id,
        productId: found.value[0]!.id,
        quantity: 2,
      })) as { ok: true; value: { id: string; lines: unknown[] } };
      return added.value;
    });
    expect(basket.lines).toHaveLength(1);

    const reloaded = page.waitForEvent('load');
    await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.webContents.forcefullyCrashRenderer(),
    );
    await reloaded;
    expect(page.url()).toMatch(/#\/kiosk$/);
    const after = await page.evaluate(async () => {
      const api = (window as unknown as { tillpoint: Api }).tillpoint;
      return (await api['sale.current']!()) as { ok: true; value: { id: string; lines: unknown[] } };
    });
    expect(after.value).toMatchObject({ id: basket.id, lines: basket.lines });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the staff PIN ends the Electron kiosk (kiosk.exit quits the app)', async () => {
  if (!lookup.found) {
    console.log(`electron.spec: skipped, no Electron binary: ${lookup.reason}`);
    test.skip(true, `no Electron binary: ${lookup.reason}`);
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-electron-kiosk-exit-'));
  const app = await electron.launch({
    executablePath: lookup.binary,
    args: ['.'],
    cwd: repoRoot,
    env: kioskEnv(dataDir),
  });
  try {
    const page = await app.firstWindow();
    await expect.poll(() => page.url()).toMatch(/#\/kiosk$/);
    const closed = new Promise<void>((resolve) => app.once('close', () => resolve()));
    // the demo staff PIN (demo mode); the answer may not arrive before the window goes
    void page
      .evaluate(() =>
        (window as unknown as { tillpoint: Api }).tillpoint['kiosk.adminExit']!({ pin: '1234' }),
      )
      .catch(() => undefined);
    await closed;
    expect(app.process().exitCode).toBe(0);
  } finally {
    await app.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
