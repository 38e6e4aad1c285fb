import type { ErrorCode } from './errors.js';

/**
 * A utility bill's payment slip barcode (GS1-128, or GS1 DataMatrix / QR), as a scanner hands it over, read
 * into the four fields a till needs to pay it. GS1 General Specifications (release 24):
 *   - 415  GLN of the invoicing party, N13 with a mod-10 check digit (section 3.8.13, 7.9.1)
 *   - 8020 payment slip reference number, X..25 (section 3.9.13)
 *   - 390n amount payable, local currency, N..15 with n implied decimals (section 3.6.7)
 *   - 12   due date, YYMMDD (section 3.4.4; DD 00 = the last day of the month, section 7.12)
 * A variable-length field that is not the last one ends with FNC1, which a scanner transmits as GS (0x1D).
 * Pure: no I/O, never throws; every rejection is a typed error with a cashier-actionable message.
 */

export type SlipErrorCode = Extract<ErrorCode, `bill.slip_${string}`>;
export interface SlipError {
  code: SlipErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
export type SlipResult<T> = { ok: true; value: T } | { ok: false; error: SlipError };

/** An amount as the slip carries it: its digits and how many of them are decimals (390n: n). */
export interface SlipAmount {
  digits: string;
  decimals: number;
}

export interface PaymentSlip {
  /** GLN of the biller (AI 415), 13 digits, check digit verified */
  gln: string;
  /** the bill's reference (AI 8020): for most billers the account or bill number */
  reference: string;
  /** the amount payable (AI 390n), or null when the slip leaves it to the payer */
  amount: SlipAmount | null;
  /** the due date (AI 12) as YYYY-MM-DD, or null */
  dueDate: string | null;
}

export interface SlipParseOptions {
  /**
   * Characters a keyboard-wedge scanner types where the barcode has FNC1 (it cannot type GS): e.g. '~'
   * or '^]'. Default: none besides GS itself. Never a character GS1's set 82 allows in 8020 values.
   */
  fnc1Substitutes?: readonly string[];
  /** The year today, for the two-digit year's century (GS1 General Specifications 7.12). */
  referenceYear: number;
}

const messages: Record<SlipErrorCode, string> = {
  'bill.slip_empty': "Nothing was scanned. Scan the bill's barcode again, or type the account number.",
  'bill.slip_unknown_ai':
    'This barcode is not a bill payment slip. Scan the barcode printed for payment, or type the account number.',
  'bill.slip_bad_field':
    "The bill's barcode could not be read correctly. Scan it again, or type the account number.",
  'bill.slip_check_digit': 'The biller number in the barcode was misread (check digit wrong). Scan it again.',
  'bill.slip_bad_date': "The due date in the bill's barcode is not a real date. Scan it again.",
  'bill.slip_ambiguous':
    "The scanner dropped the barcode's separators, so it can be read more than one way. Set the scanner to send GS (or ~), or type the account number.",
  'bill.slip_missing_field':
    'This barcode lacks the biller or the bill reference. Type the account number instead.',
};

const fail = (code: SlipErrorCode, details?: Record<string, unknown>): { ok: false; error: SlipError } => ({
  ok: false,
  error: { code, message: messages[code], ...(details ? { details } : {}) },
});

const GS = '\u001d';
/** Longest text read: a slip holds at most 4+13 + 4+25 + 4+15 + 2+6 + separators and an AIM prefix. */
const MAX_INPUT = 128;
/** AIM symbology identifiers of the GS1 carriers (ISO/IEC 15424): GS1-128, GS1 DataMatrix, GS1 QR. */
const AIM_GS1 = [']C1', ']d2', ']Q3'];
/** GS1 General Specifications figure 7.11-1: the 82 characters allowed in an X (alphanumeric) field. */
const SET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

interface AiSpec {
  /** fixed length of the value, or null for variable */
  fixed: number | null;
  max: number;
  numeric: boolean;
}
/** The AIs a payment slip uses; 3900-3909 share one spec (the last digit is the decimals). */
function aiSpec(ai: string): AiSpec | null {
  if (ai === '415') return { fixed: 13, max: 13, numeric: true };
  if (ai === '8020') return { fixed: null, max: 25, numeric: false };
  if (/^390\d$/.test(ai)) return { fixed: null, max: 15, numeric: true };
  if (ai === '12') return { fixed: 6, max: 6, numeric: true };
  return null;
}
/** The AI at the start of `text`: GS1 AIs are prefix-free, so at most one of the lengths 2-4 matches. */
function aiAt(text: string, at: number): string | null {
  for (const len of [2, 3, 4]) {
    const ai = text.slice(at, at + len);
    if (ai.length === len && aiSpec(ai)) return ai;
  }
  return null;
}

/** GS1 mod-10 check digit (General Specifications 7.9.1): weights 3,1,3... from the right, before the check. */
export function gs1CheckDigit(body: string): number {
  let total = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    total += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (total % 10)) % 10;
}
export const isValidGln = (gln: string): boolean =>
  /^\d{13}$/.test(gln) && gs1CheckDigit(gln.slice(0, 12)) === gln.charCodeAt(12) - 48;

/** YYMMDD into YYYY-MM-DD with GS1's sliding century window (7.12): -49..+50 years around the reference. */
function slipDate(value: string, referenceYear: number): string | null {
  const yy = Number(value.slice(0, 2));
  const mm = Number(value.slice(2, 4));
  const dd = Number(value.slice(4, 6));
  const current = referenceYear % 100;
  const century = referenceYear - current;
  const diff = yy - current;
  const year = century + yy + (diff >= 51 ? -100 : diff <= -50 ? 100 : 0);
  if (mm < 1 || mm > 12) return null;
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  const day = dd === 0 ? last : dd;
  if (day > last) return null;
  return `${String(year).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

type Field = [ai: string, value: string];
const fieldKey = (ai: string): string => (ai.startsWith('390') ? '390n' : ai);
/** A slip holds each field once: a reading that repeats one is not a slip (and is not explored further). */
const repeats = (fields: readonly Field[]): boolean =>
  new Set(fields.map(([ai]) => fieldKey(ai))).size !== fields.length;

/** Bracketed human-readable form, "(415)9501234567891(8020)...": typed from the text under the bars. */
function parseBracketed(text: string): SlipResult<Field[]> {
  const fields: Field[] = [];
  const re = /\((\d{2,4})\)([^()]*)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = re.exec(text)) !== null) {
    fields.push([match[1] ?? '', match[2] ?? '']);
    end = re.lastIndex;
  }
  if (end !== text.length || fields.length === 0) return fail('bill.slip_bad_field', { at: end });
  return { ok: true, value: fields };
}

/**
 * Element strings separated where FNC1 was. `greedy`: a variable-length field runs to the segment's end
 * (or its maximum length). Otherwise its separator may have been lost: every length is tried, and the
 * caller takes only a single valid reading.
 */
function readingsOf(segment: string, limit: number, greedy: boolean): Field[][] {
  const out: Field[][] = [];
  const walk = (at: number, acc: Field[]): void => {
    if (out.length >= limit) return;
    if (repeats(acc)) return;
    if (at === segment.length) {
      out.push(acc);
      return;
    }
    const ai = aiAt(segment, at);
    const spec = ai ? aiSpec(ai) : null;
    if (!ai || !spec) return;
    const start = at + ai.length;
    if (spec.fixed !== null) {
      if (start + spec.fixed > segment.length) return;
      walk(start + spec.fixed, [...acc, [ai, segment.slice(start, start + spec.fixed)]]);
      return;
    }
    const longest = Math.min(spec.max, segment.length - start);
    // The whole rest first: the common case of a variable field that ends its segment.
    for (let len = longest; len >= (greedy ? longest : 1); len--) {
      walk(start + len, [...acc, [ai, segment.slice(start, start + len)]]);
    }
  };
  walk(0, []);
  return out;
}

function checkField(ai: string, value: string): SlipError | null {
  const spec = aiSpec(ai);
  if (!spec) return fail('bill.slip_unknown_ai', { ai }).error;
  const badLength =
    spec.fixed !== null ? value.length !== spec.fixed : value.length < 1 || value.length > spec.max;
  const badChars = spec.numeric ? !/^\d+$/.test(value) : !SET_82.test(value);
  if (badLength || badChars) return fail('bill.slip_bad_field', { ai }).error;
  if (ai === '415' && !isValidGln(value)) return fail('bill.slip_check_digit', { ai }).error;
  return null;
}

function toSlip(fields: readonly Field[], referenceYear: number): SlipResult<PaymentSlip> {
  const seen = new Set<string>();
  let gln: string | null = null;
  let reference: string | null = null;
  let amount: SlipAmount | null = null;
  let dueDate: string | null = null;
  for (const [ai, value] of fields) {
    const problem = checkField(ai, value);
    if (problem) return { ok: false, error: problem };
    const key = fieldKey(ai);
    if (seen.has(key)) return fail('bill.slip_bad_field', { ai, repeated: true });
    seen.add(key);
    if (ai === '415') gln = value;
    else if (ai === '8020') reference = value;
    else if (ai === '12') {
      dueDate = slipDate(value, referenceYear);
      if (dueDate === null) return fail('bill.slip_bad_date', { ai, value });
    } else amount = { digits: value, decimals: Number(ai.slice(3)) };
  }
  if (gln === null || reference === null) return fail('bill.slip_missing_field');
  return { ok: true, value: { gln, reference, amount, dueDate } };
}

const sameSlip = (a: PaymentSlip, b: PaymentSlip): boolean =>
  a.gln === b.gln &&
  a.reference === b.reference &&
  a.dueDate === b.dueDate &&
  a.amount?.digits === b.amount?.digits &&
  a.amount?.decimals === b.amount?.decimals;

/** Reads a scanned or typed payment slip. Never throws. */
export function parsePaymentSlip(input: string, opts: SlipParseOptions): SlipResult<PaymentSlip> {
  if (typeof input !== 'string') return fail('bill.slip_empty');
  let text = input.trim();
  if (text.length === 0) return fail('bill.slip_empty');
  if (text.length > MAX_INPUT) return fail('bill.slip_bad_field', { length: text.length });
  const aim = AIM_GS1.find((p) => text.startsWith(p));
  if (aim) text = text.slice(aim.length);
  for (const sub of opts.fnc1Substitutes ?? []) if (sub !== '') text = text.split(sub).join(GS);
  // A leading FNC1 is the GS1 flag character itself (some scanners send it instead of the AIM prefix).
  while (text.startsWith(GS)) text = text.slice(1);
  if (text.length === 0) return fail('bill.slip_empty');
  if (text.startsWith('(')) {
    const fields = parseBracketed(text);
    return fields.ok ? toSlip(fields.value, opts.referenceYear) : fields;
  }
  const segments = text.split(GS).filter((s) => s.length > 0);
  if (segments.length > 4) return fail('bill.slip_bad_field', { segments: segments.length });
  // Every segment's readings; the slip is the one combination that validates. Bounded: at most 4 fields.
  // GS1 General Specifications 7.8.5: a variable field runs to FNC1 or the end. A text with separators
  // kept them, so it is read that way; one without any may have lost them, so every reading is tried.
  const greedy = segments.length > 1;
  const perSegment = segments.map((s) => readingsOf(s, 64, greedy));
  if (perSegment.some((r) => r.length === 0)) {
    const first = segments[perSegment.findIndex((r) => r.length === 0)] ?? '';
    return aiAt(first, 0) === null
      ? fail('bill.slip_unknown_ai', { at: first.slice(0, 4) })
      : fail('bill.slip_bad_field');
  }
  const valid: PaymentSlip[] = [];
  let firstError: SlipError | null = null;
  const combine = (i: number, acc: Field[]): void => {
    if (repeats(acc) || valid.length > 1) return;
    if (i === perSegment.length) {
      const slip = toSlip(acc, opts.referenceYear);
      if (!slip.ok) firstError ??= slip.error;
      else if (!valid.some((v) => sameSlip(v, slip.value))) valid.push(slip.value);
      return;
    }
    for (const reading of perSegment[i] ?? []) combine(i + 1, [...acc, ...reading]);
  };
  combine(0, []);
  const [only] = valid;
  if (!only) return { ok: false, error: firstError ?? messagesFor('bill.slip_bad_field') };
  if (valid.length > 1) return fail('bill.slip_ambiguous');
  return { ok: true, value: only };
}
const messagesFor = (code: SlipErrorCode): SlipError => ({ code, message: messages[code] });

/**
 * The element string of a slip, FNC1 (GS) after each variable-length field that is not last: what a
 * GS1-128 symbol encodes after its leading FNC1, and what bwip-js takes in bracketed form.
 */
export function encodePaymentSlip(slip: PaymentSlip, opts: { bracketed: boolean }): string {
  const [yyyy = '', mm = '', dd = ''] = slip.dueDate?.split('-') ?? [];
  const fields: Field[] = [
    ['415', slip.gln],
    ['8020', slip.reference],
    ...(slip.amount ? ([[`390${slip.amount.decimals}`, slip.amount.digits]] as Field[]) : []),
    ...(slip.dueDate ? ([['12', `${yyyy.slice(2)}${mm}${dd}`]] as Field[]) : []),
  ];
  if (opts.bracketed) return fields.map(([ai, v]) => `(${ai})${v}`).join('');
  return fields
    .map(([ai, v], i) => `${ai}${v}${aiSpec(ai)?.fixed === null && i < fields.length - 1 ? GS : ''}`)
    .join('');
}

/**
 * A slip amount in a currency's minor units (exponent e), with integers only: n decimals on the slip
 * become e decimals; digits beyond the currency's exponent must be zeros. Null when not representable.
 */
export function slipAmountToMinor(amount: SlipAmount, exponent: number): number | null {
  const { digits, decimals } = amount;
  if (decimals <= exponent) {
    const minor = Number(digits) * 10 ** (exponent - decimals);
    return Number.isSafeInteger(minor) ? minor : null;
  }
  const cut = decimals - exponent;
  const kept = digits.length > cut ? digits.slice(0, digits.length - cut) : '0';
  const dropped = digits.slice(Math.max(0, digits.length - cut));
  if (/[^0]/.test(dropped)) return null;
  return Number(kept);
}
