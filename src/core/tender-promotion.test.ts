import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from './money.js';
import { amountAfterPromotion, tenderPromotionFor, type TenderPromotionRule } from './tender-promotion.js';

const alipay5: TenderPromotionRule = {
  wallet: 'alipay',
  label: '5 % off with Alipay',
  discount: { kind: 'percent', bps: 500 },
};

describe('tender promotions', () => {
  it('5 % off with the rewarded wallet, rounded half up to the minor unit', () => {
    expect(tenderPromotionFor([alipay5], 'alipay', money(1990, 'CNY'))).toEqual({
      label: '5 % off with Alipay',
      discount: money(100, 'CNY'), // 99.5 -> 100
    });
    expect(amountAfterPromotion(money(1990, 'CNY'), { label: 'x', discount: money(100, 'CNY') })).toEqual(
      money(1890, 'CNY'),
    );
  });

  it('no promotion for another wallet, or below the minimum total', () => {
    expect(tenderPromotionFor([alipay5], 'wechat', money(1990, 'CNY'))).toBeNull();
    expect(tenderPromotionFor([{ ...alipay5, minTotal: 5000 }], 'alipay', money(4999, 'CNY'))).toBeNull();
    expect(tenderPromotionFor([{ ...alipay5, minTotal: 5000 }], 'alipay', money(5000, 'CNY'))).not.toBeNull();
  });

  it('the first matching rule wins', () => {
    const flat: TenderPromotionRule = {
      wallet: 'alipay',
      label: '2 off',
      discount: { kind: 'amount', amount: 200 },
    };
    expect(tenderPromotionFor([flat, alipay5], 'alipay', money(1000, 'CNY'))?.label).toBe('2 off');
  });

  it('never takes the whole amount (property): the customer always pays at least one minor unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.oneof(
          fc.integer({ min: 1, max: 10_000 }).map((bps) => ({ kind: 'percent' as const, bps })),
          fc.integer({ min: 1, max: 20_000_000 }).map((amount) => ({ kind: 'amount' as const, amount })),
        ),
        (total, discount) => {
          const t = money(total, 'CNY');
          const promo = tenderPromotionFor([{ wallet: 'wechat', label: 'p', discount }], 'wechat', t);
          const paid = amountAfterPromotion(t, promo);
          expect(Number.isSafeInteger(paid.amount)).toBe(true);
          if (total <= 1) expect(promo).toBeNull();
          else {
            expect(paid.amount).toBeGreaterThanOrEqual(1);
            expect(paid.amount).toBeLessThanOrEqual(total);
          }
        },
      ),
    );
  });
});
