import { currencyExponent, formatMoney as formatMoneyIntl, parseDecimal } from '../../core/money.js';

/**
 * Money on screen. Formatting and the ISO 4217 exponents come from src/core/money.ts (integer minor units,
 * handed to Intl as decimal strings); this file adds the screen's minus sign and what a cashier types into a
 * discount field.
 */
export { currencyExponent };

/**
 * The one minus sign on screen: U+2212, as the catalogs write it before a discount ("Discount −¥2.58") and
 * on the quantity stepper. Intl gives en and zh-CN the ASCII hyphen-minus, which is shorter and sits lower,
 * so "−¥2.58" on a line and "-¥3.58" in the totals would look like two different things.
 */
export const MINUS_SIGN = '\u2212';

export function formatMoney(
  m: { amount: number; currency: string },
  locale: string,
  currencyDisplay?: Parameters<typeof formatMoneyIntl>[2],
): string {
  const text = formatMoneyIntl(m, locale, currencyDisplay);
  return m.amount < 0 ? text.replace('-', MINUS_SIGN) : text;
}

/**
 * What a cashier types in major units ("2", "1.5", "1,50") -> minor units, or null when it is not a
 * positive amount with at most the currency's decimals (never rounded silently).
 */
export function parseMajorAmount(text: string, currency: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d{1,12}(\.\d*)?$/.test(trimmed)) return null;
  try {
    const { amount } = parseDecimal(trimmed, currency);
    return amount > 0 ? amount : null;
  } catch {
    return null;
  }
}

/** "10" -> 1000 bps, "12.5" -> 1250, "0.01" -> 1; null outside 0.01..100 or with more than 2 decimals. */
export function parsePercentBps(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bps = Number((match[1] ?? '0') + (match[2] ?? '').padEnd(2, '0'));
  return bps >= 1 && bps <= 10_000 ? bps : null;
}

/** 1250 bps -> "12.5%" in the locale's own percent format; the ratio reaches Intl as a decimal string. */
export function formatBps(bps: number, locale: string): string {
  const digits = String(bps).padStart(5, '0');
  const ratio = `${digits.slice(0, -4)}.${digits.slice(-4)}` as `${number}`;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(ratio);
}
