import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './fixtures.js';
import { freePort, hubEnrollCode, startHub } from './hub-fixtures.js';
import { expect, openTillWithTea, qrDialog, startTill, test } from './wallet-fixtures.js';

/**
 * An offline payment code at the cashier, every party real: the sandbox gateway plays the issuer (its keys,
 * a demo user, the phone's signed codes), a hub publishes the issuer's keys, the till pulls them with sync
 * and takes a wedge-scanned code with no call to anyone; the same code again is refused, with the reason on
 * the screen.
 */
const cli = path.join(repoRoot, 'dist', 'cli', 'tillpoint.mjs');
const run = promisify(execFile);
const env = { ...process.env, NO_COLOR: '1', DATABASE_URL: '', TILLPOINT_LANG: 'en' };

/** A keyboard-wedge scan: the keys and Enter as one burst, with nothing focused (see qr-payment.spec.ts). */
async function wedgeScan(page: Page, code: string) {
  await page.evaluate((text) => {
    (document.activeElement as HTMLElement | null)?.blur();
    for (const key of [...text, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      window.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    }
  }, code);
}

test('a scanned offline code pays with the issuer key from the hub; the same code again is refused', async ({
  page,
  gateway,
}) => {
  const hubDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-offhub-'));
  const tillDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-offtill-'));
  const hub = await startHub(await freePort(), hubDir);
  try {
    await run('node', [cli, 'hub', 'issuer-keys', 'pull', '--issuer', gateway.url, '--data', hubDir], {
      env,
    });
    const code = await hubEnrollCode(hubDir);
    await run('node', [cli, 'enroll', '--hub', hub.url, '--code', code, '--data', tillDir], { env });
    const till = await startTill(tillDir, ['--gateway', gateway.url]);
    try {
      // the till pulls the keys on its first sync round
      await expect
        .poll(
          () => {
            const db = new Database(path.join(tillDir, 'tillpoint.db'), { readonly: true });
            try {
              return db
                .prepare(`SELECT count(*) FROM terminal_config WHERE key LIKE 'offline_codes.key.%'`)
                .pluck()
                .get();
            } finally {
              db.close();
            }
          },
          { timeout: 20_000 },
        )
        .toBe(2);
      await gateway.control('/sandbox/offline/users', { userId: 'e2e-user', creditLimit: 5_000 });
      const { codes } = await gateway.control<{ codes: string[] }>('/sandbox/offline/users/e2e-user/codes', {
        count: 1,
      });
      const offlineCode = codes[0]!;

      await openTillWithTea(page, till.url);
      await wedgeScan(page, offlineCode);
      await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole('region', { name: 'Receipt' })).toContainText(
        'Paid by Offline wallet code',
      );
      await expect(qrDialog(page)).toHaveCount(0);

      // the next customer shows the same code (a screenshot of it): refused, and the cashier is told why
      await page.getByRole('button', { name: 'New sale' }).click();
      await openTillWithTea(page, till.url);
      await wedgeScan(page, offlineCode);
      await expect(
        qrDialog(page).getByRole('alert').filter({ hasText: 'This payment code was used already' }),
      ).toBeVisible();
      // nothing was paid through the gateway's wallets: the code was taken offline
      expect(await gateway.ledger()).toHaveLength(0);
    } finally {
      await till.stop();
    }
  } finally {
    await hub.stop();
    rmSync(hubDir, { recursive: true, force: true });
    rmSync(tillDir, { recursive: true, force: true });
  }
});
