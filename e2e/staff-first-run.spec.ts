import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startTill, test } from './fixtures.js';
import { ticket } from './sale-steps.js';

/**
 * The first-run screen against the real stack: a till without staff, Settings → Staff → "Add the first
 * manager" (name, then the PIN twice on the pad; PINs that differ are asked again), after which the till
 * locks and the new manager signs in. Journaled.
 */

async function typePin(scope: ReturnType<Page['getByRole']>, pin: string, submit: string) {
  for (const digit of pin) await scope.getByRole('button', { name: digit, exact: true }).click();
  await scope.getByRole('button', { name: submit }).click();
}

test('the first manager is added from Settings → Staff; the till then locks and asks for sign-in', async ({
  page,
  till,
}) => {
  await page.goto(till.url);
  await expect(page.getByRole('banner')).toContainText('No staff set up');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  const staff = page.getByRole('region', { name: 'Staff' });
  await expect(staff).toContainText('This till has no staff');
  await staff.getByRole('button', { name: 'Add the first manager' }).click();

  const dialog = page.getByRole('dialog', { name: 'Add the first manager' });
  await dialog.getByRole('textbox', { name: 'Manager’s name' }).fill('Mei Manager');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog).toContainText('Choose a PIN of 4 to 6 digits for Mei Manager.');
  await typePin(dialog, '4821', 'Next');
  await expect(dialog).toContainText('Enter the same PIN again.');
  await typePin(dialog, '4822', 'Add manager');
  await expect(dialog.getByRole('alert')).toHaveText('The two PINs differ. Choose the PIN again.');
  await typePin(dialog, '4821', 'Next');
  await typePin(dialog, '4821', 'Add manager');

  await expect(page.getByRole('heading', { name: 'Till locked' })).toBeVisible();
  await expect(ticket(page)).toHaveCount(0);
  await page.keyboard.type('4821');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('banner')).toContainText('Signed in: Mei Manager');

  // Settings → Staff now says where staff are managed, and offers no first manager any more
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('region', { name: 'Staff' })).toContainText('Staff are set up on this till.');
  await expect(page.getByRole('button', { name: 'Add the first manager' })).toHaveCount(0);

  const db = new Database(path.join(till.dataDir, 'tillpoint.db'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT data FROM journal WHERE kind = 'staff.added'`).all() as {
      data: string;
    }[];
    expect(rows.map((r) => JSON.parse(r.data) as unknown)).toEqual([
      { staff: expect.objectContaining({ name: 'Mei Manager', role: 'manager' }), by: 'first-run' },
    ]);
  } finally {
    db.close();
  }
});

test('the first-run screen in Chinese', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-first-run-zh-'));
  const till = await startTill(dataDir, ['--lang', 'zh-CN']);
  try {
    await page.goto(till.url);
    await expect(page.getByRole('banner')).toContainText('未设置员工');
    await page.getByRole('navigation').getByRole('button', { name: '设置' }).click();
    await page.getByRole('button', { name: '添加第一位店长' }).click();
    const dialog = page.getByRole('dialog', { name: '添加第一位店长' });
    await dialog.getByRole('textbox', { name: '店长姓名' }).fill('王店长');
    await dialog.getByRole('button', { name: '下一步' }).click();
    await typePin(dialog, '5931', '下一步');
    await typePin(dialog, '5931', '添加店长');
    await expect(page.getByRole('heading', { name: '收银机已锁定' })).toBeVisible();
  } finally {
    await till.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
