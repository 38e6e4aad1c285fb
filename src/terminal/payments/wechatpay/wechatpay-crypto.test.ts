import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { v2Example } from '../../../shared/wechatpay-wire.test-util.js';
import { signV2, signV3, verifyV2, verifyV3 } from './wechatpay-crypto.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('API v2 signatures against the published example', () => {
  it('MD5 is WeChat Pay documentation’s 9A0A8659F005D6984697E2CA0A9CF3B7', () => {
    expect(signV2(v2Example.fields, v2Example.key, 'MD5')).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
  });

  it('HMAC-SHA256 over the same string is what `openssl dgst -sha256 -hmac KEY` gives', () => {
    // printf '%s' 'appid=...&key=192006250b4c09247ec02edce69f6a2d' | openssl dgst -sha256 -hmac 192006250b4c09247ec02edce69f6a2d
    expect(signV2(v2Example.fields, v2Example.key, 'HMAC-SHA256')).toBe(
      '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6',
    );
  });

  it('verifies an answer only with its exact sign', () => {
    const signed = { ...v2Example.fields, sign: signV2(v2Example.fields, v2Example.key, 'HMAC-SHA256') };
    expect(verifyV2(signed, v2Example.key, 'HMAC-SHA256')).toBe(true);
    expect(verifyV2({ ...signed, body: 'tset' }, v2Example.key, 'HMAC-SHA256')).toBe(false);
    expect(verifyV2({ ...signed, sign: '' }, v2Example.key, 'HMAC-SHA256')).toBe(false);
  });
});

describe('API v3 signature against OpenSSL (fixtures/README.md)', () => {
  const key = createPrivateKey(fixture('v3-test-merchant-key.pem'));
  const message = fixture('v3-message.txt');
  const expected = fixture('v3-signature.b64').trim();

  it('signs the published example message exactly as `openssl dgst -sha256 -sign` did', () => {
    expect(message).toBe('GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n');
    expect(signV3(message, key)).toBe(expected);
  });

  it('verifies that signature with the public key, and refuses it for another message', () => {
    const pub = createPublicKey(key);
    expect(verifyV3(message, expected, pub)).toBe(true);
    expect(verifyV3(`${message}x`, expected, pub)).toBe(false);
    expect(verifyV3(message, 'not base64!', pub)).toBe(false);
  });
});
