import { denominationsOf } from './denominations.js';
import { TillpointError } from './errors.js';

/** How many of one note or coin were counted. */
export interface DenominationCount {
  /** the denomination's value in minor units */
  readonly value: number;
  readonly count: number;
}

/** Most of one denomination a drawer count takes: more is a typing slip, not a drawer. */
export const maxDenominationCount = 99_999;

/**
 * The total of a drawer count in minor units. Every value must be a denomination of the currency (listed
 * once), every count a whole number from 0 to maxDenominationCount; otherwise shift.count_invalid naming
 * the row, so the pad can point at it.
 */
export function countTotal(currency: string, counts: readonly DenominationCount[]): number {
  const table = denominationsOf(currency);
  if (!table) {
    throw new TillpointError('shift.count_invalid', `The till has no notes and coins for ${currency}.`, {
      currency,
    });
  }
  const seen = new Set<number>();
  let total = 0;
  for (const { value, count } of counts) {
    if (!table.some((d) => d.value === value) || seen.has(value)) {
      throw new TillpointError('shift.count_invalid', `${value} is not a note or coin of ${currency}.`, {
        currency,
        value,
      });
    }
    if (!Number.isSafeInteger(count) || count < 0 || count > maxDenominationCount) {
      throw new TillpointError(
        'shift.count_invalid',
        `Count the notes and coins again: ${count} is not a count.`,
        {
          value,
          count,
        },
      );
    }
    seen.add(value);
    total += value * count;
  }
  return total;
}

/** A count with every denomination of the currency, largest first, zero where none was given. */
export function fullCount(currency: string, counts: readonly DenominationCount[]): DenominationCount[] {
  const given = new Map(counts.map((c) => [c.value, c.count]));
  return (denominationsOf(currency) ?? []).map((d) => ({ value: d.value, count: given.get(d.value) ?? 0 }));
}
