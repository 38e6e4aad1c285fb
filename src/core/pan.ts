/**
 * Card numbers (PANs, ISO/IEC 7812: 13 to 19 digits, the last a Luhn check digit) in text the till shows,
 * logs or stores. Decoders mask the tags that are meant to hold a PAN; this catches one in any other place
 * (another tag, an error message, a scanned text) as a second line of defence: every run of digits holding
 * 13 to 19 digits that pass the Luhn check is masked first 6 + last 4 (PCI DSS 3.4). About one in ten random
 * digit runs passes Luhn, so this also masks some numbers that are not card numbers; that is the price of
 * never printing one that is.
 */

export const PAN_MIN_DIGITS = 13;
export const PAN_MAX_DIGITS = 19;

/** ISO/IEC 7812-1 Annex B (Luhn): doubling every second digit from the right, the sum is a multiple of 10. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** First 6 + last 4 visible (PCI DSS 3.4); shorter numbers keep only the last 4, or nothing at 4 or less. */
export function maskPan(digits: string): string {
  const n = digits.length;
  if (n <= 4) return '*'.repeat(n);
  if (n < PAN_MIN_DIGITS) return '*'.repeat(n - 4) + digits.slice(-4);
  return digits.slice(0, 6) + '*'.repeat(n - 10) + digits.slice(-4);
}

/** Some 13 to 19 digit window of `run` (all digits) passes Luhn. */
export function holdsLuhnRun(run: string): boolean {
  for (let length = PAN_MIN_DIGITS; length <= Math.min(PAN_MAX_DIGITS, run.length); length++) {
    for (let start = 0; start + length <= run.length; start++) {
      if (isLuhnValid(run.slice(start, start + length))) return true;
    }
  }
  return false;
}

/**
 * `text` with every maximal run of ASCII digits that holds a Luhn-valid 13 to 19 digit window masked first 6
 * + last 4 (a longer run too: what stays visible is never 13 digits in a row). Other text is unchanged.
 */
export function maskPanRuns(text: string): string {
  return text.replace(/\d{13,}/g, (run) => (holdsLuhnRun(run) ? maskPan(run) : run));
}

/** Whether `text` holds a Luhn-valid run of 13 to 19 digits anywhere (what maskPanRuns removes). */
export const containsPanRun = (text: string): boolean => (text.match(/\d{13,}/g) ?? []).some(holdsLuhnRun);
