import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { en, type Catalog, type MessageKey } from '../src/renderer/i18n/en.js';
import { zhCN } from '../src/renderer/i18n/zh-CN.js';
import { repoRoot } from './fixtures.js';
import { expect, openKiosk, productTile, TEA, test, viewports, wedgeScan } from './kiosk-steps.js';
import { englishWords, requireCjkFont } from './zh-cn-text.js';

/**
 * Every kiosk screen (attract, shopping, keyboard open, pay, the QR up, PIN pad, "Are you still there?",
 * thank-you) at both viewports and in both languages: a touch-target audit (no button, input or
 * role=button under 64 CSS px either way, none closer than 8 px to the next), a screenshot to test-results/screenshots/<lang>/, and in zh-CN no
 * English word outside shop data.
 */

/**
 * Every control a finger must hit that is smaller than 64 px in either dimension, and every two controls
 * a finger can reach now that are closer than 8 px to each other, with their names.
 */
async function touchProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (element: Element) =>
      element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
    const shown = (element: HTMLElement) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
    };
    const selector = 'button, input, [role=button]';
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (!shown(element)) continue;
      const box = element.getBoundingClientRect();
      if (box.width < 64 || box.height < 64) {
        problems.push(`${name(element)} under 64 px (${Math.round(box.width)}x${Math.round(box.height)})`);
      }
    }
    // what a finger can reach now: in view and on top at its centre (not under the sticky basket or a dialog)
    const onTop = (element: HTMLElement) => {
      const box = element.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit !== null && (hit === element || element.contains(hit));
    };
    const reachable = [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (element) => shown(element) && onTop(element),
    );
    for (let i = 0; i < reachable.length; i++) {
      for (let j = i + 1; j < reachable.length; j++) {
        const a = reachable[i]!.getBoundingClientRect();
        const b = reachable[j]!.getBoundingClientRect();
        const dx = Math.max(b.left - a.right, a.left - b.right);
        const dy = Math.max(b.top - a.bottom, a.top - b.bottom);
        // overlapping boxes are one control inside another's area (not two targets side by side)
        if (dx < 0 && dy < 0) continue;
        const gap = Math.max(dx, dy);
        if (gap < 7.5)
          problems.push(`${name(reachable[i]!)} and ${name(reachable[j]!)} ${gap.toFixed(1)} px apart`);
      }
    }
    return problems;
  });
}

/** The page's text outside elements marked as another language (the picker's "English"). */
const chineseScreenText = (page: Page) =>
  page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const other of copy.querySelectorAll('[lang]:not([lang^="zh"])')) other.remove();
    // innerText needs layout: measure the copy in the page, then drop it
    copy.style.position = 'absolute';
    copy.style.left = '-99999px';
    document.documentElement.append(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
  });

const languages = [
  { lang: 'zh-CN', catalog: zhCN, tea: TEA.zh },
  { lang: 'en', catalog: en, tea: TEA.en },
] as const;

for (const viewport of viewports) {
  for (const { lang, catalog, tea } of languages) {
    test.describe(`kiosk ${viewport.name} ${lang}`, () => {
      test.use({ viewport: { width: viewport.width, height: viewport.height }, hasTouch: true });

      test(`every kiosk screen: 64 px touch targets 8 px apart, screenshots${lang === 'zh-CN' ? ', no English' : ''}`, async ({
        page,
        kiosk,
        gateway,
      }) => {
        if (lang === 'zh-CN') requireCjkFont();
        const say = (key: MessageKey) => (catalog as Catalog)[key];
        const shots = path.join(repoRoot, 'test-results', 'screenshots', lang);
        mkdirSync(shots, { recursive: true });
        const problems: string[] = [];
        const screen = async (id: string) => {
          const suffix = viewport.name === 'landscape' ? '' : `-${viewport.name}`;
          await page.screenshot({ path: path.join(shots, `kiosk-${id}${suffix}.png`) });
          const touch = await touchProblems(page);
          if (touch.length > 0) problems.push(`${id}: ${touch.join('; ')}`);
          if (lang === 'zh-CN') {
            const words = englishWords(await chineseScreenText(page));
            if (words.length > 0) problems.push(`${id}: English on a zh-CN screen: ${words.join(', ')}`);
          }
        };

        await page.clock.install();
        await openKiosk(page, kiosk.url, lang);
        await screen('attract');

        await page.getByRole('button', { name: say('kiosk.start') }).tap();
        await productTile(page, tea, say('kiosk.products')).tap();
        await expect(
          page.getByRole('region', { name: say('kiosk.basket') }).getByRole('listitem'),
        ).toHaveCount(1);
        await screen('shopping');

        await page.getByRole('searchbox', { name: say('kiosk.search') }).tap();
        await expect(page.getByRole('region', { name: say('kiosk.kb.label') })).toBeVisible();
        await screen('keyboard');
        await page.getByRole('button', { name: say('kiosk.kb.close') }).tap();

        await page.getByRole('button', { name: say('kiosk.payButton'), exact: true }).tap();
        await expect(page.getByRole('heading', { name: say('kiosk.pay.title') })).toBeVisible();
        await screen('pay');

        await page.getByRole('button', { name: say('kiosk.pay.qr') }).tap();
        await page
          .getByRole('button', { name: /Sandbox gateway/ })
          .first()
          .tap();
        await expect(page.getByRole('img', { name: /QR|二维码/ })).toBeVisible();
        await screen('pay-qr');
        await page.getByRole('button', { name: say('kiosk.pay.cancelPayment') }).tap();
        await expect(page.getByRole('button', { name: say('kiosk.pay.back') })).toBeVisible({
          timeout: 20_000,
        });

        await page.getByRole('button', { name: say('kiosk.staffMenu') }).tap();
        await expect(page.getByRole('dialog', { name: say('kiosk.exit.title') })).toBeVisible();
        await screen('pin-pad');
        await page
          .getByRole('dialog', { name: say('kiosk.exit.title') })
          .getByRole('button', { name: say('dialog.cancel') })
          .tap();

        // last before paying: the page's clock runs ahead of the till's from here (a QR would look expired)
        await page.getByRole('button', { name: say('kiosk.pay.back') }).tap();
        await page.clock.fastForward('01:01');
        await expect(page.getByRole('dialog', { name: say('kiosk.idle.title') })).toBeVisible();
        await screen('still-there');
        await page.getByRole('button', { name: say('kiosk.idle.continue') }).tap();
        // the tap answers the dialog only: nothing beneath it is touched (no item added)
        await expect(
          page.getByRole('region', { name: say('kiosk.basket') }).getByRole('listitem'),
        ).toHaveCount(1);

        await page.getByRole('button', { name: say('kiosk.payButton'), exact: true }).tap();
        await page.getByRole('button', { name: say('kiosk.pay.code') }).tap();
        const { auth_code } = await gateway.control<{ auth_code: string }>('/sandbox/codes', {
          wallet: 'sandbox',
        });
        await wedgeScan(page, auth_code);
        await expect(page.getByRole('heading', { name: say('kiosk.thanks.title') })).toBeVisible({
          timeout: 20_000,
        });
        await expect(page.getByRole('img', { name: say('kiosk.thanks.qrAlt') })).toBeVisible();
        await screen('thanks');

        expect(problems).toEqual([]);
      });
    });
  }
}
