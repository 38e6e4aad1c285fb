import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  expect,
  expectWalletReceipt,
  openTillWithTea,
  qrDialog,
  startTill,
  test,
  type IssuedCode,
} from './wallet-fixtures.js';

/**
 * Issue 5 section 4 on screen: each non-cash tender's offline headroom is shown by its button before the
 * cashier picks it, a tender past its limit is disabled with its reason, and cash always sells. No hub is
 * enrolled, so every sale stays unsynced.
 */
test('offline limits: what is left is on the tenders, a tender past its limit is disabled with why, cash still sells', async ({
  page,
  gateway,
}) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-offline-'));
  writeFileSync(
    path.join(dataDir, 'offline-policy.json'),
    JSON.stringify({ tenders: { wallet: { maxCount: 1 }, 'stored-value': { maxAmount: 300 } } }),
  );
  // --demo: the card tender is on (demo key), so it is the offline limit that refuses it
  const till = await startTill(dataDir, ['--gateway', gateway.url, '--demo']);
  try {
    await openTillWithTea(page, till.url); // ¥3.50
    const tenders = page.getByRole('group', { name: 'Take payment' });
    const notes = page.getByRole('list', { name: 'Offline limits' });
    const qrPay = tenders.getByRole('button', { name: 'QR pay' });
    const cardPay = tenders.getByRole('button', { name: 'Card balance' });

    await expect(notes).toContainText('Wallet offline: 1 more sale');
    await expect(qrPay).toBeEnabled();
    await expect(qrPay).toHaveAccessibleDescription('Wallet offline: 1 more sale');
    // ¥3.50 is over the card tender's ¥3.00 per sale: refused before the cashier tries it
    await expect(cardPay).toBeDisabled();
    await expect(cardPay).toHaveAccessibleDescription(
      /^Card balance not available: This sale is over the most this tender may take/,
    );

    // the one wallet sale the limit allows
    await qrPay.click();
    const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
    const dialog = qrDialog(page);
    await dialog.getByRole('textbox', { name: 'Enter the code' }).fill(auth_code);
    await dialog.getByRole('button', { name: 'Charge' }).click();
    await expectWalletReceipt(page);
    await page.getByRole('region', { name: 'Receipt' }).getByRole('button', { name: 'New sale' }).click();

    // the next ticket: the wallet sale waits for the hub, so the wallet tender is at its limit
    await openTillWithTea(page, till.url);
    await expect(qrPay).toBeDisabled();
    await expect(qrPay).toHaveAccessibleDescription(
      /^Wallet not available: This tender has reached its limit of sales waiting to sync \(1\)/,
    );
    await expect(notes).toContainText('Wallet not available');

    // cash is never limited
    await tenders.getByRole('button', { name: 'Cash' }).click();
    const cash = page.getByRole('dialog', { name: 'Cash payment' });
    await cash.getByRole('button', { name: 'Exact ¥3.50' }).click();
    await cash.getByRole('button', { name: 'Complete sale' }).click();
    await expect(page.getByRole('region', { name: 'Receipt' }).getByLabel('Cash tendered')).toHaveText(
      '¥3.50',
    );
  } finally {
    await till.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
