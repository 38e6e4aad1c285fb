import { discountAmount, type Discount } from './discount.js';
import { money, type Money } from './money.js';

/**
 * A discount that depends on the tender: "5 % off when paying with Alipay". It is
 * offered before the customer pays (payment.options) and taken off the amount charged for that wallet;
 * the sale records it with the payment.
 */
export interface TenderPromotionRule {
  /** the wallet it rewards ('alipay', 'wechat', ...) */
  readonly wallet: string;
  /** what the cashier and the customer read, e.g. "5 % off with Alipay" */
  readonly label: string;
  readonly discount: Discount;
  /** only from this sale total on (minor units of the sale's currency) */
  readonly minTotal?: number;
}

export interface TenderPromotion {
  readonly label: string;
  readonly discount: Money;
}

/**
 * The promotion a wallet gets on `total`, or null. The first matching rule wins (rules are the merchant's,
 * in the order written). A promotion never takes the whole amount: at least one minor unit is charged,
 * because a zero charge is not a wallet payment.
 */
export function tenderPromotionFor(
  rules: readonly TenderPromotionRule[],
  wallet: string,
  total: Money,
): TenderPromotion | null {
  if (total.amount <= 1) return null;
  const rule = rules.find((r) => r.wallet === wallet && total.amount >= (r.minTotal ?? 0));
  if (!rule) return null;
  const off =
    rule.discount.kind === 'amount' && rule.discount.amount >= total.amount
      ? money(total.amount - 1, total.currency)
      : discountAmount(total, rule.discount);
  const capped = off.amount >= total.amount ? money(total.amount - 1, total.currency) : off;
  return capped.amount > 0 ? { label: rule.label, discount: capped } : null;
}

/** What the customer pays with that wallet. */
export const amountAfterPromotion = (total: Money, promotion: TenderPromotion | null): Money =>
  promotion === null ? total : money(total.amount - promotion.discount.amount, total.currency);
