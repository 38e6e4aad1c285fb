import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { en, type Catalog, type MessageKey } from '../src/renderer/i18n/en.js';
import demoMembers from '../assets/demo-members.json' with { type: 'json' };
import { zhCN } from '../src/renderer/i18n/zh-CN.js';
import { expect, repoRoot, startGateway, startTill, test } from './fixtures.js';
import { englishWords, requireCjkFont } from './zh-cn-text.js';

/**
 * The whole cashier in each language (`serve --lang`): every screen is walked on a real till with a real
 * sandbox gateway, a full-page screenshot of each is saved under test-results/screenshots/<lang>/ (CI keeps
 * them as artifacts), and in zh-CN no screen may show an English word outside the shop's own data (product,
 * category, tax rate and member names, SKUs, the terminal and payment-scheme names) and a short list of
 * words Chinese tills show in Latin letters too.
 */

const GREEN_TEA = '绿茶 500ml'; // Green Tea 500 ml
const JUICE = '橙汁 1L'; // Orange Juice 1 L
/** A valid EAN-13 that is not in the catalog: the till answers with catalog.unknown_barcode. */
const UNKNOWN_EAN = '4006381333931';

const languages: { lang: 'zh-CN' | 'en'; catalog: Catalog; name: string }[] = [
  { lang: 'zh-CN', catalog: zhCN, name: '一号收银台' },
  { lang: 'en', catalog: en, name: 'Till 1' },
];

/** A keyboard-wedge scanner's burst with nothing focused (see cashier.spec.ts for why it is one evaluate). */
async function wedgeScan(page: Page, barcode: string) {
  await page.evaluate((code) => {
    (document.activeElement as HTMLElement | null)?.blur();
    for (const key of [...code, 'Enter']) {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    }
  }, barcode);
}

for (const { lang, catalog, name: terminalName } of languages) {
  test(`every cashier screen in ${lang}: screenshots${lang === 'zh-CN' ? ', and no English outside shop data' : ''}`, async ({
    page,
  }, testInfo) => {
    testInfo.setTimeout(120_000);
    if (lang === 'zh-CN') requireCjkFont();
    const m = (key: MessageKey) => catalog[key];
    const shots = path.join(repoRoot, 'test-results', 'screenshots', lang);
    mkdirSync(shots, { recursive: true });
    const dataDir = mkdtempSync(path.join(tmpdir(), `tillpoint-e2e-${lang}-`));
    const gateway = await startGateway(['--test']);
    const till = await startTill(dataDir, ['--lang', lang, '--name', terminalName, '--gateway', gateway.url]);
    const seen: Record<string, string[]> = {};
    /** One screen: its screenshot, and in zh-CN the words on it that are English. */
    const screen = async (id: string) => {
      await page.screenshot({ path: path.join(shots, `${id}.png`), fullPage: true });
      if (lang === 'zh-CN') {
        const words = englishWords(await page.evaluate(() => document.body.innerText));
        if (words.length > 0) seen[id] = words;
      }
    };
    try {
      await page.goto(till.url);
      const ticket = page.getByRole('region', { name: m('ticket.region') });
      await expect(ticket).toBeVisible();
      // <html lang> follows the till, so a CJK font picks the Simplified Chinese glyph forms
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      if (lang === 'zh-CN') {
        // spelled out once, not read from the catalog: the screen really is in Chinese
        await expect(
          page.getByRole('navigation', { name: '页面' }).getByRole('button', { name: '销售记录' }),
        ).toBeVisible();
        await expect(ticket.getByRole('button', { name: '现金' })).toBeDisabled();
      }
      await screen('sell-empty');

      const products = page.getByRole('region', { name: m('products.region') });
      await products.getByRole('button', { name: new RegExp(`^${GREEN_TEA} `) }).click();
      await products.getByRole('button', { name: new RegExp(`^${JUICE} `) }).click();
      await expect(ticket.getByRole('list', { name: m('ticket.lines') }).getByRole('listitem')).toHaveCount(
        2,
      );
      await expect(ticket.getByLabel(m('totals.total'), { exact: true })).toHaveText('¥16.40');
      await screen('sell-ticket');

      await ticket
        .getByRole('listitem', { name: JUICE, exact: true })
        .getByRole('button', { name: m('ticket.discountButton') })
        .click();
      const discount = page.getByRole('dialog', { name: m('ticket.discountLine').replace('{name}', JUICE) });
      await expect(discount.getByRole('button', { name: m('discount.apply') })).toBeVisible();
      await screen('discount');
      await discount.getByRole('button', { name: m('dialog.cancel') }).click();
      await expect(discount).toBeHidden();

      // an error from the till, in the till's language
      await wedgeScan(page, UNKNOWN_EAN);
      const problem = page.getByRole('alert').filter({ hasText: UNKNOWN_EAN });
      await expect(problem).toBeVisible();
      if (lang === 'zh-CN') await expect(problem).toContainText(`没有条码为 ${UNKNOWN_EAN} 的商品`);
      await screen('error');

      await ticket.getByRole('button', { name: m('ticket.void') }).click();
      const voidDialog = page.getByRole('dialog', { name: m('void.title') });
      if (lang === 'zh-CN') await expect(voidDialog).toContainText('共 2 件商品');
      else await expect(voidDialog).toContainText('with 2 items?');
      await screen('void-confirm');
      await voidDialog.getByRole('button', { name: m('void.keep') }).click();
      await expect(voidDialog).toBeHidden();

      await ticket.getByRole('button', { name: m('ticket.qrPay') }).click();
      const qr = page.getByRole('dialog', { name: m('qrpay.title') });
      await expect(qr.getByRole('button', { name: m('qrpay.charge'), exact: true })).toBeVisible();
      await screen('qr-pay');
      await qr.getByRole('button', { name: m('qrpay.showMode') }).click();
      await expect(qr.getByRole('button', { name: /Sandbox gateway/ })).toBeVisible();
      await screen('qr-show');
      await qr.getByRole('button', { name: m('dialog.cancel') }).click();
      await expect(qr).toBeHidden();

      await ticket.getByRole('button', { name: m('ticket.cash') }).click();
      const cash = page.getByRole('dialog', { name: m('cash.title') });
      await expect(cash.getByLabel(m('cash.due'))).toHaveText('¥16.40');
      for (const key of ['2', '0', '0', '0'])
        await cash.getByRole('button', { name: key, exact: true }).click();
      await expect(cash.getByLabel(m('cash.change'))).toHaveText('¥3.60');
      await screen('cash');
      await cash.getByRole('button', { name: m('cash.complete') }).click();

      const receipt = page.getByRole('region', { name: m('receipt.title') });
      await expect(receipt.getByLabel(m('receipt.total'), { exact: true })).toHaveText('¥16.40');
      // the date in the till's language and time zone, never "2026年12月6日" inside English or the reverse
      const date = receipt.locator('time');
      if (lang === 'zh-CN') await expect(date).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日/);
      else await expect(date).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}/);
      await screen('receipt');
      await receipt.getByRole('button', { name: m('receipt.newSale') }).click();

      const nav = page.getByRole('navigation', { name: m('nav.screens') });
      await nav.getByRole('button', { name: m('nav.history') }).click();
      await page
        .getByRole('list', { name: m('history.list') })
        .getByRole('button', { name: /¥16\.40/ })
        .click();
      await expect(page.getByRole('region', { name: m('history.details') })).toContainText(JUICE);
      await screen('history');

      await nav.getByRole('button', { name: m('nav.members') }).click();
      await expect(page.getByRole('list', { name: m('members.list') })).toContainText(
        demoMembers.members[0]?.name ?? '',
      );
      await screen('members');

      await nav.getByRole('button', { name: m('nav.sync') }).click();
      await expect(page.getByRole('button', { name: m('sync.enroll.submit') })).toBeVisible();
      await screen('sync');

      await nav.getByRole('button', { name: m('nav.settings') }).click();
      await expect(page.getByRole('button', { name: m('settings.diagnostics.make') })).toBeVisible();
      await screen('settings');

      expect(seen, 'English words on zh-CN screens').toEqual({});
    } finally {
      await till.stop();
      await gateway.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

test('before the till has said its language, a browser set to Chinese is answered in Chinese', async ({
  browser,
  till,
}) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    // without the token the till refuses the screen, so only the browser's language is known
    await page.goto(till.url.replace(/#.*$/, ''));
    await expect(page.getByRole('alert')).toContainText('此页面未登录', { timeout: 20_000 });
    await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page).toHaveTitle('Tillpoint 收银');
  } finally {
    await context.close();
  }
});
