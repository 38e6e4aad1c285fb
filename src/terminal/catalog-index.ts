import { createRequire } from 'node:module';
import type * as PinyinModule from 'pinyin-pro';
import { createCatalogIndex, type CatalogIndex } from '../core/catalog.js';
import { money } from '../core/money.js';
import type { ProductDto } from '../shared/dto.js';

/**
 * pinyin-pro is loaded at the first Chinese name, not at start: its dictionary takes ~200 ms and ~20 MB,
 * which every `tillpoint` command and a till with no Chinese names would otherwise pay. Electron's main
 * bundle (CommonJS) has `require`, so esbuild bundles the package in there (the app ships no node_modules);
 * the CLI is an ES module that loads it from node_modules.
 */
type PinyinPro = typeof PinyinModule;
let pinyinPro: PinyinPro | undefined;
function loadPinyinPro(): PinyinPro {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- bundled lazily into the CommonJS main
    return require('pinyin-pro') as PinyinPro;
  } catch {
    // an ES module (the CLI): esbuild's require stand-in throws there, Node's own loads node_modules
    return createRequire(import.meta.url)('pinyin-pro') as PinyinPro;
  }
}
function readings(text: string): string[] {
  pinyinPro ??= loadPinyinPro();
  return pinyinPro.pinyin(text, { toneType: 'none', type: 'array', v: true });
}

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /(\p{Script=Han}+)/u;

/**
 * What a cashier types for a Chinese name on a Latin keyboard: the full pinyin without tones or spaces
 * ("kekoukele") and the initials ("kkkl"), of each word of the text that holds Chinese; Latin letters and
 * digits in such a word stay in place ("LED灯泡" gives "leddengpao" and "leddp"). Words without Chinese are
 * left out: the name itself holds them, and each query word is matched on its own. ü is spelled v, as
 * pinyin keyboards take it ("lvcha"), and u too ("lucha"). Each run of Han characters is read as a whole, so
 * the library picks a word's reading of a polyphonic character (银行 yinhang, 重庆 chongqing).
 */
export function pinyinSearchKeys(text: string): string[] {
  const words = text.split(/\s+/).filter((word) => HAN.test(word));
  if (words.length === 0) return [];
  const full: string[] = [];
  const initials: string[] = [];
  for (const word of words) {
    let f = '';
    let i = '';
    word.split(HAN_RUN).forEach((part, n) => {
      // split() with a capture group: odd entries are the Han runs
      if (n % 2 === 0) {
        f += part;
        i += part;
        return;
      }
      const syllables = readings(part);
      f += syllables.join('');
      i += syllables.map((s) => s.charAt(0)).join('');
    });
    full.push(f);
    initials.push(i);
  }
  const keys = [full.join(' '), initials.join(' ')];
  // pinyin syllables have no v but the one standing for ü
  if (keys[0]!.includes('v')) keys.push(keys[0]!.replaceAll('v', 'u'));
  return keys;
}

/**
 * Pinyin keys by text from the last index built: a hub's catalog change rebuilds the index, and reading
 * 50,000 names again takes about a second (the event loop's), while most names did not change. Only the
 * last build's texts are kept, so the map never outgrows the catalog.
 */
let remembered = new Map<string, readonly string[]>();

/**
 * The terminal's search index over the stored catalog: names, second names, and the pinyin of either when
 * it is Chinese. Built here because core stays free of packages (the pinyin dictionary is one).
 */
export function buildCatalogIndex(products: readonly ProductDto[]): CatalogIndex {
  const next = new Map<string, readonly string[]>();
  const keysOf = (text: string | null | undefined): readonly string[] => {
    if (!text) return [];
    const keys = next.get(text) ?? remembered.get(text) ?? pinyinSearchKeys(text);
    next.set(text, keys);
    return keys;
  };
  const index = createCatalogIndex(
    products.map((p) => ({ ...p, price: money(p.price.amount, p.price.currency) })),
    {
      searchKeys: (p) => [...keysOf(p.name), ...keysOf(p.altName)],
      // a Chinese name sorts by its pinyin (可口可乐 among the k's), ties by the name itself
      sortKey: (p) => {
        const [full] = keysOf(p.name);
        return full === undefined ? p.name : `${full} ${p.name}`;
      },
    },
  );
  remembered = next;
  return index;
}
