import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from './fixtures.js';
import { sellWaterForCash, ticket } from './sale-steps.js';

/**
 * Refunds (issue 5: only a sale the hub has) against the real stack: `tillpoint serve` on its own data
 * folder and Chromium, found by role and name. The till is not enrolled with a hub, so a sale stays queued
 * and its refund is refused; the test then marks the sale's outbox row sent in SQL, as the sync client does
 * when the hub accepts it, and the refund goes through.
 */

test('a sale not yet at head office is refused with the explanation; once synced it is refunded', async ({
  page,
  till,
}) => {
  await page.goto(till.url);
  await expect(ticket(page)).toBeVisible();
  await sellWaterForCash(page);

  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Sales history' })
    .click();
  const sales = page.getByRole('list', { name: 'Sales' });
  await sales.getByRole('button', { name: /^No\. 1 · .* · ¥2\.00 .*Completed$/ }).click();
  const details = page.getByRole('region', { name: 'Sale details' });
  await expect(details.getByRole('heading', { name: 'Sale No. 1' })).toBeVisible();

  await details.getByRole('button', { name: 'Refund', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund sale No. 1' });
  await expect(dialog).toContainText('Refund the whole sale, ¥2.00, to the customer?');
  await expect(dialog).toContainText('Pay ¥2.00 out of the cash drawer.');
  // a reason is required
  await dialog.getByRole('button', { name: 'Confirm refund' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Enter the reason for the refund.');
  await dialog.getByRole('textbox', { name: 'Reason for the refund' }).fill('Bottle leaking');
  await dialog.getByRole('button', { name: 'Confirm refund' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'This sale has not reached head office yet (it is waiting in the queue). Refunds are possible once it has synced; check the Sync screen.',
  );
  await dialog.getByRole('button', { name: 'Keep sale' }).click();
  await expect(dialog).toBeHidden();
  await expect(details).not.toContainText('Refunded');

  // The hub accepted the sale (what the sync client records when it does).
  const db = new Database(path.join(till.dataDir, 'tillpoint.db'));
  try {
    db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ? WHERE kind = 'sale.completed'`).run(
      new Date().toISOString(),
    );
  } finally {
    db.close();
  }

  await details.getByRole('button', { name: 'Refund', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Reason for the refund' }).fill('Bottle leaking');
  await dialog.getByRole('button', { name: 'Confirm refund' }).click();
  await expect(dialog.getByRole('status')).toHaveText(
    'Refunded. Pay ¥2.00 out of the cash drawer to the customer.',
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The receipt in the history says so, and the list row too; there is nothing left to refund.
  await expect(details).toContainText('Refunded');
  await expect(details.getByLabel('Refunded amount')).toHaveText('−¥2.00');
  await expect(details).toContainText('Reason: Bottle leaking');
  await expect(details.getByRole('button', { name: 'Refund', exact: true })).toHaveCount(0);
  await expect(sales.getByRole('button', { name: /^No\. 1 · .* · Refunded$/ })).toBeVisible();
});
