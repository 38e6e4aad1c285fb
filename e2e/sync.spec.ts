import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, startTill, test } from './fixtures.js';
import { freePort, hubEnrollCode, hubReport, startHub, type HubProcess } from './hub-fixtures.js';
import { sellWaterForCash, ticket } from './sale-steps.js';

/**
 * Issue 5 section 3, visible health, against the real stack: a real hub (`tillpoint hub`, SQLite in its own
 * folder, on a fixed free port so it can come back on it), a real till (`tillpoint serve`) with a one-minute
 * age limit in its offline-policy.json (the shortest the schema takes), and Chromium. The till is enrolled
 * through the Sync screen; the hub is killed by its PID, sales queue up, the amber and then the red bar come,
 * the hub comes back, "Sync now" drains the queue, and the hub's own report has every sale.
 */

const AGE_LIMIT_S = 60;

const syncItems = (page: Page) => page.getByRole('banner').getByRole('list', { name: 'Sync' });
const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });
const overdueBar = (page: Page) =>
  page.getByRole('alert', { name: 'Sales older than 1 min have not reached head office.' });
const approachingBar = (page: Page) =>
  page.getByRole('region', { name: /^Sales have waited .+ to reach head office \(limit 1 min\)\.$/ });
const entries = (page: Page) => page.getByRole('table', { name: 'Queue entries' });

test('sync health: enroll on the Sync screen, queue while the hub is down, red bar past the limit, drain when it is back', async ({
  page,
}) => {
  // a minute for the age limit to pass, plus starting and stopping a till and a hub twice
  test.setTimeout(180_000);
  const hubDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-hub-'));
  const tillDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-sync-'));
  writeFileSync(
    path.join(tillDir, 'offline-policy.json'),
    JSON.stringify({ ageLimitS: AGE_LIMIT_S, pastLimit: 'refuse-non-cash', tenders: {} }),
  );
  const port = await freePort();
  let hub: HubProcess | null = null;
  let till: Awaited<ReturnType<typeof startTill>> | null = null;
  try {
    hub = await startHub(port, hubDir);
    till = await startTill(tillDir);
    await page.goto(till.url);
    await expect(ticket(page)).toBeVisible();

    // Not enrolled: the status bar says so; nothing is overdue.
    await expect(syncItems(page)).toContainText('Not connected to a hub');
    await expect(syncItems(page)).toContainText('Queued: 0');
    await expect(page.getByRole('alert')).toHaveCount(0);

    // The Sync screen: the limit the till reports is the file's; the Connect form is there.
    await nav(page, 'Sync').click();
    await expect(nav(page, 'Sync')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Age limit', { exact: true })).toHaveText(
      '1 min; past it non-cash payments are refused',
    );
    const connect = page.getByRole('region', { name: 'Connect to hub' });
    await connect.getByRole('textbox', { name: 'Hub URL' }).fill(hub.url);

    // A wrong code is refused in the catalog's words; the right one enrolls.
    await connect.getByRole('textbox', { name: 'Enrollment code' }).fill('NOPE-NOPE-NOPE');
    await connect.getByRole('button', { name: 'Connect' }).click();
    await expect(connect.getByRole('alert')).toHaveText(
      'The hub refused this enrollment code. Ask the hub operator for a new one.',
    );
    await connect.getByRole('textbox', { name: 'Enrollment code' }).fill(await hubEnrollCode(hubDir));
    await connect.getByRole('button', { name: 'Connect' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Connected to the hub at ${hub.url}.` }),
    ).toBeVisible();
    await expect(connect).toBeHidden();
    await expect(page.getByLabel('Hub', { exact: true })).toHaveText(hub.url);
    await expect(syncItems(page)).toContainText('Hub: online');
    await expect(syncItems(page)).toContainText(/Synced \d\d:\d\d/);

    // A cash sale reaches the hub.
    await nav(page, 'Sell').click();
    await sellWaterForCash(page, 1);
    await nav(page, 'Sync').click();
    await expect(entries(page).getByRole('row', { name: /^Sale No\. 1 / })).toContainText('Sent');
    await expect(syncItems(page)).toContainText('Queued: 0');
    await expect(syncItems(page)).toContainText('Hub: online');

    // The hub goes away. Three more sales queue up on the till.
    await hub.kill();
    for (const number of [2, 3, 4]) {
      await nav(page, 'Sell').click();
      await sellWaterForCash(page, number);
      await expect(syncItems(page)).toContainText(`Queued: ${number - 1}`);
    }
    await expect(syncItems(page)).toContainText('Hub: offline');
    await expect(syncItems(page)).toContainText('Oldest: under 1 min');

    // In the last quarter of the limit the amber warning says how long is left; past it, the red bar.
    await expect(approachingBar(page)).toBeVisible({ timeout: AGE_LIMIT_S * 1_000 });
    await expect(approachingBar(page)).toContainText(
      'In under 1 min, non-cash payments will be refused until the till syncs.',
    );
    await expect(overdueBar(page)).toBeVisible({ timeout: AGE_LIMIT_S * 1_000 });
    await expect(overdueBar(page)).toContainText('Non-cash payments are refused until the till syncs.');
    await expect(approachingBar(page)).toHaveCount(0);
    await expect(syncItems(page)).toContainText('Oldest: 1 min');
    await expect(syncItems(page)).toContainText('Queued: 3');

    // The hub comes back on the same port and folder; "Sync now" from the red bar's Sync screen.
    hub = await startHub(port, hubDir);
    await overdueBar(page).getByRole('button', { name: 'Open Sync screen' }).click();
    await expect(nav(page, 'Sync')).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Synced: nothing is waiting.' })).toBeVisible();
    await expect(syncItems(page)).toContainText('Queued: 0');
    await expect(syncItems(page)).toContainText('Hub: online');
    await expect(overdueBar(page)).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);

    // The Sync screen's table: all four sales sent.
    await page.getByRole('group', { name: 'Show entries' }).getByRole('button', { name: 'Sent' }).click();
    for (const number of [1, 2, 3, 4]) {
      const row = entries(page).getByRole('row', { name: new RegExp(`^Sale No\\. ${number} `) });
      await expect(row).toContainText('¥2.00');
      await expect(row).toContainText('Sent');
    }

    // The hub's own report has the four sales, all cash.
    const report = await hubReport(hubDir);
    expect(report.sales).toBe(4);
    const cash = report.rows.filter((row) => row.tender === 'cash');
    expect(cash).toEqual(report.rows);
    expect(cash.reduce((sum, row) => sum + row.payments, 0)).toBe(4);
    expect(cash.reduce((sum, row) => sum + row.amount, 0)).toBe(4 * 200);
    expect(new Set(cash.map((row) => row.currency))).toEqual(new Set(['CNY']));
  } finally {
    await till?.stop();
    await hub?.stop();
    rmSync(tillDir, { recursive: true, force: true });
    rmSync(hubDir, { recursive: true, force: true });
  }
});
