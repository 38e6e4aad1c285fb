import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from './fixtures.js';

/**
 * Settings → "Make diagnostics file" against the real stack: the running till writes the support archive
 * into its data folder and the screen shows where. Found by role and name.
 */
test('the cashier makes a diagnostics file from the Settings screen and sees where it is', async ({
  page,
  till,
}) => {
  await page.goto(till.url);
  await expect(page.getByRole('region', { name: 'Ticket' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Support' })).toBeVisible();

  await page.getByRole('button', { name: 'Make diagnostics file' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Diagnostics file saved' });
  await expect(saved).toBeVisible();
  const file = (await saved.locator('code').textContent()) ?? '';
  expect(path.dirname(file)).toBe(path.join(till.dataDir, 'diagnostics'));
  expect(existsSync(file)).toBe(true);
  expect(statSync(file).size).toBeGreaterThan(0);
  // a real archive with the summary and this till's log
  const listing = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
  expect(listing.stdout).toContain('tillpoint-diagnostics/summary.json');
  expect(listing.stdout).toContain('tillpoint-diagnostics/logs/till.1.log');
});
