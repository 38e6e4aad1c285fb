import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReceiptCode, receiptCode, terminalCodePart } from './receipt-code.js';
import { thrownCode } from './test-util.js';

const TERMINAL = '6f1c1a52-8f7e-4f57-9d5e-0c2b7a1f3e11';
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('receipt codes', () => {
  it('are <terminal>-<number>-<check> in the QR alphanumeric set, and parse back', () => {
    const code = receiptCode(TERMINAL, 42);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-42-[0-9A-HJKMNP-TV-Z]$/);
    expect(code.startsWith(`${terminalCodePart(TERMINAL)}-`)).toBe(true);
    expect(parseReceiptCode(code)).toBe(code);
    // as a customer types it: lower case, spaces, no dashes, O for 0, I or L for 1
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(parseReceiptCode(typed)).toBe(code);
    expect(parseReceiptCode(code.replace(/-/g, ''))).toBe(code);
  });

  it('differ between tills and between receipts', () => {
    const other = '0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01';
    expect(terminalCodePart(other)).not.toBe(terminalCodePart(TERMINAL));
    const codes = new Set(Array.from({ length: 2_000 }, (_, i) => receiptCode(TERMINAL, i + 1)));
    expect(codes.size).toBe(2_000);
  });

  it('every single mistyped character is caught', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 10 ** 9 }), (terminalId, number) => {
        const code = receiptCode(terminalId, number);
        for (let i = 0; i < code.length; i++) {
          if (code[i] === '-') continue;
          for (const c of alphabet) {
            if (c === code[i]) continue;
            const typo = code.slice(0, i) + c + code.slice(i + 1);
            // a changed character is either no code at all or a code whose check does not match
            expect(parseReceiptCode(typo), typo).toBeNull();
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('never throws on arbitrary text; refuses what is not a code', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseReceiptCode(text)));
    for (const text of ['', '12345', 'ABCDE-0-0', 'ABCDE--1', 'ABCDU-1-0', 'COLA']) {
      expect(parseReceiptCode(text), text).toBeNull();
    }
    expect(thrownCode(() => receiptCode(TERMINAL, 0))).toBe('invalid_params');
    expect(thrownCode(() => receiptCode('not-a-uuid', 1))).toBe('invalid_params');
  });
});
