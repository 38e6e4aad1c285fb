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
const SPLIT_UID = '04D1E2F3A4B581';
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
  const amount = topUp.getByLabel('Top-up amount', { exact: true });
  // The hardware keyboard types like the keypad, at a person's pace: digits, Backspace, Delete clears, and
  // Escape closes the dialog with nothing started.
  await page.keyboard.type('995', { delay: 120 });
  await expect(amount).toHaveText('¥9.95');
  await page.keyboard.press('Backspace');
  await expect(amount).toHaveText('¥0.99');
  await page.keyboard.press('Delete');
  await expect(amount).toHaveText('¥0.00');
  await page.keyboard.press('Escape');
  await expect(topUp).toBeHidden();

  await page.getByRole('button', { name: 'Top up card' }).click();
  for (const digit of ['2', '0']) {
    await topUp
      .getByRole('group', { name: 'Keypad' })
      .getByRole('button', { name: digit, exact: true })
      .click();
  }
  await page.keyboard.type('00', { delay: 120 });
  await expect(amount).toHaveText('¥20.00');
  await expect(topUp.getByRole('button', { name: 'Start top-up' })).toBeEnabled();
  // Enter starts the top-up, though a keypad key has the focus
  await page.keyboard.press('Enter');
  await expect(topUp.getByRole('status', { name: 'Card progress' })).toContainText(
    'Tap the card on the reader',
  );
  // the amount of a running top-up no longer changes
  await page.keyboard.type('5', { delay: 120 });
  await expect(amount).toHaveText('¥20.00');
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

test('split tender: the card pays what it holds, the rest in cash', async ({ page }) => {
  await openTill(page);
  // a new card with ¥5.00 on it
  await page.getByRole('button', { name: 'Top up card' }).click();
  const topUp = page.getByRole('dialog', { name: 'Top up card' });
  for (const digit of ['5', '0', '0']) {
    await topUp
      .getByRole('group', { name: 'Keypad' })
      .getByRole('button', { name: digit, exact: true })
      .click();
  }
  await topUp.getByRole('button', { name: 'Start top-up' }).click();
  await card.tap('ntag215', SPLIT_UID);
  await topUp.getByRole('button', { name: 'Confirm top-up' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Card topped up. New balance ¥5.00' }),
  ).toBeVisible();
  await card.remove();

  // two green teas, ¥7.00: the card has less
  await product(page, GREEN_TEA).click();
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
  await expect(pay).toContainText(
    'The card has ¥5.00: take it as a part payment, and the rest by another tender.',
  );
  await pay.getByRole('button', { name: "Take the card's ¥5.00" }).click();
  // a new session for ¥5.00 reads the card still on the reader: the balance goes to ¥0.00
  await expect(pay.getByLabel('Amount due')).toHaveText('¥5.00');
  await expect(pay).toContainText('¥0.00');
  await pay.getByRole('button', { name: 'Confirm payment' }).click();
  await expect(pay).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: '¥5.00 taken. ¥2.00 left to pay.' })).toHaveCount(
    1,
  );
  const ticket = page.getByRole('region', { name: 'Ticket' });
  await expect(ticket.getByLabel('Left to pay')).toHaveText('¥2.00');
  await card.remove();

  // the rest in cash completes the sale with both payments
  await ticket.getByRole('button', { name: 'Cash', exact: true }).click();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await cash.getByRole('button', { name: 'Exact ¥2.00' }).click();
  await cash.getByRole('button', { name: 'Complete sale' }).click();
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText('Paid by card balance');
  await expect(receipt.getByLabel('Total', { exact: true })).toHaveText('¥7.00');
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
