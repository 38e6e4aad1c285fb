import { keypadAmount, pressKey } from '../cashier/quick-amounts.js';

/** Which figure the keypad types into in the top-up dialog. */
export type TopUpField = 'amount' | 'tendered';

export interface TopUpEntry {
  readonly amountDigits: string;
  /** null: the cashier has not typed a tendered amount, so it follows the amount (exact cash) */
  readonly tenderedDigits: string | null;
  readonly field: TopUpField;
}

export const emptyTopUp: TopUpEntry = { amountDigits: '', tenderedDigits: null, field: 'amount' };

/** Keypad digits are minor units, like the cash keypad: "5" "0" "0" "0" is 50.00. */
export function pressTopUpKey(entry: TopUpEntry, key: string): TopUpEntry {
  if (entry.field === 'amount') return { ...entry, amountDigits: pressKey(entry.amountDigits, key) };
  return { ...entry, tenderedDigits: pressKey(entry.tenderedDigits ?? '', key) };
}

export interface TopUpFigures {
  /** minor units put on the card */
  readonly amount: number;
  /** minor units of cash handed over */
  readonly tendered: number;
  /** change due, or what is still missing when negative */
  readonly change: number;
  readonly canStart: boolean;
}

export function topUpFigures(entry: TopUpEntry): TopUpFigures {
  const amount = keypadAmount(entry.amountDigits);
  const tendered = entry.tenderedDigits === null ? amount : keypadAmount(entry.tenderedDigits);
  return { amount, tendered, change: tendered - amount, canStart: amount > 0 && tendered >= amount };
}
