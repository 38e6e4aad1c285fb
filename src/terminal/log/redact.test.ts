import { describe, expect, it } from 'vitest';
import { isLuhnValid as luhnValid } from '../../core/pan.js';
import { createRedactor, isSecretKey, maskLogDigits as maskPanRuns, REDACTED } from './redact.js';

const pan = '4111111111111111'; // a Luhn-valid test card number
const walletCode = '134567890123456789'; // an 18-digit customer code (WeChat Pay's shape)

describe('maskLogDigits', () => {
  it('masks a Luhn-valid card number inside text, first 6 and last 4 kept', () => {
    expect(luhnValid(pan)).toBe(true);
    expect(maskPanRuns(`card ${pan} tapped`)).toBe('card 411111******1111 tapped');
  });
  it('masks a wallet customer code of 16+ digits whether or not it passes Luhn, last 4 kept', () => {
    const out = maskPanRuns(`code=${walletCode}.`);
    expect(out).not.toContain(walletCode);
    expect(out).toContain('6789');
  });
  it('keeps a product barcode (EAN-13) even when it happens to pass Luhn', () => {
    expect(luhnValid('6901234567892')).toBe(true);
    expect(maskPanRuns('scan 6901234567892')).toBe('scan 6901234567892');
    expect(maskPanRuns('card 4222222222222')).toBe('card 422222***2222');
  });
  it('keeps receipt numbers, EAN-8 and epoch milliseconds that are not card numbers', () => {
    expect(maskPanRuns('receipt 1042, ean 96385074, at 1765000000000')).toBe(
      'receipt 1042, ean 96385074, at 1765000000000',
    );
  });
});

describe('createRedactor', () => {
  it('removes values under secret keys at any depth, in arrays and in Errors', () => {
    const r = createRedactor();
    const error = Object.assign(new Error('enroll refused'), {
      code: 'sync.rejected',
      details: { terminalSecret: 's3cr3t-value', hubUrl: 'http://127.0.0.1:1' },
    });
    const out = JSON.stringify(
      r.value({
        a: { b: [{ pin: '1234', password: 'hunter22', apiKey: 'k-123456789' }] },
        code: walletCode,
        idempotencyKey: 'sale:abc',
        err: error,
      }),
    );
    for (const s of ['1234', 'hunter22', 'k-123456789', 's3cr3t-value', walletCode])
      expect(out).not.toContain(s);
    expect(out).toContain('sync.rejected');
    expect(out).toContain('sale:abc');
    expect(out).toContain('http://127.0.0.1:1');
    expect(out).toContain(REDACTED);
  });
  it('removes registered values and URL credentials from any string', () => {
    const r = createRedactor();
    r.addSecret('tok-abcdefghijkl');
    expect(r.text('GET /api?token=tok-abcdefghijkl&x=1')).toBe(`GET /api?token=${REDACTED}&x=1`);
    expect(r.text('said tok-abcdefghijkl twice: tok-abcdefghijkl')).not.toContain('tok-abcdefghijkl');
    expect(r.text('Authorization: Bearer abcdefgh12345678')).not.toContain('abcdefgh12345678');
    expect(r.text('http://127.0.0.1:5/#token=zzzzzzzz')).not.toContain('zzzzzzzz');
  });
  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'x' };
    a.self = a;
    expect(createRedactor().value(a)).toEqual({ name: 'x', self: '[circular]' });
  });
  it('knows which keys are credentials', () => {
    for (const k of ['secret', 'terminal_secret', 'hostToken', 'PIN', 'merchantKey', 'Authorization', 'code'])
      expect(isSecretKey(k)).toBe(true);
    for (const k of ['idempotencyKey', 'reader', 'uid', 'amount', 'state'])
      expect(isSecretKey(k)).toBe(false);
  });
});
