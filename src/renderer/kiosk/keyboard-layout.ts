import chineseModule from 'simple-keyboard-layouts/build/layouts/chinese.js';
import englishModule from 'simple-keyboard-layouts/build/layouts/english.js';

interface Layout {
  readonly layout: Readonly<Record<string, string[]>>;
  /** pinyin → characters: the Chinese layout ships these though the package's type leaves them out */
  readonly layoutCandidates?: Record<string, string>;
}

/**
 * The package ships ES modules without "type": "module": the bundler hands over the layout, TypeScript's
 * NodeNext types it as a CommonJS namespace with `.default`. Unwrap whichever arrives.
 */
function unwrap(module: unknown): Layout {
  let value = module;
  while (value && typeof value === 'object' && !('layout' in value) && 'default' in value) {
    value = (value as { default: unknown }).default;
  }
  return value as Layout;
}

const chinese = unwrap(chineseModule);
const english = unwrap(englishModule);

/** The layouts' keys a product search has no use for (and ".com" would be English on a Chinese screen). */
const unused = new Set(['.com', '@', '{tab}', '{lock}', '{shift}', '`', '\\']);

export interface SearchLayout {
  readonly layout: { readonly default: string[] };
  /** pinyin → characters (the Chinese layout's candidate box), or undefined */
  readonly candidates: Record<string, string> | undefined;
}

const searchRows = (rows: readonly string[]): string[] =>
  rows
    .map((row) =>
      row
        .split(' ')
        .filter((key) => !unused.has(key))
        .join(' '),
    )
    .filter((row) => row.trim() !== '');

/**
 * The search keyboard for the customer's language: simple-keyboard-layouts' Chinese layout with its pinyin
 * candidates (type "kele", pick 可乐; the letters alone search by pinyin initials), or its English layout.
 */
export function searchLayout(locale: string): SearchLayout {
  if (locale.startsWith('zh')) {
    return {
      layout: { default: searchRows(chinese.layout['default'] ?? []) },
      candidates: chinese.layoutCandidates,
    };
  }
  return { layout: { default: searchRows(english.layout['default'] ?? []) }, candidates: undefined };
}
