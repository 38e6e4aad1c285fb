import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TillpointError } from './errors.js';
import {
  add,
  allocate,
  compare,
  currencyExponent,
  divideRounded,
  formatMoney,
  isCurrencyCode,
  isZero,
  money,
  moneyFromKeypad,
  multiply,
  negate,
  parseDecimal,
  percentOf,
  roundingModes,
  subtract,
  sum,
  toDecimalString,
  zero,
  type Money,
  type RoundingMode,
} from './money.js';
import { thrownCode } from './test-util.js';

const codeOf = thrownCode;

const safeAmount = fc.integer({ min: -1e12, max: 1e12 });
const cny = (amount: number): Money => money(amount, 'CNY');

describe('currencies', () => {
  it('knows the ISO 4217 exponents', () => {
    const expected: Record<string, number> = {
      CNY: 2, USD: 2, EUR: 2, JPY: 0, KRW: 0, HKD: 2, TWD: 2, GBP: 2, CHF: 2, BHD: 3, KWD: 3, JOD: 3,
      OMR: 3, TND: 3, CLF: 4, VND: 0, ISK: 0, THB: 2, BRL: 2, INR: 2, SGD: 2, MOP: 2, AUD: 2, CAD: 2,
    }; // prettier-ignore
    for (const [code, exponent] of Object.entries(expected))
      expect(currencyExponent(code), code).toBe(exponent);
  });

  it('rejects unknown and non-currency codes', () => {
    expect(isCurrencyCode('CNY')).toBe(true);
    for (const code of ['cny', 'XXX', 'XAU', 'ABC', '', 'toString', '__proto__']) {
      expect(isCurrencyCode(code), code).toBe(false);
      expect(codeOf(() => currencyExponent(code))).toBe('money.unknown_currency');
    }
  });
});

describe('money()', () => {
  it('accepts safe integers only', () => {
    expect(money(1050, 'CNY')).toEqual({ amount: 1050, currency: 'CNY' });
    for (const bad of [1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) {
      expect(codeOf(() => money(bad, 'CNY'))).toBe('money.not_integer');
    }
    expect(codeOf(() => money(1, 'XYZ'))).toBe('money.unknown_currency');
    expect(Object.is(money(-0, 'CNY').amount, 0)).toBe(true);
  });
});

describe('arithmetic', () => {
  it('add and subtract are inverse', () => {
    fc.assert(
      fc.property(safeAmount, safeAmount, (a, b) => {
        expect(subtract(add(cny(a), cny(b)), cny(b))).toEqual(cny(a));
        expect(add(subtract(cny(a), cny(b)), cny(b))).toEqual(cny(a));
      }),
    );
  });

  it('add is commutative and zero is neutral; negate flips the sign', () => {
    fc.assert(
      fc.property(safeAmount, safeAmount, (a, b) => {
        expect(add(cny(a), cny(b))).toEqual(add(cny(b), cny(a)));
        expect(add(cny(a), zero('CNY'))).toEqual(cny(a));
        expect(isZero(add(cny(a), negate(cny(a))))).toBe(true);
      }),
    );
  });

  it('refuses to mix currencies', () => {
    const usd = money(1, 'USD');
    for (const op of [add, subtract, compare])
      expect(codeOf(() => op(cny(1), usd))).toBe('money.currency_mismatch');
    expect(codeOf(() => sum([cny(1), usd], 'CNY'))).toBe('money.currency_mismatch');
  });

  it('throws money.overflow beyond Number.MAX_SAFE_INTEGER', () => {
    const max = cny(Number.MAX_SAFE_INTEGER);
    expect(codeOf(() => add(max, cny(1)))).toBe('money.overflow');
    expect(codeOf(() => subtract(negate(max), cny(1)))).toBe('money.overflow');
    expect(codeOf(() => multiply(max, 2))).toBe('money.overflow');
    expect(codeOf(() => sum([max, max], 'CNY'))).toBe('money.overflow');
    expect(add(cny(Number.MAX_SAFE_INTEGER - 1), cny(1)).amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('multiplies by integers exactly and rejects fractions', () => {
    expect(multiply(cny(333), 3).amount).toBe(999);
    expect(multiply(cny(90071992547409), 100).amount).toBe(9007199254740900);
    expect(codeOf(() => multiply(cny(100), 1.5))).toBe('money.not_integer');
  });

  it('compares and sums', () => {
    expect(compare(cny(1), cny(2))).toBe(-1);
    expect(compare(cny(2), cny(2))).toBe(0);
    expect(compare(cny(3), cny(2))).toBe(1);
    expect(sum([], 'JPY')).toEqual(money(0, 'JPY'));
    expect(sum([cny(1), cny(2), cny(3)], 'CNY')).toEqual(cny(6));
  });
});

/** Reference rounding on BigInt written independently: from floor division and the exact remainder. */
function referenceRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const floor = n >= 0n ? n / d : -((-n + d - 1n) / d);
  const rem = n - floor * d; // 0 <= rem < d
  if (rem === 0n) return floor;
  const ceil = floor + 1n;
  const towardZero = n >= 0n ? floor : ceil;
  const awayFromZero = n >= 0n ? ceil : floor;
  const cmp = 2n * rem - d; // <0: nearer floor, >0: nearer ceil
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceil':
      return ceil;
    case 'down':
      return towardZero;
    case 'up':
      return awayFromZero;
    default:
      if (cmp < 0n) return floor;
      if (cmp > 0n) return ceil;
      if (mode === 'half-up') return awayFromZero;
      if (mode === 'half-down') return towardZero;
      return floor % 2n === 0n ? floor : ceil;
  }
}

describe('divideRounded', () => {
  it('matches a BigInt reference for every mode', () => {
    const num = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger(), fc.maxSafeNat());
    const den = fc
      .oneof(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -1e9, max: 1e9 }))
      .filter((d) => d !== 0);
    fc.assert(
      fc.property(num, den, fc.constantFrom(...roundingModes), (n, d, mode) => {
        expect(divideRounded(n, d, mode)).toBe(Number(referenceRound(BigInt(n), BigInt(d), mode)));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds the worked ties as named', () => {
    const table: Record<RoundingMode, [number, number, number, number, number]> = {
      //           5/2 -5/2  7/2  1/3 -1/3
      'half-up': [3, -3, 4, 0, 0],
      'half-down': [2, -2, 3, 0, 0],
      'half-even': [2, -2, 4, 0, 0],
      up: [3, -3, 4, 1, -1],
      down: [2, -2, 3, 0, 0],
      floor: [2, -3, 3, 0, -1],
      ceil: [3, -2, 4, 1, 0],
    };
    for (const mode of roundingModes) {
      const got = [divideRounded(5, 2, mode), divideRounded(-5, 2, mode), divideRounded(7, 2, mode)];
      got.push(divideRounded(1, 3, mode), divideRounded(-1, 3, mode));
      expect(
        got.map((v) => v + 0),
        mode,
      ).toEqual(table[mode]);
    }
  });

  it('is exact where floats are not', () => {
    // 2^53 - 1 over 2 in floating point rounds to 2^52 exactly; exactly it is 4503599627370495.5.
    expect(divideRounded(Number.MAX_SAFE_INTEGER, 2, 'down')).toBe(4503599627370495);
    expect(divideRounded(Number.MAX_SAFE_INTEGER, 2, 'half-even')).toBe(4503599627370496);
    expect(codeOf(() => divideRounded(1.5, 1, 'up'))).toBe('money.not_integer');
    expect(codeOf(() => divideRounded(1, 0, 'up'))).toBe('internal');
  });
});

describe('percentOf', () => {
  it('takes basis points of an amount with the named rounding', () => {
    expect(percentOf(cny(1000), 1300, 'half-up').amount).toBe(130);
    expect(percentOf(cny(50), 100, 'half-up').amount).toBe(1); // 0.5 -> 1
    expect(percentOf(cny(50), 100, 'half-even').amount).toBe(0);
    expect(percentOf(cny(-50), 100, 'half-up').amount).toBe(-1);
    // The intermediate product exceeds 2^53 but stays exact.
    expect(percentOf(cny(Number.MAX_SAFE_INTEGER), 10_000, 'down').amount).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('allocate', () => {
  const weights = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 30 });

  it('parts always sum to the total, each within one unit of its exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), weights, (total, ws) => {
        const parts = allocate(cny(total), ws);
        expect(parts).toHaveLength(ws.length);
        expect(sum(parts, 'CNY').amount).toBe(total);
        const effective = ws.every((w) => w === 0) ? ws.map(() => 1) : ws;
        const weightSum = BigInt(effective.reduce((s, w) => s + w, 0));
        parts.forEach((part, i) => {
          // |part * W - total * w| < W  <=>  part is within 1 of total * w / W
          const diff = BigInt(part.amount) * weightSum - BigInt(total) * BigInt(effective[i] as number);
          expect(diff < weightSum && diff > -weightSum, `part ${i}`).toBe(true);
          expect(part.currency).toBe('CNY');
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic, gives ties to the earliest index and nothing to zero weights', () => {
    expect(allocate(cny(100), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(cny(-100), [1, 1, 1]).map((m) => m.amount)).toEqual([-34, -33, -33]);
    expect(allocate(cny(5), [0, 1, 1]).map((m) => m.amount)).toEqual([0, 3, 2]);
    expect(allocate(cny(10), [0, 0, 0, 0]).map((m) => m.amount)).toEqual([3, 3, 2, 2]);
    expect(allocate(cny(1), [1, 3]).map((m) => m.amount)).toEqual([0, 1]);
    fc.assert(
      fc.property(safeAmount, weights, (total, ws) => {
        expect(allocate(cny(total), ws)).toEqual(allocate(cny(total), [...ws]));
      }),
    );
  });

  it('rejects an empty list and negative or fractional weights', () => {
    expect(codeOf(() => allocate(cny(1), []))).toBe('money.invalid_allocation');
    expect(codeOf(() => allocate(cny(1), [1, -1]))).toBe('money.invalid_allocation');
    expect(codeOf(() => allocate(cny(1), [0.5]))).toBe('money.invalid_allocation');
  });
});

describe('formatting and entry', () => {
  it('builds the decimal string from the integer', () => {
    expect(toDecimalString(cny(123450))).toBe('1234.50');
    expect(toDecimalString(cny(5))).toBe('0.05');
    expect(toDecimalString(cny(-5))).toBe('-0.05');
    expect(toDecimalString(money(-5, 'JPY'))).toBe('-5');
    expect(toDecimalString(money(1, 'BHD'))).toBe('0.001');
    expect(toDecimalString(money(12345, 'CLF'))).toBe('1.2345');
    expect(toDecimalString(cny(Number.MAX_SAFE_INTEGER))).toBe('90071992547409.91');
  });

  it('formats through Intl with the currency exponent, exact at the safe-integer limit', () => {
    expect(formatMoney(cny(123450), 'en-US')).toBe('CN¥1,234.50');
    expect(formatMoney(cny(123450), 'en-US', 'narrowSymbol')).toBe('¥1,234.50');
    expect(formatMoney(cny(1_040_050), 'zh-CN')).toBe('¥10,400.50');
    expect(formatMoney({ amount: 1050, currency: 'JPY' }, 'ja-JP')).toBe('￥1,050');
    expect(formatMoney({ amount: 1234, currency: 'BHD' }, 'en-US')).toMatch(/1\.234/);
    expect(formatMoney({ amount: -250, currency: 'USD' }, 'en-US')).toBe('-$2.50');
    expect(formatMoney({ amount: 123450, currency: 'EUR' }, 'de-DE')).toBe('1.234,50\u00a0€');
    // A float division (amount / 100) would print ...409.90 here.
    expect(formatMoney(cny(Number.MAX_SAFE_INTEGER), 'en-US')).toBe('CN¥90,071,992,547,409.91');
    expect(formatMoney(cny(100), 'not a locale!')).toMatch(/1\.00|1,00/);
    expect(codeOf(() => formatMoney({ amount: 1, currency: 'ZZZ' }, 'en-US'))).toBe('money.unknown_currency');
  });

  it('reads keypad digits as minor units', () => {
    expect(moneyFromKeypad('1050', 'CNY')).toEqual(cny(1050));
    expect(moneyFromKeypad('1050', 'JPY').amount).toBe(1050);
    expect(moneyFromKeypad('', 'CNY')).toEqual(cny(0));
    expect(moneyFromKeypad('0007', 'CNY')).toEqual(cny(7));
    expect(codeOf(() => moneyFromKeypad('10.50', 'CNY'))).toBe('money.not_integer');
    expect(codeOf(() => moneyFromKeypad('-1', 'CNY'))).toBe('money.not_integer');
    expect(codeOf(() => moneyFromKeypad('99999999999999999999', 'CNY'))).toBe('money.overflow');
  });

  it('parses decimals exactly and round-trips with toDecimalString', () => {
    expect(parseDecimal('12.5', 'CNY')).toEqual(cny(1250));
    expect(parseDecimal('-0.05', 'CNY')).toEqual(cny(-5));
    expect(parseDecimal('7', 'JPY').amount).toBe(7);
    expect(codeOf(() => parseDecimal('1.005', 'CNY'))).toBe('money.not_integer');
    expect(codeOf(() => parseDecimal('abc', 'CNY'))).toBe('money.not_integer');
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom('CNY', 'JPY', 'BHD', 'CLF'), (amount, currency) => {
        const m = money(amount, currency);
        expect(parseDecimal(toDecimalString(m), currency)).toEqual(m);
      }),
    );
  });

  it('never throws anything but a TillpointError on arbitrary entry', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('CNY', 'JPY', 'BHD', 'ZZZ'),
        (text, currency) => {
          for (const parse of [moneyFromKeypad, parseDecimal]) {
            try {
              const m = parse(text, currency);
              expect(Number.isSafeInteger(m.amount)).toBe(true);
            } catch (e) {
              expect(e).toBeInstanceOf(TillpointError);
            }
          }
        },
      ),
    );
  });
});
