import { describe, expect, it } from 'vitest';
import { canonicalRequest } from '../shared/gateway-signature.js';
import { hmacHex, NonceCache, sha256Hex, signRequest, verifySignature } from './signature.js';

const merchants = new Map([['m-1', 'key-1']]);
const now = 1_800_000_000_000;
const body = '{"out_trade_no":"a"}';

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

const signed = (over: Partial<Parameters<typeof signRequest>[0]> = {}) =>
  lower(
    signRequest({
      method: 'POST',
      path: '/v1/pay/query',
      body,
      merchantId: 'm-1',
      key: 'key-1',
      timestamp: now,
      nonce: 'n-1',
      ...over,
    }),
  );

const verify = (
  headers: Record<string, string>,
  extra: { nonces?: NonceCache; nowMs?: number; raw?: string } = {},
) =>
  verifySignature({
    method: 'POST',
    path: '/v1/pay/query',
    rawBody: Buffer.from(extra.raw ?? body),
    headers,
    merchants,
    nonces: extra.nonces ?? new NonceCache(),
    nowMs: extra.nowMs ?? now,
  });

describe('request signatures', () => {
  it('signs HMAC-SHA256 over the shared canonical string (a known vector)', () => {
    const canonical = canonicalRequest('POST', '/v1/pay/query', String(now), 'n-1', sha256Hex(body));
    expect(signed()['x-signature']).toBe(hmacHex('key-1', canonical));
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // Published vectors: Wikipedia's HMAC-SHA256 example and the SHA-256 of the empty string.
    expect(hmacHex('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('accepts a good request once', () => {
    const nonces = new NonceCache();
    expect(verify(signed(), { nonces })).toEqual({ ok: true, merchantId: 'm-1' });
    expect(verify(signed(), { nonces })).toMatchObject({ ok: false, code: 'NONCE_REUSED' });
  });

  it('refuses a changed body, a wrong key, a wrong path and a forged signature', () => {
    expect(verify(signed(), { raw: '{"out_trade_no":"b"}' })).toMatchObject({ code: 'SIGN_ERROR' });
    expect(verify(signed({ key: 'other' }))).toMatchObject({ code: 'SIGN_ERROR' });
    expect(verify(signed({ path: '/v1/pay/reverse' }))).toMatchObject({ code: 'SIGN_ERROR' });
    expect(verify({ ...signed(), 'x-signature': 'zz' })).toMatchObject({ code: 'SIGN_ERROR' });
  });

  it('names missing headers, unknown merchants and bad timestamps', () => {
    const { 'x-nonce': _dropped, ...rest } = signed();
    expect(verify(rest)).toMatchObject({ code: 'SIGN_ERROR', message: expect.stringContaining('X-Nonce') });
    expect(verify(signed({ merchantId: 'm-x' }))).toMatchObject({ code: 'UNKNOWN_MERCHANT' });
    expect(verify({ ...signed(), 'x-timestamp': '1.5e12' })).toMatchObject({ code: 'SIGN_ERROR' });
  });

  it('allows ±300 s of clock difference and no more', () => {
    expect(verify(signed({ timestamp: now - 300_000 })).ok).toBe(true);
    expect(verify(signed({ timestamp: now + 300_000 })).ok).toBe(true);
    expect(verify(signed({ timestamp: now - 300_001 }))).toMatchObject({ code: 'TIMESTAMP_SKEW' });
    expect(verify(signed({ timestamp: now + 300_001 }))).toMatchObject({ code: 'TIMESTAMP_SKEW' });
  });

  it('does not burn a nonce on a forged request', () => {
    const nonces = new NonceCache();
    expect(verify(signed({ key: 'forged' }), { nonces })).toMatchObject({ code: 'SIGN_ERROR' });
    expect(verify(signed(), { nonces }).ok).toBe(true);
  });

  it('forgets nonces once their timestamp is outside the window', () => {
    const nonces = new NonceCache(1000);
    expect(nonces.claim('m', 'n', 0, 0)).toBe(true);
    expect(nonces.claim('m', 'n', 0, 1000)).toBe(false);
    nonces.prune(1001);
    expect(nonces.size).toBe(0);
    // Another merchant may use the same nonce.
    expect(nonces.claim('m', 'n', 0, 0)).toBe(true);
    expect(nonces.claim('m2', 'n', 0, 0)).toBe(true);
  });
});
