import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPanRun, isLuhnValid, maskPan, maskPanRuns } from './pan.js';
import { withLuhnCheck } from './pan.test-util.js';

/** a card number of 13 to 19 digits whose last digit is its Luhn check digit */
const luhnPan = () => fc.stringMatching(/^\d{12,18}$/).map(withLuhnCheck);

describe('isLuhnValid', () => {
  it('accepts the published test numbers and refuses a changed digit', () => {
    expect(isLuhnValid('79927398713')).toBe(true); // ISO/IEC 7812-1 Annex B's worked example
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('6212345678901234567')).toBe(false);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('41111111111111a1')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
  });

  it('accepts exactly one check digit for any body', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12,18}$/), (body) => {
        const valid = Array.from({ length: 10 }, (_, d) => `${body}${d}`).filter(isLuhnValid);
        expect(valid).toHaveLength(1);
      }),
    );
  });
});

describe('maskPanRuns', () => {
  it('masks a card number anywhere in text, first 6 + last 4, and leaves other numbers', () => {
    expect(maskPanRuns('card 4111111111111111, ref 42')).toBe('card 411111******1111, ref 42');
    expect(maskPanRuns('x4111111111111111y')).toBe('x411111******1111y');
    // a longer run holding a card number is masked whole: what stays visible is 6 and 4 digits
    expect(maskPanRuns('99994111111111111111')).toBe('999941**********1111');
    // a run is searched in every 13-19 digit window, so most long runs are masked; this one has no valid window
    expect(maskPanRuns('4111111111112')).toBe('4111111111112');
    expect(maskPanRuns('4111111111111112')).toBe('411111******1112');
    expect(maskPanRuns('411111111111')).toBe('411111111111');
    expect(maskPanRuns('4111 1111 1111 1111')).toBe('4111 1111 1111 1111');
    expect(maskPan('4111111111111111')).toBe('411111******1111');
  });

  it('leaves no Luhn-valid 13-19 digit run in any text, and changes nothing else', () => {
    const piece = fc.oneof(fc.string(), luhnPan(), fc.stringMatching(/^\d{1,30}$/));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const text = pieces.join('');
        const masked = maskPanRuns(text);
        expect(containsPanRun(masked)).toBe(false);
        expect(masked).toHaveLength(text.length);
        expect(masked.replace(/[\d*]/g, '')).toBe(text.replace(/[\d*]/g, ''));
      }),
    );
  });

  it('finds a card number wherever it was put', () => {
    fc.assert(
      fc.property(fc.string(), luhnPan(), fc.string(), (before, pan, after) => {
        expect(containsPanRun(`${before}${pan}${after}`)).toBe(true);
        expect(maskPanRuns(`${before}${pan}${after}`)).not.toContain(pan);
      }),
    );
  });
});
