import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, startTill, test } from './fixtures.js';
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
 * Issue 4 in Chromium through `tillpoint serve --nfc`: a real pcscd with the vpcd virtual reader and an
 * emulated card (e2e/nfc/card-emulator.py). One pcscd serves the machine, so the tests of this file run one
 * after the other and every other spec's till runs with --no-nfc (fixtures.ts).
 */
test.describe.configure({ mode: 'serial' });

const MEMBER_UID = '04A2240A1B2C80'; // Li Wei, 10 % off (assets/demo-members.json)
const BLANK_UID = '04D1E2F3A4B580';
const GREEN_TEA = '绿茶 500ml'; // Green Tea 500 ml, ¥3.50

let pcscd: PcscdProcess | null = null;
let card: CardEmulator;
let till: Awaited<ReturnType<typeof startTill>>;
let dataDir: string;

test.beforeAll(async () => {
  // printed and skipped without the PC/SC stack; under CI every test here fails instead (requireService)
  const reason = requireService('PC/SC stack', await pcscUnavailableReason());
  if (reason) {
    test.skip(true, reason);
    return;
  }
  pcscd = await startPcscd();
  dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-nfc-'));
  // the demo card key: the emulated cards are written with it
  till = await startTill(dataDir, ['--nfc', '--demo']);
});
test.afterAll(async () => {
  await till?.stop();
  await pcscd?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
test.beforeEach(async () => {
  card = await startCard();
});
test.afterEach(async () => {
  await card?.stop();
});

async function openTill(page: Page) {
  await page.goto(till.url);
  await expect(page.getByRole('region', { name: 'Ticket' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Status' })).toContainText('Card reader: ready');
}

const product = (page: Page, name: string) =>
  page.getByRole('region', { name: 'Products' }).getByRole('button', { name: new RegExp(`^${name} `) });

test('tapping a membership card attaches the member and their discount to the ticket', async ({ page }) => {
  await openTill(page);
  await product(page, GREEN_TEA).click();
  await card.tap('ntag215', MEMBER_UID);
  await expect(page.getByRole('status').filter({ hasText: 'Member Li Wei attached: 10% off' })).toBeVisible();
  const member = page.getByRole('region', { name: 'Member', exact: true });
  await expect(member).toContainText('Li Wei');
  await expect(page.getByRole('list', { name: 'Status' })).toContainText('Card reader: card on reader');
  await card.remove();
  await expect(page.getByRole('list', { name: 'Status' })).toContainText('Card reader: ready');
  // the member's 10 % off ¥3.50: −¥0.35
  await expect(page.getByRole('region', { name: 'Ticket' })).toContainText('¥3.15');
  await page.getByRole('button', { name: 'Remove member' }).click();
  await expect(member).toHaveCount(0);
  await page.getByRole('region', { name: 'Ticket' }).getByRole('button', { name: 'Void ticket' }).click();
  await page
    .getByRole('dialog', { name: 'Void ticket' })
    .getByRole('button', { name: 'Void ticket' })
    .click();
  await expect(page.getByRole('status')).toHaveText('Ticket voided');
});

test('a bank card or phone wallet is sent to the card terminal', async ({ page }) => {
  await openTill(page);
  await card.tapIso14443_4(LONG_PPSE_FCI);
  await expect(page.getByRole('alert')).toContainText(
    'This is a bank card or phone wallet: use the card terminal for it.',
  );
});

test('top up a blank card with cash, then pay a sale from its balance', async ({ page }) => {
  await openTill(page);
  // Top up ¥20.00 onto a blank NTAG215: it becomes a new card
  await page.getByRole('button', { name: 'Top up card' }).click();
  const topUp = page.getByRole('dialog', { name: 'Top up card' });
  for (const digit of ['2', '0', '0', '0']) {
    await topUp
      .getByRole('group', { name: 'Keypad' })
      .getByRole('button', { name: digit, exact: true })
      .click();
  }
  await topUp.getByRole('button', { name: 'Start top-up' }).click();
  await expect(topUp.getByRole('status', { name: 'Card progress' })).toContainText(
    'Tap the card on the reader',
  );
  await card.tap('ntag215', BLANK_UID);
  await expect(topUp).toContainText('New card');
  await topUp.getByRole('button', { name: 'Confirm top-up' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Card topped up. New balance ¥20.00' }),
  ).toBeVisible();
  await card.remove();

  // Pay ¥3.50 from it
  await product(page, GREEN_TEA).click();
  await page
    .getByRole('group', { name: 'Take payment' })
    .getByRole('button', { name: 'Card balance' })
    .click();
  const pay = page.getByRole('dialog', { name: 'Pay with card balance' });
  await expect(pay.getByRole('status', { name: 'Card progress' })).toContainText(
    'Tap the card on the reader',
  );
  await card.retap();
  await expect(pay).toContainText('¥20.00');
  await expect(pay).toContainText('¥16.50');
  await pay.getByRole('button', { name: 'Confirm payment' }).click();
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText('Paid by card balance');
  await expect(receipt).toContainText('¥16.50');
  await card.remove();

  // the sale is in the history after a restart, and the card holds what the receipt says
  await till.restart();
  await page.goto(till.url);
  await page.getByRole('button', { name: 'Sales history' }).click();
  await expect(page.getByRole('main')).toContainText('¥3.50');
  await card.retap();
  await expect(page.getByRole('status').filter({ hasText: 'Card balance: ¥16.50' })).toBeVisible();
});

test('pcscd gone: the status bar says so, the till keeps selling, and taps work again once it is back', async ({
  page,
}) => {
  await openTill(page);
  const status = page.getByRole('list', { name: 'Status' });
  await pcscd!.stop();
  await expect(status).toContainText('Card reader: unavailable');
  await product(page, GREEN_TEA).click();
  await expect(page.getByRole('region', { name: 'Ticket' })).toContainText(GREEN_TEA);
  pcscd = await startPcscd();
  await expect(status).toContainText('Card reader: ready');
  await card.tap('ntag215', MEMBER_UID);
  await expect(page.getByRole('status').filter({ hasText: 'Member Li Wei attached: 10% off' })).toBeVisible();
});
