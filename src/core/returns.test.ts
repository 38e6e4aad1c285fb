import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateReturn, checkAllocation, lineShares, planReturn, pointsToReverse } from './returns.js';
import { thrownCode } from './test-util.js';

const sale = {
  currency: 'CNY',
  lines: [
    { id: 'a', quantity: 3, total: 8_400 },
    { id: 'b', quantity: 1, total: 600 },
  ],
  paid: 9_000,
};

describe('planReturn', () => {
  it('pays back the units share of what the line took, refusing what cannot come back', () => {
    expect(planReturn(sale, new Map(), [{ lineId: 'a', quantity: 1 }])).toEqual([
      { lineId: 'a', quantity: 1, amount: 2_800 },
    ]);
    expect(thrownCode(() => planReturn(sale, new Map(), []))).toBe('return.empty');
    expect(thrownCode(() => planReturn(sale, new Map(), [{ lineId: 'x', quantity: 1 }]))).toBe(
      'return.unknown_line',
    );
    expect(
      thrownCode(() =>
        planReturn(sale, new Map(), [
          { lineId: 'b', quantity: 1 },
          { lineId: 'b', quantity: 1 },
        ]),
      ),
    ).toBe('return.unknown_line');
    expect(thrownCode(() => planReturn(sale, new Map([['a', 3]]), [{ lineId: 'a', quantity: 1 }]))).toBe(
      'return.too_many',
    );
  });

  it('shares a cash rounding written off over the lines (the customer gets back what was paid)', () => {
    const rounded = { ...sale, paid: 8_990 };
    const shares = lineShares(rounded);
    expect([...shares.values()].reduce((s, v) => s + v, 0)).toBe(8_990);
  });

  it('property: however the units come back, the returns add up to exactly what was paid, never more', () => {
    const line = fc.record({
      quantity: fc.integer({ min: 1, max: 12 }),
      total: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: -500, max: 500 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 40 }),
        (raw, adjust, steps) => {
          const lines = raw.map((l, i) => ({ id: `l${i}`, ...l }));
          const gross = lines.reduce((s, l) => s + l.total, 0);
          const paid = Math.max(0, gross + adjust);
          const s = { currency: 'CNY', lines, paid };
          const returned = new Map<string, number>();
          let back = 0;
          let k = 0;
          for (const l of lines) {
            while ((returned.get(l.id) ?? 0) < l.quantity) {
              const left = l.quantity - (returned.get(l.id) ?? 0);
              const quantity = Math.min(left, steps[k++ % steps.length]!);
              const [planned] = planReturn(s, returned, [{ lineId: l.id, quantity }]);
              expect(planned!.amount).toBeGreaterThanOrEqual(0);
              back += planned!.amount;
              returned.set(l.id, (returned.get(l.id) ?? 0) + quantity);
            }
          }
          expect(back).toBe(paid);
        },
      ),
    );
  });
});

describe('allocateReturn and checkAllocation', () => {
  it('shares a return over the tenders by what each has left, never more than that', () => {
    const payments = [
      { id: 'cash', left: 5_000 },
      { id: 'wallet', left: 3_400 },
    ];
    expect(allocateReturn(2_800, 'CNY', payments)).toEqual([
      { paymentId: 'cash', amount: 1_667 },
      { paymentId: 'wallet', amount: 1_133 },
    ]);
    expect(allocateReturn(0, 'CNY', payments)).toEqual([]);
    expect(thrownCode(() => allocateReturn(8_401, 'CNY', payments))).toBe('return.too_many');
    expect(checkAllocation(2_800, payments, [{ paymentId: 'cash', amount: 2_800 }])).toEqual([
      { paymentId: 'cash', amount: 2_800 },
    ]);
    expect(thrownCode(() => checkAllocation(3_500, payments, [{ paymentId: 'wallet', amount: 3_500 }]))).toBe(
      'return.bad_allocation',
    );
    expect(thrownCode(() => checkAllocation(2_800, payments, [{ paymentId: 'cash', amount: 2_000 }]))).toBe(
      'return.bad_allocation',
    );
    expect(thrownCode(() => checkAllocation(2_800, payments, [{ paymentId: 'card', amount: 2_800 }]))).toBe(
      'return.bad_allocation',
    );
  });

  it('property: the parts add up to the amount and stay within each payment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lefts, share) => {
          const payments = lefts.map((left, i) => ({ id: `p${i}`, left }));
          const total = lefts.reduce((s, l) => s + l, 0);
          const amount = Math.floor(total * share);
          const parts = allocateReturn(amount, 'CNY', payments);
          expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(amount);
          for (const p of parts) {
            expect(p.amount).toBeLessThanOrEqual(payments.find((x) => x.id === p.paymentId)!.left);
          }
        },
      ),
    );
  });
});

describe('returns of a split sale', () => {
  it('property: whatever is returned in whatever order, no tender ever gives back more than it took, and all of it once everything is back', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ quantity: fc.integer({ min: 1, max: 6 }), total: fc.integer({ min: 1, max: 50_000 }) }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 30 }),
        (raw, weights, picks) => {
          const lines = raw.map((l, i) => ({ id: `l${i}`, ...l }));
          const paid = lines.reduce((s, l) => s + l.total, 0);
          // the tenders split what was paid (as a split sale's parts would)
          const parts = allocateReturn(
            paid,
            'CNY',
            weights.map((w, i) => ({ id: `p${i}`, left: w * paid })),
          );
          const took = new Map(parts.map((p) => [p.paymentId, p.amount]));
          const gaveBack = new Map<string, number>();
          const returned = new Map<string, number>();
          const sale = { currency: 'CNY', lines, paid };
          let k = 0;
          while (lines.some((l) => (returned.get(l.id) ?? 0) < l.quantity)) {
            const open = lines.filter((l) => (returned.get(l.id) ?? 0) < l.quantity);
            const line = open[picks[k % picks.length]! % open.length]!;
            const left = line.quantity - (returned.get(line.id) ?? 0);
            const quantity = 1 + (picks[(k + 1) % picks.length]! % left);
            k++;
            const [planned] = planReturn(sale, returned, [{ lineId: line.id, quantity }]);
            returned.set(line.id, (returned.get(line.id) ?? 0) + quantity);
            const payments = [...took].map(([id, amount]) => ({
              id,
              left: amount - (gaveBack.get(id) ?? 0),
            }));
            for (const part of allocateReturn(planned!.amount, 'CNY', payments)) {
              gaveBack.set(part.paymentId, (gaveBack.get(part.paymentId) ?? 0) + part.amount);
              expect(gaveBack.get(part.paymentId)!).toBeLessThanOrEqual(took.get(part.paymentId)!);
            }
          }
          for (const [id, amount] of took) expect(gaveBack.get(id) ?? 0).toBe(amount);
        },
      ),
    );
  });
});

describe('pointsToReverse', () => {
  it('takes back points in proportion, all of them once everything is back', () => {
    expect(pointsToReverse(90, 9_000, 0, 2_800, 0)).toBe(28);
    expect(pointsToReverse(90, 9_000, 2_800, 6_200, 28)).toBe(62);
    expect(pointsToReverse(0, 9_000, 0, 2_800, 0)).toBe(0);
  });
});
