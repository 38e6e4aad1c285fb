import { describe, expect, it } from 'vitest';
import { isSlipText } from './slip-text.js';

describe('isSlipText', () => {
  it('tells a scanned slip from a typed account number', () => {
    expect(isSlipText(']C1415690000000001480201601234567890')).toBe(true);
    expect(isSlipText('(415)6900000000014(8020)1601234567890')).toBe(true);
    expect(isSlipText('415690000000001480201601234567890')).toBe(true);
    // account numbers, a State Grid one included, stay accounts
    expect(isSlipText('1601234567890')).toBe(false);
    expect(isSlipText('13800138000')).toBe(false);
    expect(isSlipText('4156900000000014')).toBe(false);
  });
});
