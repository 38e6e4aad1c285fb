import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { messageArguments } from './message-arguments.js';
import { createTranslator } from './translate.js';
import { zhCN } from './zh-CN.js';

const keys = Object.keys(en).sort();
const catalogs = { en, 'zh-CN': zhCN };

/** The plural branches a message offers, by argument (en needs `one` and `other`, zh only `other`). */
function pluralOptions(elements: readonly MessageFormatElement[], into: string[] = []): string[] {
  for (const element of elements) {
    if (element.type === TYPE.plural) {
      into.push(`${element.value}:${Object.keys(element.options).sort().join('|')}`);
      for (const option of Object.values(element.options)) pluralOptions(option.value, into);
    }
  }
  return into;
}

describe.each(Object.entries(catalogs))('catalog %s', (locale, catalog) => {
  it('has exactly the English keys, none empty', () => {
    expect(Object.keys(catalog).sort()).toEqual(keys);
    for (const key of keys) expect(catalog[key as keyof typeof en], key).toMatch(/\S/);
  });

  it('parses every message as ICU MessageFormat, with the same arguments as English', () => {
    for (const key of keys) {
      const message = catalog[key as keyof typeof en];
      let ast: MessageFormatElement[] = [];
      expect(() => (ast = parse(message)), `${locale} ${key}`).not.toThrow();
      const english = [...messageArguments(parse(en[key as keyof typeof en])).keys()].sort();
      expect([...messageArguments(ast).keys()].sort(), `${locale} ${key}`).toEqual(english);
    }
  });

  it('offers every plural category the language needs, and an `other`', () => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of keys) {
      for (const entry of pluralOptions(parse(catalog[key as keyof typeof en]))) {
        const offered = entry.split(':')[1]?.split('|') ?? [];
        expect(offered, `${locale} ${key}`).toContain('other');
        for (const category of needed) {
          if (category === 'other' || offered.some((o) => o.startsWith('='))) continue;
          expect(offered, `${locale} ${key} needs "${category}"`).toContain(category);
        }
      }
    }
  });

  it('formats every message with its arguments filled, leaving no placeholder behind', () => {
    const t = createTranslator(catalog, locale);
    for (const key of keys) {
      const params = Object.fromEntries(
        [...messageArguments(parse(en[key as keyof typeof en]))].map(([name]) => [name, 2]),
      );
      const text = t(key as keyof typeof en, params);
      expect(text, `${locale} ${key}`).not.toMatch(/[{}]/);
    }
  });
});

describe('zh-CN', () => {
  it('is written in Chinese: no message is the English one left untranslated', () => {
    const zh = catalogs['zh-CN'];
    const same = keys.filter((key) => {
      const text = zh[key as keyof typeof en];
      return text === en[key as keyof typeof en] && /[A-Za-z]{3,}/.test(text.replace(/\{[^}]*\}/g, ''));
    });
    expect(same).toEqual([]);
  });
});
