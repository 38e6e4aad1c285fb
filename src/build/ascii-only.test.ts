import { build } from 'esbuild';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { asciiOnly } from './ascii-only.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Evaluates a CommonJS source and answers its exports. */
function evaluate(source: string): unknown {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', source)(module, module.exports);
  return module.exports;
}

// characters a regular expression (and a class, and a string) takes literally, from the whole of Unicode
// (surrogate pairs included)
const literal = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((s) => !/[\\/^$.*+?()[\]{}|"-]|[\r\n\u2028\u2029]/.test(s));

describe('asciiOnly', () => {
  it('leaves nothing above U+007F and changes nothing a regular expression or a string means', () => {
    fc.assert(
      fc.property(literal, fc.string({ unit: 'grapheme', maxLength: 12 }), (text, other) => {
        for (const flags of ['', 'u']) {
          const source = `module.exports = { re: /(${text})+/${flags}, cls: /[${text}]/${flags}, str: "${text}" };`;
          const escaped = asciiOnly(source);
          expect(escaped).not.toMatch(/[\u0080-\uffff]/);
          const a = evaluate(source) as { re: RegExp; cls: RegExp; str: string };
          const b = evaluate(escaped) as { re: RegExp; cls: RegExp; str: string };
          expect(b.str).toBe(a.str);
          for (const probe of [text, other, text + other, other + text]) {
            expect(b.re.exec(probe)?.[0]).toBe(a.re.exec(probe)?.[0]);
            expect(b.cls.test(probe)).toBe(a.cls.test(probe));
          }
        }
      }),
    );
  });

  it('drops the backslash of an identity escape, and keeps an escaped backslash before the character', () => {
    expect(asciiOnly('/\\ā/')).toBe('/\\u0101/');
    expect(asciiOnly('/\\\\ā/')).toBe('/\\\\\\u0101/');
    expect((evaluate(asciiOnly('module.exports = /a\\\\ā/;')) as RegExp).test('a\\ā')).toBe(true);
  });

  it("bundled as Electron main bundles it, pinyin-pro reads the demo catalog's names the same once escaped", async () => {
    const result = await build({
      stdin: { contents: "module.exports = require('pinyin-pro');", resolveDir: repo },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'error',
    });
    const source = result.outputFiles[0]!.text;
    // the reason for the rewrite: esbuild leaves pinyin-pro's regular expressions in their characters
    expect(source).toMatch(/[\u0100-\uffff]/);
    type Pinyin = { pinyin: (text: string, options: object) => string[] };
    const raw = evaluate(source) as Pinyin;
    const escaped = evaluate(asciiOnly(source)) as Pinyin;
    const catalog = JSON.parse(readFileSync(path.join(repo, 'assets', 'demo-catalog.json'), 'utf8')) as {
      products: { name: string }[];
    };
    const options = { toneType: 'none', type: 'array', v: true };
    for (const { name } of catalog.products) {
      expect(escaped.pinyin(name, options), name).toEqual(raw.pinyin(name, options));
    }
    // tones are what its regular expressions take apart
    expect(escaped.pinyin('绿茶', { toneType: 'symbol' })).toEqual(
      raw.pinyin('绿茶', { toneType: 'symbol' }),
    );
  });
});
