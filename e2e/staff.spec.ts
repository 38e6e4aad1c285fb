import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startTill, test } from './fixtures.js';
import { sellWaterForCash, ticket } from './sale-steps.js';

/**
 * Staff against the real stack: `tillpoint serve --demo-staff` (a demo manager, PIN 1111, and cashier, PIN
 * 2222) on its own data folder and Chromium, found by role and name. The lock screen, the lockout after five
 * wrong PINs kept across a restart, and a cashier's refund approved by the manager's PIN, journaled.
 */

const lockScreen = (page: Page) => page.getByRole('heading', { name: 'Till locked' });

/** Types a PIN on the lock screen's (or a dialog's) pad and presses its submit button. */
async function typePin(page: Page, pin: string, submit = 'Sign in', scope = page.locator('body')) {
  for (const digit of pin) await scope.getByRole('button', { name: digit, exact: true }).click();
  await scope.getByRole('button', { name: submit }).click();
}

async function withStaffTill<T>(run: (till: Awaited<ReturnType<typeof startTill>>) => Promise<T>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-staff-'));
  const till = await startTill(dataDir, ['--demo-staff']);
  try {
    return await run(till);
  } finally {
    await till.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test('a till without staff opens on the sale and says "No staff set up"', async ({ page, till }) => {
  await page.goto(till.url);
  await expect(ticket(page)).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('No staff set up');
  await expect(lockScreen(page)).toHaveCount(0);
});

test('sign in, Lock, five wrong PINs lock sign-in, and a restarted till is still locked', async ({
  page,
}) => {
  await withStaffTill(async (till) => {
    await page.goto(till.url);
    await expect(lockScreen(page)).toBeVisible();
    await expect(page.getByText('Or tap your staff badge on the card reader.')).toBeVisible();
    // the hardware keyboard's digits and Enter
    await page.keyboard.type('2222');
    await page.keyboard.press('Enter');
    await expect(ticket(page)).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Signed in: Demo Cashier');
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(lockScreen(page)).toBeVisible();

    for (let left = 4; left >= 1; left--) {
      await typePin(page, '9090');
      await expect(page.getByRole('alert')).toHaveText(`Wrong PIN. ${left} tries left before sign-in locks.`);
    }
    await typePin(page, '9090');
    await expect(page.getByRole('alert')).toContainText('Sign-in is locked until');

    await page.goto(await till.restart());
    await expect(lockScreen(page)).toBeVisible();
    await typePin(page, '1111');
    await expect(page.getByRole('alert')).toContainText('Sign-in is locked until');
    await expect(ticket(page)).toHaveCount(0);
  });
});

test("a cashier's refund asks for a manager's PIN, and the journal names the approver", async ({ page }) => {
  await withStaffTill(async (till) => {
    await page.goto(till.url);
    await typePin(page, '2222');
    await expect(ticket(page)).toBeVisible();
    await sellWaterForCash(page);

    // the hub accepted the sale (what the sync client records when it does): refunds need that
    const db = new Database(path.join(till.dataDir, 'tillpoint.db'));
    try {
      db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ? WHERE kind = 'sale.completed'`).run(
        new Date().toISOString(),
      );
    } finally {
      db.close();
    }

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Sales history' })
      .click();
    await page
      .getByRole('list', { name: 'Sales' })
      .getByRole('button', { name: /^No\. 1 · / })
      .click();
    const details = page.getByRole('region', { name: 'Sale details' });
    await details.getByRole('button', { name: 'Refund', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund sale No. 1' });
    await dialog.getByRole('textbox', { name: 'Reason for the refund' }).fill('Bottle leaking');
    await dialog.getByRole('button', { name: 'Confirm refund' }).click();

    const pad = page.getByRole('dialog', { name: 'Manager approval' });
    await expect(pad).toContainText('This needs approval: refund a sale.');
    // the cashier's own PIN does not approve a refund
    await typePin(page, '2222', 'Approve', pad);
    await expect(pad.getByRole('alert')).toHaveText(
      'That member of staff may not approve this. Ask a manager.',
    );
    await typePin(page, '1111', 'Approve', pad);
    await expect(pad).toBeHidden();
    await expect(dialog.getByRole('status')).toHaveText(
      'Refunded. Pay ¥2.00 out of the cash drawer to the customer.',
    );

    const journal = new Database(path.join(till.dataDir, 'tillpoint.db'), { readonly: true });
    try {
      const rows = journal
        .prepare(`SELECT kind, data FROM journal WHERE kind LIKE 'staff.approval%' ORDER BY id`)
        .all() as { kind: string; data: string }[];
      const parsed = rows.map((r) => ({ kind: r.kind, ...(JSON.parse(r.data) as Record<string, unknown>) }));
      expect(parsed).toEqual([
        expect.objectContaining({
          kind: 'staff.approval_refused',
          permission: 'refund',
          approver: expect.objectContaining({ name: 'Demo Cashier' }),
        }),
        expect.objectContaining({
          kind: 'staff.approval',
          permission: 'refund',
          approver: expect.objectContaining({ name: 'Demo Manager', role: 'manager' }),
          cashier: expect.objectContaining({ name: 'Demo Cashier' }),
        }),
        expect.objectContaining({ kind: 'staff.approval_used', method: 'sale.refund' }),
      ]);
    } finally {
      journal.close();
    }
  });
});
