import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTill, test } from './fixtures.js';
import {
  basketLine,
  expect,
  openKiosk,
  productTile,
  START,
  startKiosk,
  startShopping,
  TEA,
  viewports,
  type KioskTill,
} from './kiosk-steps.js';
import {
  LONG_PPSE_FCI,
  pcscUnavailableReason,
  startCard,
  startPcscd,
  type CardEmulator,
  type PcscdProcess,
} from './nfc/pcsc-harness.js';
import { requireService } from './require-service.js';

/**
 * Paying at the kiosk with the shop's stored-value card, through the real PC/SC stack (pcscd, the vpcd
 * reader, e2e/nfc/card-emulator.py): the card is first topped up at a cashier till on the demo card key,
 * then the kiosk (`serve --kiosk --nfc --demo`) takes the tap. One pcscd serves the machine: run under
 * `flock /tmp/tillpoint-pcsc.lock`, one test after the other.
 */
test.describe.configure({ mode: 'serial' });

const CARD_UID = '04C1D2E3F4A580';

let pcscd: PcscdProcess | null = null;
let card: CardEmulator;
const folders: string[] = [];

test.beforeAll(async () => {
  const reason = requireService('PC/SC stack', await pcscUnavailableReason());
  if (reason) {
    test.skip(true, reason);
    return;
  }
  pcscd = await startPcscd();
});
test.afterAll(async () => {
  await pcscd?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
test.beforeEach(async () => {
  card = await startCard();
});
test.afterEach(async () => {
  await card?.stop();
});

const folder = (name: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `tillpoint-e2e-kiosk-${name}-`));
  folders.push(dir);
  return dir;
};

/**
 * ¥20.00 onto a blank card at the shop's till (a kiosk takes no cash, so it cannot top up), on the data
 * folder the kiosk then runs on: the same shop.
 */
async function topUpAtTheCounter(page: Page, dataDir: string): Promise<void> {
  const till = await startTill(dataDir, ['--nfc', '--demo']);
  try {
    await page.goto(till.url);
    await page.getByRole('button', { name: 'Top up card' }).click();
    const topUp = page.getByRole('dialog', { name: 'Top up card' });
    for (const digit of ['2', '0', '0', '0']) {
      await topUp
        .getByRole('group', { name: 'Keypad' })
        .getByRole('button', { name: digit, exact: true })
        .click();
    }
    await topUp.getByRole('button', { name: 'Start top-up' }).click();
    await card.tap('ntag215', CARD_UID);
    await topUp.getByRole('button', { name: 'Confirm top-up' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'New balance ¥20.00' })).toBeVisible();
    await card.remove();
  } finally {
    await till.stop();
  }
}

for (const viewport of viewports) {
  test(`kiosk ${viewport.name}: pay with a stored-value card; a bank card is refused with a message`, async ({
    browser,
  }) => {
    const dataDir = folder('shop');
    const counter = await browser.newPage();
    await topUpAtTheCounter(counter, dataDir);
    await counter.close();

    let kiosk: KioskTill | undefined;
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      hasTouch: true,
    });
    try {
      kiosk = await startKiosk(dataDir, ['--nfc']);
      const page = await context.newPage();
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await productTile(page, TEA.en).tap();
      await expect(basketLine(page, TEA.en)).toBeVisible();

      await page.getByRole('button', { name: 'Pay', exact: true }).tap();
      await page.getByRole('button', { name: 'Stored-value card' }).tap();
      const pay = page.getByRole('region', { name: 'Stored-value card' });
      await expect(pay.getByRole('status', { name: 'Card progress' })).toContainText(
        'Tap the card on the reader',
      );
      await card.tap('ntag215', CARD_UID);
      await expect(pay.getByLabel('Balance', { exact: true })).toHaveText('¥20.00');
      await expect(pay.getByLabel('New balance', { exact: true })).toHaveText('¥16.50');
      await pay.getByRole('button', { name: 'Pay ¥3.50 from the card' }).tap();
      await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole('region', { name: 'Thank you' })).toContainText('¥16.50');
      await expect(page.getByLabel('Receipt code')).toHaveText(/\S{6,}/);
      await card.remove();

      // the next customer taps a bank card (another card: the emulator's tag is gone after this)
      await page.getByRole('button', { name: 'Done' }).tap();
      await page.getByRole('button', { name: START['zh-CN'] }).tap();
      await productTile(page, TEA.zh, '商品').tap();
      // a bank card on the reader: not a way to pay here, said in the till's language to this customer
      await card.tapIso14443_4(LONG_PPSE_FCI);
      await expect(page.getByRole('alert')).toHaveText('此处不接受银行卡，请使用钱包付款或储值卡。');
      await card.remove();
    } finally {
      await context.close();
      await kiosk?.stop();
    }
  });
}
