import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { memberTicketDiscount, pointsFor } from './membership.js';
import { money } from './money.js';

describe('pointsFor', () => {
  test('one point per whole currency unit, by the currency exponent', () => {
    expect(pointsFor(money(1299, 'CNY'))).toBe(12);
    expect(pointsFor(money(99, 'CNY'))).toBe(0);
    expect(pointsFor(money(1500, 'JPY'))).toBe(1500);
    expect(pointsFor(money(12_345, 'KWD'))).toBe(12);
  });

  test('never negative, never more than the amount, monotonic', () => {
    fc.assert(
      fc.property(fc.nat(10 ** 12), fc.nat(10 ** 6), (a, extra) => {
        const p = pointsFor(money(a, 'CNY'));
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p * 100).toBeLessThanOrEqual(a);
        expect(pointsFor(money(a + extra, 'CNY'))).toBeGreaterThanOrEqual(p);
      }),
    );
  });
});

test('a 0 % member gets no ticket discount; others a percent discount', () => {
  expect(memberTicketDiscount(0)).toBeNull();
  expect(memberTicketDiscount(1000)).toEqual({ kind: 'percent', bps: 1000 });
});
