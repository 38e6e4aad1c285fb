import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  decodeOfflineCode,
  encodeOfflineCode,
  offlineCodeSignedBytes,
  OFFLINE_CODE_PREFIX,
  type OfflineCodeBody,
} from './offline-code.js';
import { checkOfflineCode, type IssuerKey, type OfflineCodeCheckInput } from './offline-code-verify.js';
import { classifyScan } from './scan-classifier.js';

const body: OfflineCodeBody = {
  algorithm: 'sm2-sm3',
  keyId: 'sbx-2026-1',
  userId: '2088000000000001',
  counter: 7,
  issuedAtS: 1_796_000_000,
  validForS: 600,
  creditLimit: 20_000,
  currency: 'CNY',
};
/** a stand-in signature for the pure ordering tests: 8 bytes of a checksum of the signed bytes */
const toySign = (signed: Uint8Array) =>
  Uint8Array.from({ length: 8 }, (_, i) => signed.reduce((a, b, j) => (a * 31 + b + i * j) & 0xff, i));
const toyCheck = (_key: IssuerKey, signed: Uint8Array, sig: Uint8Array) =>
  toySign(signed).every((b, i) => sig[i] === b) && sig.length === 8;
const make = (b: OfflineCodeBody = body) => {
  const signed = offlineCodeSignedBytes(b);
  return encodeOfflineCode(signed, toySign(signed));
};

const arbBody: fc.Arbitrary<OfflineCodeBody> = fc.record({
  algorithm: fc.constantFrom('sm2-sm3' as const, 'ecdsa-p256-sha256' as const),
  keyId: fc.stringMatching(/^[\x21-\x7e]{1,32}$/),
  userId: fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
  counter: fc.integer({ min: 0, max: 0xffff_ffff }),
  issuedAtS: fc.integer({ min: 0, max: 0xffff_ffff }),
  validForS: fc.integer({ min: 1, max: 0xffff }),
  creditLimit: fc.integer({ min: 0, max: 0xffff_ffff }),
  currency: fc.stringMatching(/^[A-Z]{3}$/),
});

describe('offline code format', () => {
  test('round-trips every body and signature, and the classifier knows it', () => {
    fc.assert(
      fc.property(arbBody, fc.uint8Array({ minLength: 8, maxLength: 80 }), (b, sig) => {
        const signed = offlineCodeSignedBytes(b);
        const text = encodeOfflineCode(signed, sig);
        const decoded = decodeOfflineCode(text);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        const { signed: s, signature, ...rest } = decoded.code;
        expect(rest).toEqual(b);
        expect([...s]).toEqual([...signed]);
        expect([...signature]).toEqual([...sig]);
        expect(classifyScan(text)).toEqual({ kind: 'offline-code', code: text });
      }),
    );
  });

  test('fits a QR comfortably: a full-size P-256 or SM2 code stays under 200 characters', () => {
    const text = encodeOfflineCode(offlineCodeSignedBytes(body), new Uint8Array(72).fill(0x30));
    expect(text.length).toBeLessThan(200);
    expect(text.startsWith(OFFLINE_CODE_PREFIX)).toBe(true);
  });

  test('never throws: any text after the prefix is a code or offline_code.malformed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (tail) => {
        const r = decodeOfflineCode(OFFLINE_CODE_PREFIX + tail);
        if (!r.ok) expect(r.error.code).toBe('offline_code.malformed');
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = OFFLINE_CODE_PREFIX + btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
        const r = decodeOfflineCode(text.replace(/\+/g, '-').replace(/\//g, '_'));
        if (!r.ok) expect(r.error.code).toBe('offline_code.malformed');
      }),
    );
  });

  test('a truncated code, trailing bytes and a zero validity are malformed', () => {
    const text = make();
    expect(decodeOfflineCode(text.slice(0, -3)).ok).toBe(false);
    expect(decodeOfflineCode(text + 'AA').ok).toBe(false);
    expect(() => offlineCodeSignedBytes({ ...body, validForS: 0 })).toThrow(RangeError);
  });
});

describe('checkOfflineCode order', () => {
  const key: IssuerKey = {
    keyId: body.keyId,
    issuerId: 'sandbox',
    algorithm: 'sm2-sm3',
    publicKeyHex: '04' + '00'.repeat(64),
    notAfterS: null,
  };
  const input = (over: Partial<OfflineCodeCheckInput> = {}): OfflineCodeCheckInput => ({
    text: make(),
    amount: 1000,
    currency: 'CNY',
    nowS: body.issuedAtS + 10,
    findKey: (id) => (id === key.keyId ? key : undefined),
    checkSignature: toyCheck,
    seen: () => false,
    userUnsettled: () => 0,
    tillUnsettled: 0,
    limits: { skewS: 300, perUserUnsettled: null, tillUnsettled: 50_000 },
    ...over,
  });
  const codeOf = (over: Partial<OfflineCodeCheckInput>) => {
    const r = checkOfflineCode(input(over));
    return r.ok ? 'ok' : r.code;
  };

  test('each check in turn', () => {
    expect(codeOf({})).toBe('ok');
    expect(codeOf({ text: 'TPOC1.x' })).toBe('offline_code.malformed');
    expect(codeOf({ findKey: () => undefined })).toBe('offline_code.unknown_key');
    expect(codeOf({ findKey: () => ({ ...key, algorithm: 'ecdsa-p256-sha256' }) })).toBe(
      'offline_code.unknown_key',
    );
    expect(codeOf({ findKey: () => ({ ...key, notAfterS: body.issuedAtS - 1 }) })).toBe(
      'offline_code.unknown_key',
    );
    expect(codeOf({ findKey: () => ({ ...key, notAfterS: body.issuedAtS }) })).toBe('ok');
    expect(codeOf({ nowS: body.issuedAtS - 301 })).toBe('offline_code.clock_skew');
    expect(codeOf({ nowS: body.issuedAtS - 300 })).toBe('ok');
    expect(codeOf({ nowS: body.issuedAtS + 600 + 300 })).toBe('ok');
    expect(codeOf({ nowS: body.issuedAtS + 600 + 301 })).toBe('offline_code.expired');
    expect(codeOf({ currency: 'USD' })).toBe('offline_code.malformed');
    expect(codeOf({ seen: (i, u, c) => i === 'sandbox' && u === body.userId && c === 7 })).toBe(
      'offline_code.replayed',
    );
    expect(codeOf({ userUnsettled: () => 19_000 })).toBe('ok');
    expect(codeOf({ userUnsettled: () => 19_001 })).toBe('offline_code.over_user_cap');
    expect(codeOf({ limits: { skewS: 300, perUserUnsettled: 999, tillUnsettled: 50_000 } })).toBe(
      'offline_code.over_user_cap',
    );
    expect(codeOf({ tillUnsettled: 49_001 })).toBe('offline_code.over_till_cap');
  });

  test('a changed byte is a bad signature before anything the byte could claim', () => {
    const good = make();
    // the code claims to be expired, but its signature fails first: an attacker's fields are not reported
    const tampered = make({ ...body, issuedAtS: 1 });
    const signedGood = decodeOfflineCode(good);
    const signedBad = decodeOfflineCode(tampered);
    if (!signedGood.ok || !signedBad.ok) throw new Error('fixture');
    const mixed = encodeOfflineCode(signedBad.code.signed, signedGood.code.signature);
    expect(codeOf({ text: mixed })).toBe('offline_code.bad_signature');
  });
});
