import { describe, expect, it } from 'vitest';
import { scannedText } from './scanned-text.js';

describe('scannedText', () => {
  it('shows a barcode whole, a payment code or card number only by its ends', () => {
    expect(scannedText('6901234567892\n')).toBe('6901234567892');
    expect(scannedText('TEA-1')).toBe('TEA-1');
    expect(scannedText('120061098828009406')).toBe('1200…9406');
    expect(scannedText('4111111111111111')).toBe('4111…1111');
    expect(scannedText('4222222222222')).toBe('4222…2222');
  });
});
