import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './hub-crypto.js';

/** The first version of canonicalJson: stored payload hashes were made with it, so its output is the rule. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => reference(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'é' }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":"é","z":null}]},"b":1}',
    );
    expect(canonicalJson({ 10: 'x', 9: 'y', '-1': 'z', __proto__x: 1 })).toBe(
      '{"-1":"z","10":"x","9":"y","__proto__x":1}',
    );
  });

  it('gives exactly what the first version gave, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
        const reparsed: unknown = JSON.parse(JSON.stringify(v));
        expect(canonicalJson(reparsed)).toBe(reference(v));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keys with quotes, escapes, surrogates and own __proto__ members are quoted like JSON.stringify', () => {
    const v = JSON.parse(
      '{"__proto__":{"a\\"b":1},"\\u0000":2,"\\ud800":3,"ключ":[{"\\n":true}]}',
    ) as unknown;
    expect(canonicalJson(v)).toBe(reference(v));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 2 })), (d) => {
        expect(canonicalJson(d)).toBe(reference(d));
      }),
    );
  });
});
