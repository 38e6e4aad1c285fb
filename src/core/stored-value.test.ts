import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCounter, constantTimeEqual, readSvCard, SV_PAGE_COUNT, type SvScheme } from './stored-value.js';

// The MAC-dependent behaviour is in stored-value.int.test.ts, with a real HMAC-SHA256 (node:crypto).
const noMac: SvScheme = {
  id: 'TPCS',
  key: new Uint8Array(32),
  currency: 'EUR',
  maxBalance: 50_000,
  mac: () => {
    throw new Error('no MAC is computed for a card without the magic');
  },
};

describe('checkCounter', () => {
  it('a counter lower than the highest seen is card.replayed; equal or higher is fine', () => {
    expect(checkCounter(5, null)).toEqual({ ok: true, value: undefined });
    expect(checkCounter(5, 5)).toEqual({ ok: true, value: undefined });
    expect(checkCounter(6, 5)).toEqual({ ok: true, value: undefined });
    const replayed = checkCounter(4, 5);
    expect(replayed).toMatchObject({
      ok: false,
      error: { code: 'card.replayed', details: { cardCounter: 4, lastSeenCounter: 5 } },
    });
  });

  it('agrees with the order of counters', () => {
    fc.assert(
      fc.property(fc.nat(), fc.option(fc.nat()), (card, seen) => {
        expect(checkCounter(card, seen).ok).toBe(seen === null || card >= seen);
      }),
    );
  });
});

describe('constantTimeEqual', () => {
  it('is byte equality', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        const same = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(constantTimeEqual(a, b)).toBe(same);
        expect(constantTimeEqual(a, a.slice())).toBe(true);
      }),
    );
  });
});

describe('readSvCard without the magic', () => {
  it('a blank, short or NDEF-formatted card is card.not_stored_value', () => {
    const uid = Uint8Array.of(4, 1, 2, 3, 4, 5, 6);
    for (const bytes of [
      new Uint8Array(SV_PAGE_COUNT * 4),
      new Uint8Array(3),
      Uint8Array.of(3, 0, 0xfe, 0),
    ]) {
      expect(readSvCard(uid, bytes, noMac)).toMatchObject({
        ok: false,
        error: { code: 'card.not_stored_value' },
      });
    }
  });

  it('never throws on arbitrary bytes that do not start with TPSV', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 160 }), (bytes) => {
        fc.pre(!(bytes[0] === 0x54 && bytes[1] === 0x50 && bytes[2] === 0x53 && bytes[3] === 0x56));
        expect(readSvCard(new Uint8Array(7), bytes, noMac)).toMatchObject({
          ok: false,
          error: { code: 'card.not_stored_value' },
        });
      }),
    );
  });
});
