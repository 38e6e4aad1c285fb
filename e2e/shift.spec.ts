import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { en, type Catalog } from '../src/renderer/i18n/en.js';
import { zhCN } from '../src/renderer/i18n/zh-CN.js';
import { expect, repoRoot, startTill, test } from './fixtures.js';
import { WATER } from './sale-steps.js';

/**
 * A cashier's shift on the real stack (`tillpoint serve` + Chromium, elements by role and name): open with
 * the float counted on the pad, a cash sale, cash out, the X report, the blind close with a variance note,
 * and the Z report, saved as a screenshot in each language (test-results/screenshots/<lang>/z-report.png).
 */

const languages: { lang: 'en' | 'zh-CN'; catalog: Catalog }[] = [
  { lang: 'en', catalog: en },
  { lang: 'zh-CN', catalog: zhCN },
];
/** a message with its ICU arguments filled in (the few the steps need) */
const fill = (message: string, args: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => args[name] ?? `{${name}}`);

/** a report's row by its label (its accessible name is the label followed by the value) */
const row = (label: string) => ({ name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) });

for (const { lang, catalog: c } of languages) {
  test(`a shift in ${lang}: float, cash sale, cash out, X report, blind close with a note, Z report`, async ({
    page,
  }, testInfo) => {
    testInfo.setTimeout(90_000);
    const dataDir = mkdtempSync(path.join(tmpdir(), `tillpoint-e2e-shift-${lang}-`));
    // sales need an open shift; any difference needs a note
    writeFileSync(
      path.join(dataDir, 'shift.json'),
      JSON.stringify({ required: true, varianceToleranceMinor: 0 }),
    );
    const till = await startTill(dataDir, ['--lang', lang]);
    try {
      await page.goto(till.url);
      const nav = page.getByRole('navigation', { name: c['nav.screens'] });
      const products = page.getByRole('region', { name: c['products.region'] });
      const shift = page.getByRole('region', { name: c['shift.title'] });

      // no shift yet: the till refuses to start a sale, and says what to do
      await products.getByRole('button', { name: new RegExp(`^${WATER} `) }).click();
      await expect(page.getByRole('alert')).toContainText(c['error.shift.not_open']);

      await nav.getByRole('button', { name: c['shift.nav'] }).click();
      await expect(shift).toContainText(c['shift.none']);
      const pad = (p: Page) => p.getByRole('group', { name: c['shift.count.legend'] });
      await pad(page)
        .getByRole('button', { name: fill(c['shift.count.more'], { denomination: '¥100.00' }) })
        .click();
      await pad(page)
        .getByRole('textbox', { name: fill(c['shift.count.countOf'], { denomination: '¥10.00' }) })
        .fill('2');
      await expect(pad(page).getByRole('status')).toHaveText(
        fill(c['shift.count.total'], { amount: '¥120.00' }),
      );
      await shift.getByRole('button', { name: c['shift.openButton'], exact: true }).click();
      await expect(page.getByText(fill(c['shift.opened'], { amount: '¥120.00' }))).toBeVisible();
      await expect(shift).toContainText(fill(c['shift.float'], { amount: '¥120.00' }));

      // a cash sale of ¥2.00, paid exactly
      await nav.getByRole('button', { name: c['nav.sell'] }).click();
      await products.getByRole('button', { name: new RegExp(`^${WATER} `) }).click();
      const ticket = page.getByRole('region', { name: c['ticket.region'] });
      await ticket.getByRole('button', { name: c['ticket.cash'], exact: true }).click();
      const cash = page.getByRole('dialog', { name: c['cash.title'] });
      await cash.getByRole('button', { name: fill(c['cash.exact'], { amount: '¥2.00' }) }).click();
      await cash.getByRole('button', { name: c['cash.complete'] }).click();
      await expect(page.getByRole('region', { name: c['receipt.title'] })).toBeVisible();

      // ¥10.00 out of the drawer for the window cleaner
      await nav.getByRole('button', { name: c['shift.nav'] }).click();
      await shift.getByRole('button', { name: c['shift.cashOut'] }).click();
      const out = page.getByRole('dialog', { name: c['shift.cashOut'] });
      await out.getByRole('textbox', { name: c['shift.amount'] }).fill('10');
      await out
        .getByRole('textbox', { name: c['shift.reason'] })
        .fill(lang === 'en' ? 'Window cleaner' : '擦窗');
      await out.getByRole('button', { name: c['shift.record'] }).click();
      await expect(page.getByText(fill(c['shift.cashOutDone'], { amount: '¥10.00' }))).toBeVisible();

      // X report: 120 + 2 - 10 = ¥112.00 expected, nothing reset
      await shift.getByRole('button', { name: c['shift.xReport'] }).click();
      const x = page.getByRole('article', { name: c['report.xTitle'] });
      await expect(x.getByRole('row', row(c['report.cash.expected']))).toContainText('¥112.00');
      await expect(x.getByRole('img', { name: c['report.chartByHour'] })).toBeVisible();
      await shift.getByRole('button', { name: c['shift.back'] }).click();

      // the blind count: ¥111.00, one yuan short; no expected amount is on screen before the count
      await shift.getByRole('button', { name: c['shift.closeTitle'] }).click();
      await expect(shift).not.toContainText('¥112.00');
      await pad(page)
        .getByRole('textbox', { name: fill(c['shift.count.countOf'], { denomination: '¥100.00' }) })
        .fill('1');
      await pad(page)
        .getByRole('textbox', { name: fill(c['shift.count.countOf'], { denomination: '¥10.00' }) })
        .fill('1');
      await pad(page)
        .getByRole('button', { name: fill(c['shift.count.more'], { denomination: '¥1.00' }) })
        .click();
      await shift.getByRole('button', { name: c['shift.closeButton'], exact: true }).click();
      await expect(shift.getByRole('alert')).toHaveText(fill(c['shift.varianceAsk'], { variance: '−¥1.00' }));
      await shift
        .getByRole('textbox', { name: c['shift.note'] })
        .fill(lang === 'en' ? 'One yuan short' : '少一元');
      await shift.getByRole('button', { name: c['shift.closeButton'], exact: true }).click();

      // the Z report
      const z = page.getByRole('article', { name: fill(c['report.zTitle'], { number: '1' }) });
      await expect(z.getByRole('row', row(c['report.cash.expected']))).toContainText('¥112.00');
      await expect(z.getByRole('row', row(c['report.counted']))).toContainText('¥111.00');
      await expect(z.getByRole('row', row(c['report.variance']))).toContainText('−¥1.00');
      await expect(z.getByRole('row', row(c['report.note']))).toContainText(
        lang === 'en' ? 'One yuan short' : '少一元',
      );
      await expect(z.getByRole('row', row(c['report.receipts']))).toContainText(
        fill(c['report.receiptRange'], { first: '1', last: '1' }),
      );
      await expect(z.getByRole('img', { name: c['report.chartMix'] })).toBeVisible();
      const shots = path.join(repoRoot, 'test-results', 'screenshots', lang);
      mkdirSync(shots, { recursive: true });
      // tall enough for the whole report beside its charts (the screen scrolls inside the cashier's frame)
      await page.setViewportSize({ width: 1366, height: 1000 });
      await z.getByRole('heading').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots, 'z-report.png'), fullPage: true });

      // it stays readable from the list of closed shifts, and sales wait for the next shift again
      await shift.getByRole('button', { name: c['shift.back'] }).click();
      await expect(shift).toContainText(c['shift.none']);
      await shift
        .getByRole('button', { name: new RegExp(`^${fill(c['shift.read'], { number: '1', time: '' })}`) })
        .click();
      await expect(z).toBeVisible();
    } finally {
      await till.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
