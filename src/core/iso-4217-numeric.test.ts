import { describe, expect, it } from 'vitest';
import { ISO_4217_EXPONENTS } from './iso-4217.js';
import { currencyAlphaCode, currencyNumericCode, ISO_4217_NUMERIC } from './iso-4217-numeric.js';

describe('ISO 4217 numeric codes', () => {
  it('has the codes EMV QRs use', () => {
    const expected = { CNY: '156', THB: '764', BRL: '986', USD: '840', SGD: '702', INR: '356', ALL: '008' };
    for (const [alpha, numeric] of Object.entries(expected)) expect(currencyNumericCode(alpha)).toBe(numeric);
    expect(currencyNumericCode('XAU')).toBeNull();
    expect(currencyNumericCode('toString')).toBeNull();
    expect(currencyAlphaCode('156')).toBe('CNY');
    expect(currencyAlphaCode('532')).toBe('XCG');
    expect(currencyAlphaCode('999')).toBeNull();
  });

  it('covers exactly the currencies that have exponents, 3 digits each, unique but for ANG/XCG', () => {
    expect(Object.keys(ISO_4217_NUMERIC).sort()).toEqual(Object.keys(ISO_4217_EXPONENTS).sort());
    const numbers = Object.values(ISO_4217_NUMERIC);
    for (const n of numbers) expect(n).toMatch(/^\d{3}$/);
    expect(numbers.length - new Set(numbers).size).toBe(1);
    expect(ISO_4217_NUMERIC.ANG).toBe(ISO_4217_NUMERIC.XCG);
  });
});
