/**
 * Quick-tender buttons: the exact amount, then the next whole amount of each larger banknote above it — what a
 * customer hands over when they pay with one note or a round sum (¥25.72: ¥30, ¥40, ¥50, ¥100). The notes are
 * the CNY series (1, 5, 10, 20, 50, 100 yuan); ¥1 and ¥5 are left out because at most a few yuan of change is
 * not worth a button. They are in major units scaled by the currency exponent, so USD/EUR get the same
 * sensible default — not a legal tender table.
 */
const QUICK_NOTES_MAJOR = [10, 20, 50, 100] as const;

/** Exact first, then ascending distinct amounts above `due`, at most `max` in all. Minor units throughout. */
export function quickAmounts(due: number, exponent: number, max = 5): number[] {
  if (!Number.isSafeInteger(due) || due <= 0) return [];
  const unit = 10 ** exponent;
  const amounts = [due];
  for (const note of QUICK_NOTES_MAJOR) {
    const step = note * unit;
    // A due that is already a whole number of this note is paid exactly; the next note up is no help.
    const next = Math.ceil(due / step) * step;
    if (next > due && !amounts.includes(next) && Number.isSafeInteger(next)) amounts.push(next);
  }
  return amounts.sort((a, b) => a - b).slice(0, max);
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
