import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, repoRoot, startTill, test } from './fixtures.js';
import {
  pcscUnavailableReason,
  startCard,
  startPcscd,
  type CardEmulator,
  type PcscdProcess,
} from './nfc/pcsc-harness.js';
import { requireService } from './require-service.js';
import { WATER, ticket } from './sale-steps.js';

/**
 * Staff badges tapped on a real PC/SC stack (pcscd, the vpcd virtual reader, an emulated card) through
 * `tillpoint serve --nfc`: a badge signs the lock screen in, any other card there is refused as no badge,
 * and a manager's badge approves on the approval pad. Run under `flock /tmp/tillpoint-pcsc.lock`.
 */
test.describe.configure({ mode: 'serial' });

const BADGE_UID = '04B4D6E8F0A2C4';
const OTHER_UID = '04D1E2F3A4B580';
const cli = path.join(repoRoot, 'dist', 'cli', 'tillpoint.mjs');

let pcscd: PcscdProcess | null = null;
let card: CardEmulator;
let till: Awaited<ReturnType<typeof startTill>>;
let dataDir: string;

function staffAdd(args: string[]): void {
  const run = spawnSync(process.execPath, [cli, 'staff', 'add', ...args, '--data', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, TILLPOINT_LANG: 'en' },
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`staff add failed: ${run.stderr}`);
}

test.beforeAll(async () => {
  const reason = requireService('PC/SC stack', await pcscUnavailableReason());
  if (reason) {
    test.skip(true, reason);
    return;
  }
  pcscd = await startPcscd();
  dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-staff-badge-'));
  staffAdd(['--role', 'manager', '--name', 'Mei Manager', '--pin', '2468', '--badge', BADGE_UID]);
  staffAdd(['--role', 'cashier', '--name', 'Chen Cashier', '--pin', '1357']);
  till = await startTill(dataDir, ['--nfc']);
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

const lockScreen = (page: Page) => page.getByRole('heading', { name: 'Till locked' });
const readerReady = (page: Page) =>
  expect(page.getByRole('list', { name: 'Status' })).toContainText('Card reader: ready');

test('a badge tapped on the lock screen signs in; another card is not a badge', async ({ page }) => {
  await page.goto(till.url);
  await expect(lockScreen(page)).toBeVisible();
  await card.tap('ntag215', OTHER_UID);
  await expect(page.getByRole('alert')).toHaveText('That card is not a staff badge of this till.');
  await card.remove();
  await card.tap('ntag215', BADGE_UID);
  await expect(ticket(page)).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Signed in: Mei Manager');
  await card.remove();
  await readerReady(page);
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(lockScreen(page)).toBeVisible();
});

test("a cashier's void is approved by a tap of the manager's badge", async ({ page }) => {
  await page.goto(till.url);
  await expect(lockScreen(page)).toBeVisible();
  await page.keyboard.type('1357');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('banner')).toContainText('Signed in: Chen Cashier');
  await readerReady(page);
  await page
    .getByRole('region', { name: 'Products' })
    .getByRole('button', { name: new RegExp(`^${WATER} `) })
    .click();
  await ticket(page).getByRole('button', { name: 'Void ticket' }).click();
  await page
    .getByRole('dialog', { name: 'Void ticket' })
    .getByRole('button', { name: 'Void ticket' })
    .click();
  const pad = page.getByRole('dialog', { name: 'Manager approval' });
  await expect(pad).toContainText('Or the manager taps their staff badge on the card reader.');
  await card.tap('ntag215', BADGE_UID);
  await expect(pad).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Ticket voided' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Signed in: Chen Cashier');
});
