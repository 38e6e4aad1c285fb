import { TillpointError } from './errors.js';
import { ISO_4217_EXPONENTS } from './iso-4217.js';
import { assertSafeInteger, scaleRounded, toSafeNumber, type RoundingMode } from './rounding.js';

export { divideRounded, scaleRounded, roundingModes, type RoundingMode } from './rounding.js';

/**
 * Money is an integer count of minor units plus an ISO 4217 code (Dinero's shape, branded so a raw number
 * cannot be passed where money is meant). Never a float: 10.50 CNY is { amount: 1050, currency: 'CNY' }.
 */
export type MinorUnits = number & { readonly __brand: 'MinorUnits' };
export type CurrencyCode = string & { readonly __brand: 'CurrencyCode' };

export interface Money {
  readonly amount: MinorUnits;
  readonly currency: CurrencyCode;
}

export const isCurrencyCode = (code: string): code is CurrencyCode => Object.hasOwn(ISO_4217_EXPONENTS, code);

export function toCurrencyCode(code: string): CurrencyCode {
  if (!isCurrencyCode(code)) {
    throw new TillpointError('money.unknown_currency', `"${code}" is not a currency this till knows.`, {
      code,
    });
  }
  return code;
}

/** ISO 4217 minor-unit exponent: 2 for CNY (1 yuan = 100 fen), 0 for JPY, 3 for BHD, 4 for CLF. */
export function currencyExponent(code: string): number {
  return ISO_4217_EXPONENTS[toCurrencyCode(code)] as number;
}

export function money(amount: number, currency: string): Money {
  const code = toCurrencyCode(currency);
  assertSafeInteger(amount, 'An amount');
  // -0 would print as "-0.00" in some locales; normalise it away.
  return { amount: (amount === 0 ? 0 : amount) as MinorUnits, currency: code };
}

export const zero = (currency: string): Money => money(0, currency);

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new TillpointError(
      'money.currency_mismatch',
      `Amounts in ${a.currency} and ${b.currency} cannot be combined.`,
      { a: a.currency, b: b.currency },
    );
  }
}

const checked = (value: number, currency: CurrencyCode): Money => {
  if (!Number.isSafeInteger(value)) {
    throw new TillpointError('money.overflow', 'The amount is too large for the till.', { value });
  }
  return { amount: (value === 0 ? 0 : value) as MinorUnits, currency };
};

// The sum or difference of two safe integers is exact in a double up to 2^54, so the safe-integer check
// after the operation is enough to catch overflow.
export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return checked(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return checked(a.amount - b.amount, a.currency);
}

export function multiply(m: Money, factor: number): Money {
  assertSafeInteger(factor, 'A quantity');
  return { amount: toSafeNumber(BigInt(m.amount) * BigInt(factor)) as MinorUnits, currency: m.currency };
}

export const negate = (m: Money): Money => checked(-m.amount, m.currency);
export const isZero = (m: Money): boolean => m.amount === 0;
export const isNegative = (m: Money): boolean => m.amount < 0;
export const isPositive = (m: Money): boolean => m.amount > 0;

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export const equals = (a: Money, b: Money): boolean => a.currency === b.currency && a.amount === b.amount;
export const min = (a: Money, b: Money): Money => (compare(a, b) <= 0 ? a : b);

export function sum(list: readonly Money[], currency: string): Money {
  let total = zero(currency);
  for (const m of list) total = add(total, m);
  return total;
}

/** bps basis points of m (10000 bps = 100 %), rounded by `mode`. */
export function percentOf(m: Money, bps: number, mode: RoundingMode): Money {
  return { amount: scaleRounded(m.amount, bps, 10_000, mode) as MinorUnits, currency: m.currency };
}

/**
 * Largest-remainder (Hamilton) allocation of `total` by non-negative integer weights. The parts always add up
 * to `total` exactly; each part is its exact share rounded down or up by one minor unit; leftover units go to
 * the largest remainders, ties to the earliest index, so the result is deterministic. All-zero weights split
 * evenly. A negative total is allocated as its magnitude and negated, so shares stay symmetric.
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) {
    throw new TillpointError('money.invalid_allocation', 'There is nothing to split the amount over.');
  }
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new TillpointError(
        'money.invalid_allocation',
        'Split weights must be whole numbers, not negative.',
        {
          weights,
        },
      );
    }
  }
  const allZero = weights.every((w) => w === 0);
  const ws = weights.map((w) => BigInt(allZero ? 1 : w));
  const weightSum = ws.reduce((s, w) => s + w, 0n);
  const negative = total.amount < 0;
  const magnitude = BigInt(Math.abs(total.amount));
  const parts = ws.map((w) => (magnitude * w) / weightSum);
  const remainders = ws.map((w) => (magnitude * w) % weightSum);
  let leftover = magnitude - parts.reduce((s, p) => s + p, 0n);
  const order = ws
    .map((_, i) => i)
    .sort((i, j) => {
      const ri = remainders[i] as bigint;
      const rj = remainders[j] as bigint;
      return ri > rj ? -1 : ri < rj ? 1 : i - j;
    });
  for (const i of order) {
    if (leftover === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    leftover -= 1n;
  }
  return parts.map((p) => checked(Number(negative ? -p : p), total.currency));
}

/** The plain decimal string of an amount, e.g. 123450 CNY -> "1234.50", -5 JPY -> "-5". No float involved. */
export function toDecimalString(m: { amount: number; currency: string }): string {
  const exponent = currencyExponent(m.currency);
  assertSafeInteger(m.amount, 'An amount');
  const negative = m.amount < 0;
  const digits = String(Math.abs(m.amount)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${whole}` : whole;
}

const formatters = new Map<string, Intl.NumberFormat>();

type CurrencyDisplay = 'symbol' | 'narrowSymbol';

function currencyFormatter(
  locale: string,
  currency: string,
  exponent: number,
  currencyDisplay: CurrencyDisplay,
): Intl.NumberFormat {
  const key = `${locale}|${currency}|${currencyDisplay}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const options: Intl.NumberFormatOptions = {
      style: 'currency',
      currency,
      currencyDisplay,
      // Our exponent, not CLDR's display digits (CLDR shows HUF/IDR with 0 in cash contexts, for example):
      // the receipt must show exactly the minor units that were charged.
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    };
    try {
      formatter = new Intl.NumberFormat(locale, options);
    } catch {
      // A malformed locale tag must not break a receipt; fall back to the runtime default.
      formatter = new Intl.NumberFormat(undefined, options);
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Locale-aware currency text through Intl.NumberFormat. The amount reaches Intl as a decimal STRING
 * (ECMA-402 Intl.NumberFormat v3 accepts a StringNumericLiteral), so no float division ever happens.
 * `narrowSymbol` drops the country prefix CLDR puts on a foreign currency ("CN¥" in English): right for a
 * till's own screen, where one currency is in use, so "¥" cannot be mistaken.
 */
export function formatMoney(
  m: { amount: number; currency: string },
  locale: string,
  currencyDisplay: CurrencyDisplay = 'symbol',
): string {
  const exponent = currencyExponent(m.currency);
  const text = toDecimalString(m) as `${number}`;
  return currencyFormatter(locale, m.currency, exponent, currencyDisplay).format(text);
}

/**
 * Cash-register entry: every digit typed shifts in as the lowest minor unit, so "1050" is 10.50 CNY and
 * "1050" is 1050 JPY. An empty entry is zero.
 */
export function moneyFromKeypad(digits: string, currency: string): Money {
  const code = toCurrencyCode(currency);
  if (!/^[0-9]*$/.test(digits)) {
    throw new TillpointError('money.not_integer', 'Type digits only.', { digits });
  }
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed.length > 16) {
    throw new TillpointError('money.overflow', 'The amount is too large for the till.', { digits });
  }
  return money(toSafeNumber(BigInt(trimmed === '' ? '0' : trimmed)), code);
}

/**
 * Parses a decimal amount as a person writes it ("12.5", "-3.00", "7"), exactly, into minor units. More
 * fraction digits than the currency has is an error, never a silent rounding.
 */
export function parseDecimal(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = /^\s*(-?)(\d+)(?:\.(\d*))?\s*$/.exec(text);
  if (!match) {
    throw new TillpointError('money.not_integer', `"${text}" is not an amount.`, { text });
  }
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new TillpointError(
      'money.not_integer',
      `${currency} amounts have ${exponent} decimal place${exponent === 1 ? '' : 's'} at most.`,
      { text },
    );
  }
  const units = BigInt(whole + fraction.padEnd(exponent, '0'));
  return money(toSafeNumber(sign === '-' ? -units : units), currency);
}
