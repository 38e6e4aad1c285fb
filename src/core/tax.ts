import { TillpointError } from './errors.js';
import { scaleRounded } from './rounding.js';
import type { MinorUnits, Money } from './money.js';

export interface TaxRate {
  id: string;
  name: string;
  /** Basis points: 1300 = 13 %. */
  rateBps: number;
  /** true: the price already contains the tax (VAT-style shelf price); false: the tax is added on top. */
  inclusive: boolean;
}

/**
 * THE tax rounding rule of Tillpoint. Tax is computed per line, on the line's net amount (after the line's own
 * discount and its share of the ticket discount), and rounded half away from zero to the minor unit.
 *
 * Why per line and not per total: every line on the receipt then shows a tax that is exactly what was charged,
 * and the receipt's tax total is the plain sum of the printed line taxes, so a customer or an auditor can add
 * the receipt up by hand. Odoo's `round_per_line` (its default tax_calculation_rounding_method) follows the
 * same rule, and China's fapiao lines carry a per-line tax amount for the same reason. The cost is that the
 * sum can differ by a few minor units from tax computed on the total, which is accepted practice.
 */
export const TAX_ROUNDING = { mode: 'half-up', level: 'line' } as const;

const BPS = 10_000;

/**
 * The tax contained in (inclusive) or due on top of (exclusive) a line's net amount.
 * Inclusive: net * bps / (10000 + bps). Exclusive: net * bps / 10000. Both rounded by TAX_ROUNDING.
 */
export function taxOnLine(net: Money, rate: TaxRate): Money {
  if (!Number.isSafeInteger(rate.rateBps) || rate.rateBps < 0) {
    throw new TillpointError(
      'invalid_params',
      `Tax rate "${rate.name}" must be a whole, non-negative rate.`,
      {
        rate,
      },
    );
  }
  const denominator = rate.inclusive ? BPS + rate.rateBps : BPS;
  const amount = scaleRounded(net.amount, rate.rateBps, denominator, TAX_ROUNDING.mode);
  return { amount: (amount === 0 ? 0 : amount) as MinorUnits, currency: net.currency };
}
