import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startTill, test } from './fixtures.js';

/**
 * Stored-value cards need the shop's key (`<data>/stored-value.json`) or demo mode (`serve --demo`): the
 * public demo key is never used silently. Without either, the card tenders are disabled with the reason;
 * in demo mode the status bar says "Demo card key". `tillpoint serve --no-nfc` and Chromium, no card reader.
 */

const WATER = '矿泉水 550ml'; // Mineral Water 550 ml, ¥2.00

async function ringUpWater(page: Page, url: string) {
  await page.goto(url);
  await page
    .getByRole('region', { name: 'Products' })
    .getByRole('button', { name: new RegExp(`^${WATER} `) })
    .click();
  await expect(
    page.getByRole('region', { name: 'Ticket' }).getByRole('listitem', { name: WATER }),
  ).toBeVisible();
}

test('without stored-value.json: Card balance and Top up are off, with the reason', async ({
  page,
  till,
}) => {
  await ringUpWater(page, till.url);
  const reason = `Stored-value cards are not set up on this till: put the shop's card key in ${path.join(till.dataDir, 'stored-value.json')}.`;
  const cardPay = page
    .getByRole('group', { name: 'Take payment' })
    .getByRole('button', { name: 'Card balance' });
  await expect(cardPay).toBeDisabled();
  await expect(cardPay).toHaveAccessibleDescription(`Card balance not available: ${reason}`);
  await expect(page.getByText(`Card balance not available: ${reason}`)).toBeVisible();
  const topUp = page.getByRole('button', { name: 'Top up card' });
  await expect(topUp).toBeDisabled();
  await expect(topUp).toHaveAccessibleDescription(`Top up not available: ${reason}`);
  await expect(page.getByRole('list', { name: 'Status' })).not.toContainText('Demo card key');
  // cash still works
  await expect(
    page.getByRole('group', { name: 'Take payment' }).getByRole('button', { name: 'Cash' }),
  ).toBeEnabled();
});

test('serve --demo: the status bar says "Demo card key" and the card tenders are on', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-demo-'));
  const till = await startTill(dataDir, ['--demo']);
  try {
    await ringUpWater(page, till.url);
    await expect(page.getByRole('list', { name: 'Status' })).toContainText('Demo card key');
    await expect(
      page.getByRole('group', { name: 'Take payment' }).getByRole('button', { name: 'Card balance' }),
    ).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Top up card' })).toBeEnabled();
  } finally {
    await till.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
