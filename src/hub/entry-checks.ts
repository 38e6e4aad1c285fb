import { ISO_4217_EXPONENTS } from '../core/iso-4217.js';
import type { ErrorCode } from '../core/errors.js';
import { paidOf } from '../core/split-tender.js';
import type { SaleDtoWire } from '../shared/hub-api.js';

/**
 * What the hub checks in an outbox entry beyond its shape (the zod schema of its kind): the hub is the
 * shop's book of record, so a till with a bug, a damaged database or a forged payload must not put sales
 * into it that do not add up. A failed check rejects that entry alone, with a stable reason code the till
 * parks it with (README "The hub checks what it is told"); nothing of it is stored.
 */
export interface EntryLimits {
  /** the largest amount of any money value, minor units (default 10^10: ¥100,000,000.00) */
  readonly maxAmount: number;
  /** how far before the hub's clock a date in an entry may be (default 90 days: a till offline that long) */
  readonly maxPastMs: number;
  /** how far after the hub's clock (default 1 day: a till whose clock ran ahead, fixed since) */
  readonly maxFutureMs: number;
  /** how deeply an entry's payload may nest objects and arrays (default 32; a sale needs 5) */
  readonly maxDepth: number;
}

export const defaultEntryLimits: EntryLimits = {
  maxAmount: 10_000_000_000,
  maxPastMs: 90 * 24 * 3600_000,
  maxFutureMs: 24 * 3600_000,
  maxDepth: 32,
};

/** Levels a batch adds above each payload: `{"entries": [ {"payload": …} ]}`. */
export const batchWrapperDepth = 3;

export type EntryRejectionCode = Extract<
  ErrorCode,
  | 'hub.entry_unknown_kind'
  | 'hub.entry_invalid'
  | 'hub.entry_amount_invalid'
  | 'hub.entry_currency_unknown'
  | 'hub.entry_currency_mismatch'
  | 'hub.entry_totals_mismatch'
  | 'hub.entry_payments_mismatch'
  | 'hub.entry_date_out_of_window'
>;

export interface EntryRejection {
  readonly code: EntryRejectionCode;
  readonly reason: string;
}

const reject = (code: EntryRejectionCode, reason: string): EntryRejection => ({ code, reason });

/**
 * The deepest nesting of objects and arrays in JSON text, or `limit + 1` as soon as it is passed: read
 * before JSON.parse, so a 100,000-deep field is refused in one pass without building it (a parse, the
 * canonical JSON and the schema check all recurse over it, and a stack overflow answered 500 forever).
 */
export function jsonDepthExceeds(text: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next byte is escaped (a quote or another backslash)
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Money keys whose amount is signed by design. */
const signedMoneyKeys = new Set(['rounding']);

const isDateKey = (key: string) => key.endsWith('At') || key === 'at';

/**
 * Walks a payload once: every number must be a safe integer where money is concerned and never beyond
 * 2^53 anywhere; every money value ({amount, currency}) in a known currency, not negative (except a cash
 * rounding), at most maxAmount; every date field within the window around the hub's clock.
 */
function walk(
  value: unknown,
  key: string,
  path: string,
  now: number,
  limits: EntryLimits,
): EntryRejection | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      return reject('hub.entry_amount_invalid', `${path}: ${value} is beyond 2^53, not an exact number`);
    }
    return null;
  }
  if (typeof value === 'string') {
    if (isDateKey(key)) {
      const at = Date.parse(value);
      if (Number.isFinite(at) && (at < now - limits.maxPastMs || at > now + limits.maxFutureMs)) {
        return reject(
          'hub.entry_date_out_of_window',
          `${path}: ${value} is too far from the hub's clock (${new Date(now).toISOString()}; allowed ` +
            `${Math.round(limits.maxPastMs / 86_400_000)} days before, ${Math.round(limits.maxFutureMs / 3_600_000)} hours after)`,
        );
      }
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = walk(value[i], key, `${path}.${i}`, now, limits);
      if (r) return r;
    }
    return null;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.amount === 'number' && typeof o.currency === 'string') {
    const r = checkMoney(o.amount, o.currency, signedMoneyKeys.has(key), path, limits);
    if (r) return r;
  } else if (typeof o.currency === 'string' && !Object.hasOwn(ISO_4217_EXPONENTS, o.currency)) {
    return reject(
      'hub.entry_currency_unknown',
      `${path}.currency: "${o.currency}" is not an ISO 4217 currency`,
    );
  }
  for (const k of Object.keys(o)) {
    const r = walk(o[k], k, path === '' ? k : `${path}.${k}`, now, limits);
    if (r) return r;
  }
  return null;
}

function checkMoney(
  amount: number,
  currency: string,
  signed: boolean,
  path: string,
  limits: EntryLimits,
): EntryRejection | null {
  const where = path || 'the amount';
  if (!Object.hasOwn(ISO_4217_EXPONENTS, currency)) {
    return reject('hub.entry_currency_unknown', `${where}: "${currency}" is not an ISO 4217 currency`);
  }
  if (!Number.isSafeInteger(amount)) {
    return reject('hub.entry_amount_invalid', `${where}: ${amount} is not a safe integer of minor units`);
  }
  if (amount < 0 && !signed) {
    return reject('hub.entry_amount_invalid', `${where}: ${amount} is negative`);
  }
  if (Math.abs(amount) > limits.maxAmount) {
    return reject(
      'hub.entry_amount_invalid',
      `${where}: ${amount} is over the hub's maximum of ${limits.maxAmount} minor units`,
    );
  }
  return null;
}

/** The sale's own arithmetic, as src/core/cart.ts prices it: lines, their sums, and what paid for it. */
function checkSale(sale: SaleDtoWire, completed: boolean): EntryRejection | null {
  const c = sale.currency;
  const sums = { gross: 0, discount: 0, tax: 0, taxAdded: 0, total: 0 };
  for (const [i, l] of sale.lines.entries()) {
    const at = `lines.${i}`;
    for (const [name, m] of Object.entries({
      unitPrice: l.unitPrice,
      gross: l.gross,
      lineDiscount: l.lineDiscount,
      ticketDiscountShare: l.ticketDiscountShare,
      net: l.net,
      tax: l.tax,
      total: l.total,
    })) {
      if (m.currency !== c) {
        return reject('hub.entry_currency_mismatch', `${at}.${name} is in ${m.currency}, the sale in ${c}`);
      }
    }
    const gross = l.unitPrice.amount * l.quantity;
    const mistakes = [
      gross !== l.gross.amount && `gross ${l.gross.amount} is not ${l.quantity} x ${l.unitPrice.amount}`,
      l.net.amount !== l.gross.amount - l.lineDiscount.amount - l.ticketDiscountShare.amount &&
        `net ${l.net.amount} is not gross less its discounts`,
      l.total.amount !== l.net.amount + (l.taxInclusive ? 0 : l.tax.amount) &&
        `total ${l.total.amount} is not net${l.taxInclusive ? '' : ' plus tax'}`,
    ].filter((m): m is string => typeof m === 'string');
    if (mistakes.length > 0) return reject('hub.entry_totals_mismatch', `${at}: ${mistakes.join('; ')}`);
    sums.gross += l.gross.amount;
    sums.discount += l.lineDiscount.amount + l.ticketDiscountShare.amount;
    sums.tax += l.tax.amount;
    sums.taxAdded += l.taxInclusive ? 0 : l.tax.amount;
    sums.total += l.total.amount;
  }
  const t = sale.totals;
  const pairs: [string, { amount: number; currency: string }, number][] = [
    ['subtotal', t.subtotal, sums.gross],
    ['discount', t.discount, sums.discount],
    ['tax', t.tax, sums.tax],
    ['taxAdded', t.taxAdded, sums.taxAdded],
    ['total', t.total, sums.total],
  ];
  for (const [name, m, expected] of pairs) {
    if (m.currency !== c) {
      return reject('hub.entry_currency_mismatch', `totals.${name} is in ${m.currency}, the sale in ${c}`);
    }
    if (m.amount !== expected) {
      return reject(
        'hub.entry_totals_mismatch',
        `totals.${name} is ${m.amount}, but the lines add up to ${expected}`,
      );
    }
  }
  for (const [i, p] of sale.payments.entries()) {
    if (p.amount.currency !== c) {
      return reject(
        'hub.entry_currency_mismatch',
        `payments.${i} is in ${p.amount.currency}, the sale in ${c}`,
      );
    }
  }
  // split tender: a part covers its amount, its tender promotion and the cash rounding written off
  const covered = paidOf(sale.payments);
  if (completed ? covered !== t.total.amount : covered > t.total.amount) {
    return reject(
      'hub.entry_payments_mismatch',
      `the payments cover ${covered} of a total of ${t.total.amount}` +
        (completed ? ' (a completed sale is paid exactly)' : ' (more than the sale)'),
    );
  }
  return null;
}

/**
 * Checks one entry whose payload passed its kind's schema. `payload` is the parsed copy (known fields);
 * `raw` the payload as sent (all fields), walked for amounts, currencies and dates.
 */
export function checkEntry(
  kind: string,
  payload: unknown,
  raw: unknown,
  createdAt: string,
  now: number,
  limits: EntryLimits = defaultEntryLimits,
): EntryRejection | null {
  const dated = walk(createdAt, 'createdAt', 'createdAt', now, limits);
  if (dated) return dated;
  const walked = walk(raw, '', '', now, limits);
  if (walked) return walked;
  if (kind === 'sale.completed' || kind === 'sale.voided') {
    const sale = payload as SaleDtoWire;
    return checkSale(sale, kind === 'sale.completed' && sale.state === 'completed');
  }
  return null;
}
