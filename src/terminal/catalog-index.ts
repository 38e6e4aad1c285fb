import { pinyin } from 'pinyin-pro';
import { createCatalogIndex, type CatalogIndex } from '../core/catalog.js';
import { money } from '../core/money.js';
import type { ProductDto } from '../shared/dto.js';

const HAN_RUN = /(\p{Script=Han}+)/u;

/**
 * What a cashier types for a Chinese name on a Latin keyboard: the full pinyin without tones or spaces
 * ("kekoukele 330ml") and the initials ("kkkl 330ml"), other characters kept as they are. ü is spelled v,
 * as pinyin keyboards take it ("lvcha"), and u too ("lucha"). Each run of Han characters is read as a
 * whole, so the library picks a word's reading of a polyphonic character (银行 yinhang, 重庆 chongqing).
 */
export function pinyinSearchKeys(text: string): string[] {
  const parts = text.split(HAN_RUN);
  if (parts.length === 1) return [];
  let full = '';
  let initials = '';
  parts.forEach((part, i) => {
    // split() with a capture group: odd entries are the Han runs
    if (i % 2 === 0) {
      full += part;
      initials += part;
      return;
    }
    const syllables = pinyin(part, { toneType: 'none', type: 'array', v: true });
    full += syllables.join('');
    initials += syllables.map((s) => s.charAt(0)).join('');
  });
  const keys = [full, initials];
  // pinyin syllables have no v but the one standing for ü
  if (full.includes('v')) keys.push(full.replaceAll('v', 'u'));
  return keys;
}

/**
 * The terminal's search index over the stored catalog: names, second names, and the pinyin of either when
 * it is Chinese. Built here because core stays free of packages (the pinyin dictionary is one).
 */
export function buildCatalogIndex(products: readonly ProductDto[]): CatalogIndex {
  return createCatalogIndex(
    products.map((p) => ({ ...p, price: money(p.price.amount, p.price.currency) })),
    {
      searchKeys: (p) => [...pinyinSearchKeys(p.name), ...(p.altName ? pinyinSearchKeys(p.altName) : [])],
    },
  );
}
