import { spawnSync } from 'node:child_process';
import demoCatalog from '../assets/demo-catalog.json' with { type: 'json' };
import demoMembers from '../assets/demo-members.json' with { type: 'json' };
import { underCi } from './require-service.js';

/**
 * What the zh-CN walks (the cashier's zh-cn.spec.ts, the kiosk's kiosk-screens.spec.ts) check on a Chinese
 * screen: no English word outside the shop's own data and a short allow list, and a CJK font for the
 * screenshots.
 */

/** Written in Latin letters on Chinese tills and receipts as well. */
const ALLOWED_LATIN = new Set(['QR', 'NFC', 'PIN', 'SKU', 'ID', 'OK', 'Tillpoint', 'CNY', 'App', 'POS']);
/** The camera's code readers are picked by their library names (zxing-wasm, jsQR), as on any device. */
const DECODER_NAMES = ['zxing', 'wasm', 'jsQR'];

/** The shop's own data: shown as the shop wrote it, in whatever language (Chinese names, English second names). */
const shopData = [
  ...demoCatalog.products.flatMap((p) => [p.name, p.altName, p.sku]),
  ...demoCatalog.categories.flatMap((c) => [c.name, c.altName]),
  ...demoCatalog.taxRates.map((r) => r.name),
  ...demoMembers.members.map((m) => m.name),
  // the demo payment provider's label (providers.json) and the names given to serve
  'Sandbox gateway',
].sort((a, b) => b.length - a.length);

/** The Latin words on screen that are neither shop data, codes, numbers nor on the allow list. */
export function englishWords(text: string): string[] {
  let rest = text;
  for (const data of shopData) rest = rest.split(data).join(' ');
  rest = rest
    .replace(/\bhttps?:\/\/\S+/g, ' ') // URLs (the hub address example)
    .replace(/(?:\/[\w.-]+){2,}/g, ' ') // file paths (where the shop's card key goes)
    .replace(/\b[A-Z]{4}(?:-[A-Z]{4})+\b/g, ' ') // the enrollment code example
    .replace(/[\w-]*\d[\w-]*/g, ' '); // anything with a digit: amounts, codes, card UIDs
  const words = rest.match(/[A-Za-z]{2,}/g) ?? [];
  return [...new Set(words.filter((word) => !ALLOWED_LATIN.has(word) && !DECODER_NAMES.includes(word)))];
}

/**
 * Without a CJK font the checks still hold (they read the page's text), but the screenshots show boxes: a
 * warning on a developer's machine, a failure under CI, which installs fonts-noto-cjk (.ci/run).
 */
export function requireCjkFont(): void {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (fonts.status === 0 && fonts.stdout.trim() !== '') return;
  const reason = 'no CJK font (fc-list :lang=zh is empty): the zh-CN screenshots show boxes';
  if (underCi()) throw new Error(`${reason}; .ci/run installs fonts-noto-cjk`);
  console.warn(`${reason}; apt-get install fonts-noto-cjk`);
}
