import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundCashDue } from './cash-rounding.js';
import { money } from './money.js';
import {
  checkPart,
  checkRefundOfPart,
  leftToPay,
  paidOf,
  partCovers,
  type PaidPart,
} from './split-tender.js';
import { thrownCode } from './test-util.js';

const cny = (amount: number) => money(amount, 'CNY');

describe('split tender', () => {
  it('a part covers its amount, its tender promotion and the cash rounding written off', () => {
    expect(partCovers({ amount: cny(5000) })).toBe(5000);
    expect(partCovers({ amount: cny(950), promotion: { discount: cny(50) } })).toBe(1000);
    expect(partCovers({ amount: cny(1230), rounding: cny(-4) })).toBe(1234);
    expect(partCovers({ amount: cny(1235), rounding: 2 })).toBe(1233);
  });

  it('refuses a part of nothing, or more than is left', () => {
    expect(thrownCode(() => checkPart(cny(100), 0))).toBe('tender.invalid_amount');
    expect(thrownCode(() => checkPart(cny(100), 101))).toBe('tender.invalid_amount');
    expect(checkPart(cny(100), 40)).toEqual({ completes: false });
    expect(checkPart(cny(100), 100)).toEqual({ completes: true });
  });

  type Kind = 'cash' | 'wallet' | 'card';
  const tender = fc.record({
    kind: fc.constantFrom<Kind>('cash', 'wallet', 'card'),
    // the share of what is left this part tries to pay, in thousandths (over 1000: more than is left)
    share: fc.integer({ min: 0, max: 1500 }),
    promotionBps: fc.integer({ min: 0, max: 1000 }),
  });

  it('for any sequence of parts: a sale completes when the parts cover its total, never more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.array(tender, { maxLength: 12 }), (total, tries) => {
        const parts: PaidPart[] = [];
        let completed = false;
        for (const t of tries) {
          if (completed) break;
          const left = leftToPay(cny(total), parts);
          const wanted = Math.floor((left.amount * t.share) / 1000);
          const whole = wanted === left.amount;
          let part: PaidPart;
          if (t.kind === 'cash' && whole) {
            const r = roundCashDue(left, 'down-0.10');
            part = { amount: r.due, rounding: r.rounding };
          } else if (t.kind === 'wallet' && whole && parts.length === 0) {
            // a tender promotion only when one wallet pays the whole sale
            const off = Math.min(left.amount - 1, Math.floor((left.amount * t.promotionBps) / 10_000));
            part = {
              amount: cny(left.amount - Math.max(0, off)),
              promotion: { discount: cny(Math.max(0, off)) },
            };
          } else part = { amount: cny(wanted) };
          let verdict: { completes: boolean } | null = null;
          try {
            verdict = checkPart(left, partCovers(part));
          } catch {
            // refused: nothing written, so nothing covered
            expect(wanted === 0 || wanted > left.amount).toBe(true);
            continue;
          }
          parts.push(part);
          completed = verdict.completes;
        }
        const covered = paidOf(parts);
        expect(covered).toBeLessThanOrEqual(total);
        expect(completed).toBe(covered === total);
        expect(leftToPay(cny(total), parts).amount).toBe(total - covered);
      }),
    );
  });
});

describe('refunds of paid parts', () => {
  it('for any sequence of refund asks: never more is given back per tender than it took', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ part: fc.nat(10), amount: fc.integer({ min: -5, max: 2e6 }) }), {
          maxLength: 30,
        }),
        (paid, asks) => {
          const refunded: number[][] = paid.map(() => []);
          for (const ask of asks) {
            const i = ask.part % paid.length;
            const before = refunded[i]!;
            try {
              checkRefundOfPart(paid[i]!, before, ask.amount);
              before.push(ask.amount);
            } catch {
              // refused: nothing given back
            }
          }
          paid.forEach((p, i) => {
            const back = refunded[i]!.reduce((s, r) => s + r, 0);
            expect(back).toBeLessThanOrEqual(p);
            expect(refunded[i]!.every((r) => r > 0)).toBe(true);
          });
        },
      ),
    );
  });
});
