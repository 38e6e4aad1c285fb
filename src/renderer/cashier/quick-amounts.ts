/**
 * Quick-tender buttons: the exact amount, then the next round amounts a customer is likely to hand over
 * (the next multiple of each common note). Notes are in major units and scaled by the currency exponent,
 * so the same list serves CNY/USD/EUR (1, 5, 10, 20, 50, 100) — a sensible default, not a legal tender table.
 */
const NOTES_MAJOR = [1, 5, 10, 20, 50, 100] as const;

export function quickAmounts(due: number, exponent: number, max = 4): number[] {
  if (!Number.isSafeInteger(due) || due <= 0) return [];
  const unit = 10 ** exponent;
  const amounts = [due];
  for (const note of NOTES_MAJOR) {
    const step = note * unit;
    const next = Math.ceil(due / step) * step;
    if (next > due && !amounts.includes(next)) amounts.push(next);
    if (amounts.length >= max) break;
  }
  return amounts;
}

/** Keypad digits are minor units, like a cash register: "2" "0" "0" "0" is 20.00. */
export const MAX_KEYPAD_DIGITS = 9;

export function pressKey(digits: string, key: string): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return digits.slice(0, -1);
  if (!/^\d{1,2}$/.test(key)) return digits;
  const next = (digits + key).replace(/^0+/, '');
  return next.length > MAX_KEYPAD_DIGITS ? digits : next;
}

export const keypadAmount = (digits: string): number => (digits === '' ? 0 : Number(digits));
