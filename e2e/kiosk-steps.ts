import { expect, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gatewayFixture, spawnCli, stopServe, test as base, type Gateway } from './fixtures.js';

/**
 * What the kiosk specs share: a real till started as a kiosk (`serve --kiosk --demo`, the public demo PIN
 * 1234, the demo catalog in Chinese with English second names), the real sandbox gateway, and the steps a
 * customer takes, found by role and name. The till speaks zh-CN (the demo shop's language); a spec picks
 * English on the attract screen, as a customer would.
 */
const KIOSK_LINE = /^Tillpoint kiosk: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;

export const DEMO_PIN = '1234';
/** the kiosk's name (the terminal's), as a Chinese shop names it */
export const SHOP = '自助收银 1号';
/** Demo catalog (assets/demo-catalog.json): name, English second name, barcode, price. */
export const WATER = {
  zh: '矿泉水 550ml',
  en: 'Mineral Water 550 ml',
  barcode: '6901234567892',
  price: '¥2.00',
};
export const TEA = { zh: '绿茶 500ml', en: 'Green Tea 500 ml', barcode: '6914074011135', price: '¥3.50' };
/** age-restricted: a kiosk needs the attendant before it is paid for */
export const BEER = { zh: '啤酒 500ml', en: 'Beer 500 ml', barcode: '6914297017914', price: '¥6.90' };
/** A valid EAN-13 that is not in the catalog. */
export const UNKNOWN_EAN = '4006381333931';

export interface KioskTill {
  readonly url: string;
  readonly dataDir: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

/** `serve --kiosk` on `dataDir`; resolves with the kiosk link it prints. */
export async function startKiosk(dataDir: string, extraArgs: readonly string[] = []): Promise<KioskTill> {
  const log: string[] = [];
  const nfc = extraArgs.includes('--nfc') ? [] : ['--no-nfc'];
  const running = await spawnCli(
    'serve --kiosk',
    [
      'serve',
      '--kiosk',
      '--demo',
      '--lang',
      'zh-CN',
      '--name',
      SHOP,
      '--port',
      '0',
      '--data',
      dataDir,
      ...nfc,
      ...extraArgs,
    ],
    [KIOSK_LINE],
    log,
  );
  return {
    url: running.url,
    dataDir,
    log: () => log.join(''),
    stop: () => stopServe(running),
  };
}

/** A kiosk till with the sandbox gateway for its wallets, each test on its own data folder. */
export const test = base.extend<{ gateway: Gateway; kiosk: KioskTill }>({
  gateway: gatewayFixture,
  kiosk: async ({ gateway }, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-kiosk-'));
    const kiosk = await startKiosk(dataDir, ['--gateway', gateway.url]);
    try {
      await use(kiosk);
    } finally {
      await kiosk.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export const viewports = [
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'portrait', width: 1080, height: 1920 },
] as const;

export const START = { en: 'Touch or scan to start', 'zh-CN': '点击屏幕或扫码开始' } as const;

/** Opens the kiosk (in zh-CN, the till's language) and, for 'en', picks English as a customer would. */
export async function openKiosk(page: Page, url: string, lang: 'en' | 'zh-CN' = 'en'): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('button', { name: START['zh-CN'] })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  if (lang === 'en') {
    const english = page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' });
    // a touch screen is tapped; the fake-camera browser (kiosk-camera.spec.ts) has only a mouse
    if (await page.evaluate(() => navigator.maxTouchPoints > 0)) await english.tap();
    else await english.click();
    await expect(page.getByRole('button', { name: START.en })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
}

export async function startShopping(page: Page): Promise<void> {
  await page.getByRole('button', { name: START.en }).tap();
  await expect(page.getByRole('navigation', { name: 'Categories' })).toBeVisible();
}

export const basket = (page: Page): Locator => page.getByRole('region', { name: 'Your basket' });
export const basketLine = (page: Page, name: string): Locator =>
  basket(page).getByRole('listitem', { name, exact: true });
export const productTile = (page: Page, name: string, region = 'Products'): Locator =>
  page
    .getByRole('region', { name: region, exact: true })
    .getByRole('button', { name: new RegExp(`^${escape(name)} `) });

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A keyboard-wedge scanner's burst (one evaluate, see qr-payment.spec.ts for why). */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.evaluate((text) => {
    (document.activeElement as HTMLElement | null)?.blur();
    for (const key of [...text, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      window.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    }
  }, code);
}

/** Types a staff PIN on the PIN pad's keys and presses OK. */
export async function enterPin(dialog: Locator, pin: string): Promise<void> {
  const keys = dialog.getByRole('group', { name: 'PIN keys' });
  for (const digit of pin) await keys.getByRole('button', { name: digit, exact: true }).tap();
  await keys.getByRole('button', { name: 'OK' }).tap();
}

export { expect };

/**
 * Records every heading the page shows from now on: a screen that lasts only as long as the sandbox takes
 * to answer (e.g. "Cancelling your payment…" while a reversal runs) is still seen to have been shown.
 */
export async function recordHeadings(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { kioskHeadings: string[] }).kioskHeadings = seen;
    const note = () => {
      for (const heading of document.querySelectorAll('h1, h2')) {
        const text = heading.textContent ?? '';
        if (!seen.includes(text)) seen.push(text);
      }
    };
    new MutationObserver(note).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { kioskHeadings: string[] }).kioskHeadings);
}
