import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorCodes } from './errors.js';
import {
  encodePaymentSlip,
  gs1CheckDigit,
  isValidGln,
  parsePaymentSlip,
  slipAmountToMinor,
  type PaymentSlip,
} from './gs1-payment-slip.js';

const GS = '\u001d';
const opts = { referenceYear: 2026 };
const code = (text: string, o: Parameters<typeof parsePaymentSlip>[1] = opts) => {
  const r = parsePaymentSlip(text, o);
  return r.ok ? 'ok' : r.error.code;
};
/** The research file's lab-tested slip: bwip-js drew it, zxing-wasm read it back. */
const example: PaymentSlip = {
  gln: '9501234567891',
  reference: '2026120612345678',
  amount: { digits: '10400', decimals: 2 },
  dueDate: '2026-12-31',
};

describe('GS1 check digit (General Specifications 7.9.1)', () => {
  it('accepts the GS1 example GLN and refuses every other last digit', () => {
    expect(gs1CheckDigit('950123456789')).toBe(1);
    expect(isValidGln('9501234567891')).toBe(true);
    for (const d of '023456789') expect(isValidGln(`950123456789${d}`)).toBe(false);
  });
});

describe('parsePaymentSlip', () => {
  it('reads a slip with GS after each variable field, and the same behind the AIM prefix ]C1', () => {
    const withGs = `41595012345678918020${example.reference}${GS}390210400${GS}12261231`;
    expect(parsePaymentSlip(withGs, opts)).toEqual({ ok: true, value: example });
    expect(parsePaymentSlip(`]C1${withGs}`, opts)).toEqual({ ok: true, value: example });
  });

  it('reads the bracketed text printed under the bars', () => {
    const text = '(415)9501234567891(8020)2026120612345678(3902)10400(12)261231';
    expect(parsePaymentSlip(text, opts)).toEqual({ ok: true, value: example });
  });

  it('takes a configured FNC1 substitute from a wedge scanner that cannot type GS', () => {
    const tilde = `]C141595012345678918020${example.reference}~390210400~12261231`;
    expect(parsePaymentSlip(tilde, { ...opts, fnc1Substitutes: ['~'] })).toEqual({
      ok: true,
      value: example,
    });
    const caret = `41595012345678918020${example.reference}^]390210400^]12261231`;
    expect(parsePaymentSlip(caret, { ...opts, fnc1Substitutes: ['^]'] })).toEqual({
      ok: true,
      value: example,
    });
  });

  it('trusts the separators it has: a variable field then runs to the next GS', () => {
    // "12261231" inside the reference is part of it, not a due date, because a GS follows the reference
    const r = parsePaymentSlip(`41595012345678918020AB12261231${GS}390210400`, opts);
    expect(r).toMatchObject({ ok: true, value: { reference: 'AB12261231', dueDate: null } });
  });

  it('reads a slip without separators only when one reading exists', () => {
    // fixed-length fields first, the one variable field last: unambiguous
    // …but without a reference it is not a slip: refused as missing, not guessed
    expect(code(`415950123456789112261231390210400`)).toBe('bill.slip_missing_field');
    const orderedOk = `415950123456789112261231802012345678`;
    expect(parsePaymentSlip(orderedOk, opts)).toMatchObject({
      ok: true,
      value: { reference: '12345678', dueDate: '2026-12-31', amount: null },
    });
    // the research example with its GS lost: the reference could swallow the amount, or the amount the date
    const lost = `41595012345678918020${example.reference}39021040012261231`;
    expect(code(lost)).toBe('bill.slip_ambiguous');
  });

  it('names what is wrong', () => {
    expect(code('')).toBe('bill.slip_empty');
    expect(code(']C1')).toBe('bill.slip_empty');
    expect(code('0195012345678903')).toBe('bill.slip_unknown_ai');
    expect(code(`41595012345678928020ABC`)).toBe('bill.slip_check_digit');
    expect(code(`4159501234567891802012345${GS}12261341`)).toBe('bill.slip_bad_date');
    expect(code(`4159501234567891802012345${GS}12260230`)).toBe('bill.slip_bad_date');
    expect(code(`12261231`)).toBe('bill.slip_missing_field');
    expect(code(`41595012345678918020AB#C`)).toBe('bill.slip_bad_field');
    expect(code(`4159501234567891${GS}4159501234567891${GS}8020A`)).toBe('bill.slip_bad_field');
    expect(code('(415)95012345678(8020)X')).toBe('bill.slip_bad_field');
  });

  it('reads DD 00 as the last day of the month and the year by the sliding century (7.12)', () => {
    const at = (yymmdd: string, year: number) => {
      const r = parsePaymentSlip(`41595012345678918020A${GS}12${yymmdd}`, { referenceYear: year });
      return r.ok ? r.value.dueDate : r.error.code;
    };
    expect(at('280200', 2026)).toBe('2028-02-29');
    expect(at('270200', 2026)).toBe('2027-02-28');
    expect(at('760101', 2026)).toBe('2076-01-01');
    expect(at('770101', 2026)).toBe('1977-01-01');
    expect(at('010101', 2099)).toBe('2101-01-01');
  });
});

describe('slipAmountToMinor', () => {
  it('moves the implied decimals to the currency exponent with integers only', () => {
    expect(slipAmountToMinor({ digits: '10400', decimals: 2 }, 2)).toBe(10400);
    expect(slipAmountToMinor({ digits: '104', decimals: 0 }, 2)).toBe(10400);
    expect(slipAmountToMinor({ digits: '104000', decimals: 3 }, 2)).toBe(10400);
    expect(slipAmountToMinor({ digits: '104001', decimals: 3 }, 2)).toBeNull();
    expect(slipAmountToMinor({ digits: '1040', decimals: 2 }, 0)).toBeNull();
    expect(slipAmountToMinor({ digits: '1000', decimals: 2 }, 0)).toBe(10);
    expect(slipAmountToMinor({ digits: '999999999999999', decimals: 0 }, 2)).toBeNull();
  });
});

const glnArb = fc.stringMatching(/^\d{12}$/).map((body) => `${body}${gs1CheckDigit(body)}`);
const set82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const slipArb: fc.Arbitrary<PaymentSlip> = fc.record({
  gln: glnArb,
  reference: fc.string({ unit: fc.constantFrom(...set82), minLength: 1, maxLength: 25 }),
  amount: fc.option(
    fc.record({ digits: fc.stringMatching(/^\d{1,15}$/), decimals: fc.integer({ min: 0, max: 9 }) }),
    { nil: null },
  ),
  dueDate: fc.option(
    fc
      .date({
        min: new Date(Date.UTC(1977, 0, 1)),
        max: new Date(Date.UTC(2076, 11, 31)),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10)),
    { nil: null },
  ),
});

describe('properties', () => {
  it('round trips: encode with GS, then parse, gives the slip back (also bracketed, when no bracket is in it)', () => {
    fc.assert(
      fc.property(slipArb, (slip) => {
        const plain = encodePaymentSlip(slip, { bracketed: false });
        for (const text of [plain, `]C1${plain}`]) {
          const r = parsePaymentSlip(text, opts);
          // Without any GS in it (the reference is the last field) the text cannot tell a lost separator
          // from none: a reference that also reads as reference + due date or amount is refused, not guessed.
          if (!plain.includes(GS) && !r.ok) expect(r.error.code).toBe('bill.slip_ambiguous');
          else expect(r).toEqual({ ok: true, value: slip });
        }
        if (!/[()]/.test(slip.reference)) {
          expect(parsePaymentSlip(encodePaymentSlip(slip, { bracketed: true }), opts)).toEqual({
            ok: true,
            value: slip,
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('with the separators lost, answers the slip itself or a typed error, never another slip', () => {
    fc.assert(
      fc.property(slipArb, (slip) => {
        const r = parsePaymentSlip(encodePaymentSlip(slip, { bracketed: false }).split(GS).join(''), opts);
        if (r.ok) expect(r.value).toEqual(slip);
        else expect(r.error.code).toMatch(/^bill\.slip_/);
      }),
    );
  });

  it('never throws on arbitrary text, and every error is a known code with a message', () => {
    const alphabet = fc.constantFrom(...'0123456789()]C1~^', GS, 'A', '#');
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: alphabet, maxLength: 140 })),
        (text) => {
          const r = parsePaymentSlip(text, { ...opts, fnc1Substitutes: ['~'] });
          if (!r.ok) {
            expect(errorCodes).toContain(r.error.code);
            expect(r.error.message.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
