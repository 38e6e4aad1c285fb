import { TillpointError } from './errors.js';
import { currencyExponent, money, type Money } from './money.js';
import { divideRounded } from './rounding.js';

/**
 * Cash rounding (抹零): the shop takes a cash total rounded to coins it still handles. `down-0.10` writes
 * the fen off and asks for whole jiao (12.34 -> 12.30), as Chinese shops do; `nearest-0.05` rounds to the
 * nearest five hundredths (12.33 -> 12.35, 12.32 -> 12.30; a tie, possible only with thousandths, rounds up). Only cash is
 * rounded: a wallet or a card pays to the fen.
 */
export type CashRoundingRule = 'none' | 'down-0.10' | 'nearest-0.05';
export const cashRoundingRules: readonly CashRoundingRule[] = ['none', 'down-0.10', 'nearest-0.05'];

export interface RoundedCash {
  /** what cash takes */
  readonly due: Money;
  /** due - the unrounded amount, in minor units: negative when the shop wrote some off */
  readonly rounding: number;
}

/** The step of a rule in minor units of `currency`: 10 fen for down-0.10, 5 fen for nearest-0.05. */
export function cashRoundingStep(rule: CashRoundingRule, currency: string): number {
  if (rule === 'none') return 1;
  const exponent = currencyExponent(currency);
  if (exponent < 2) {
    throw new TillpointError(
      'tender.cash_rounding_invalid',
      `Cash rounding ${rule} needs a currency with hundredths; ${currency} has none. Set it to none.`,
      { rule, currency },
    );
  }
  const hundredth = 10 ** (exponent - 2);
  return rule === 'down-0.10' ? 10 * hundredth : 5 * hundredth;
}

/** The cash due for `due` under `rule`; a rounding never makes a positive due zero or negative. */
export function roundCashDue(due: Money, rule: CashRoundingRule): RoundedCash {
  const step = cashRoundingStep(rule, due.currency);
  // below one step there is no coin to round to: the customer pays it as it is
  if (step === 1 || due.amount < step) return { due, rounding: 0 };
  const mode = rule === 'down-0.10' ? 'floor' : 'half-up';
  const rounded = divideRounded(due.amount, step, mode) * step;
  return { due: money(rounded, due.currency), rounding: rounded - due.amount };
}
