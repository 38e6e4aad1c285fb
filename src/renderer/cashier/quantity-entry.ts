/** The largest quantity a line takes (the contract's `quantity`, 0-9999). */
export const MAX_QUANTITY = 9_999;
const MAX_QUANTITY_DIGITS = String(MAX_QUANTITY).length;

/**
 * One key on the quantity keypad. The entry starts empty (the line's quantity is shown until a digit comes),
 * so typing "24" sets 24 rather than appending to the 1 already there. "0" alone is kept: confirming it
 * removes the line, as sale.setQuantity does with 0.
 */
export function pressQuantityKey(entry: string, key: string): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return entry.slice(0, -1);
  if (!/^\d{1,2}$/.test(key)) return entry;
  const next = (entry + key).replace(/^0+(?=\d)/, '');
  return next.length > MAX_QUANTITY_DIGITS ? entry : next;
}

/** The quantity an entry sets, or null when nothing was typed. */
export const quantityOf = (entry: string): number | null => (entry === '' ? null : Number(entry));
