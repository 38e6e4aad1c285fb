import type { MoneyDto } from '../../shared/dto.js';

/**
 * Money on screen: integer minor units in, text out (and back, for what a cashier types). No floats: the
 * decimal string is built from the integer and handed to Intl, which formats decimal strings exactly
 * (ECMA-402 Intl.NumberFormat v3, "string numeric values").
 */

/** ISO 4217 minor-unit exponent as Intl knows it: CNY/USD/EUR 2, JPY/KRW 0, KWD 3. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 1234 with exponent 2 -> "12.34"; -5 -> "-0.05". */
export function minorToDecimal(amount: number, exponent: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function formatMoney(money: MoneyDto, locale: string): string {
  const exponent = currencyExponent(money.currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl accepts decimal strings at run time; the lib typing only lists number | bigint.
  return format.format(minorToDecimal(money.amount, exponent) as unknown as number);
}

/**
 * What a cashier types in major units ("2", "1.5", "1.50") -> minor units, or null when it is not a
 * positive amount with at most `exponent` decimals.
 */
export function parseMajorAmount(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const match = /^(\d{1,9})(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}

/** "10" -> 1000 bps, "12.5" -> 1250, "0.01" -> 1; null outside 0.01..100 or with more than 2 decimals. */
export function parsePercentBps(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bps = Number((match[1] ?? '0') + (match[2] ?? '').padEnd(2, '0'));
  return bps >= 1 && bps <= 10_000 ? bps : null;
}

/** 1250 bps -> "12.5%" in the locale's own percent format. */
export function formatBps(bps: number, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  return format.format(minorToDecimal(bps, 4) as unknown as number);
}
