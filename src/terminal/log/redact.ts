import { isValidEan13 } from '../../core/barcode.js';
import { holdsLuhnRun, maskPan } from '../../core/pan.js';

/**
 * What a log line must never carry, removed before pino sees it: values under secret-looking keys, card
 * numbers and wallet customer codes inside any string, credentials in URLs, and the exact values the process
 * registered as secret (the host token, merchant keys). Applied at every depth, to Errors too.
 */

export const REDACTED = '[redacted]';

/** Keys (compared without case, '_' and '-') whose values are credentials wherever they appear. */
const secretKeys = new Set([
  'secret',
  'token',
  'password',
  'passwd',
  'pin',
  'authorization',
  'cookie',
  'setcookie',
  'key',
  'apikey',
  'code',
  'customercode',
  'authcode',
  'paycode',
  'enrollcode',
  'pan',
  'cardnumber',
  'track2',
  'cvv',
  'cvc',
]);
const secretKeySuffixes = ['secret', 'token', 'password', 'key', 'pin'];
/** ids that end like a credential but are not one: they are what a support engineer searches for */
const notSecret = new Set(['idempotencykey']);

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  if (notSecret.has(k)) return false;
  return secretKeys.has(k) || secretKeySuffixes.some((s) => k.endsWith(s));
}

/** An error code (`sync.rejected`, `store.disk_full`) under `code` is public and kept. */
const errorCodeShape = /^[a-z_]+(\.[a-z_]+)*$/;

/**
 * Log lines mask more than the screen (core's maskPanRuns): every run of digits that holds a card number
 * (13-19 digits passing Luhn: first 6 and last 4 kept, PCI DSS 3.4) or is a wallet customer code (16 digits or
 * more: a bearer credential, only the last 4 kept). Shorter runs (receipt numbers, epoch milliseconds) stay,
 * and so does a 13-digit product barcode (a valid EAN-13): one in ten passes Luhn by chance, and 13-digit
 * card numbers are no longer issued.
 */
export function maskLogDigits(text: string): string {
  return text.replace(/\d{13,}/g, (run) => {
    if (run.length === 13 && isValidEan13(run)) return run;
    if (holdsLuhnRun(run)) return maskPan(run);
    if (run.length >= 16) return '*'.repeat(run.length - 4) + run.slice(-4);
    return run;
  });
}

/** `?token=…`, `#token=…`, `key=…` in URLs and query strings; `Bearer …` and `HMAC …` credentials. */
const urlCredential = /([?#&;](?:token|access_token|key|secret|code|password|sign)=)[^&#\s"']+/gi;
const authScheme = /\b(Bearer|Basic|HMAC)\s+[A-Za-z0-9._~+/=-]{8,}/g;

export interface Redactor {
  /** An exact value to remove from every line from now on (at least 8 characters, or it is ignored). */
  addSecret(value: string): void;
  text(value: string): string;
  value(value: unknown): unknown;
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  const text = (value: string): string => {
    let out = value;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return maskLogDigits(out.replace(urlCredential, `$1${REDACTED}`).replace(authScheme, `$1 ${REDACTED}`));
  };
  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value === 'bigint') return text(value.toString());
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    if (depth > 8) return '[too deep]';
    seen.add(value);
    if (Array.isArray(value)) return value.slice(0, 100).map((v) => walk(v, depth + 1, seen));
    const source: Record<string, unknown> =
      value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(source)) {
      if (isSecretKey(k) && !(k === 'code' && typeof v === 'string' && errorCodeShape.test(v))) {
        out[k] = v === null || v === undefined ? v : REDACTED;
      } else {
        out[k] = walk(v, depth + 1, seen);
      }
    }
    return out;
  };
  return {
    addSecret(value) {
      if (value.length >= 8) secrets.add(value);
    },
    text,
    value: (value) => walk(value, 0, new WeakSet()),
  };
}

/** An Error's own fields (message, stack, code, details, cause) as a plain object. */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: error.message };
  if (error.stack) fields.stack = error.stack;
  for (const [k, v] of Object.entries(error)) if (!(k in fields)) fields[k] = v;
  if (error.cause !== undefined) fields.cause = error.cause;
  return fields;
}
