import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEntry, defaultEntryLimits, jsonDepthExceeds } from './entry-checks.js';

const depthOf = (v: unknown): number =>
  typeof v === 'object' && v !== null
    ? 1 + Math.max(0, ...(Array.isArray(v) ? v : Object.values(v)).map(depthOf))
    : 0;

describe('jsonDepthExceeds (read on the raw text)', () => {
  it('agrees with the parsed depth for any JSON, strings with brackets, quotes and escapes included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, limit) => {
        const text = Buffer.from(JSON.stringify(value));
        expect(jsonDepthExceeds(text, limit)).toBe(depthOf(value) > limit);
      }),
    );
  });

  it('reads a 100,000-deep text in one pass without parsing it', () => {
    const deep = Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(jsonDepthExceeds(deep, 35)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":"\\"[[[[{{{{"}'), 1)).toBe(false);
  });
});

describe('checkEntry', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  it('never throws on arbitrary payloads: an answer or null', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (kind, payload) => {
        const r = checkEntry(kind, payload, payload, '2026-12-07T11:00:00Z', now, defaultEntryLimits);
        expect(r === null || typeof r.code === 'string').toBe(true);
      }),
    );
  });

  it('takes a signed cash rounding, refuses any other negative money', () => {
    const at = '2026-12-07T11:00:00Z';
    expect(checkEntry('x', { rounding: { amount: -3, currency: 'CNY' } }, null, at, now)).toBeNull();
    const raw = { rounding: { amount: -3, currency: 'CNY' }, amount: { amount: -3, currency: 'CNY' } };
    expect(checkEntry('x', raw, raw, at, now)?.code).toBe('hub.entry_amount_invalid');
  });
});
