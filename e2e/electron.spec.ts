import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../src/cli/electron-binary.js';

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
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
