import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  alipayAmount,
  alipayAnswerText,
  alipaySignContent,
  alipayTimestamp,
  parseAlipayAmount,
  parseAlipayTimestamp,
  rawMembers,
} from '../../../shared/alipay-sign.js';
import { certSn, rootCertSn } from './alipay-cert.js';
import { rsa2Sign, rsa2Verify } from './alipay-client.js';

/**
 * Golden tests: Alipay's own published material (its SDK's fixtures, a real signed sandbox answer, the
 * published cert SNs) and signatures made by the OpenSSL command line, so the adapter and the simulator
 * cannot agree on a wrong signature. Sources and commands: fixtures/README.md.
 */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('RSA2 request signatures', () => {
  const params = {
    app_id: '2014072300007148',
    method: 'alipay.trade.pay',
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: '2026-12-07 10:30:00',
    version: '1.0',
    notify_url: '',
    biz_content:
      '{"out_trade_no":"7c4a8d09-ca37-4d5c-9d1a-3f2b1e0a9c11","scene":"bar_code","auth_code":"286880000000000000","subject":"Tillpoint 测试 & sale","total_amount":"2.00"}',
  };

  test('the string to sign: sorted, empty values dropped, sign_type kept, sign never', () => {
    const content = alipaySignContent({ ...params, sign: 'ignored' });
    expect(content).toBe(fixture('request-sign-content.txt'));
    expect(content).toContain('&sign_type=RSA2&');
    expect(content).not.toContain('notify_url');
  });

  test.each(['app-private-key.pem', 'app-private-key-pkcs8.pem'])(
    'SHA256withRSA with %s equals the OpenSSL command line’s signature',
    (file) => {
      const privateKey = createPrivateKey(fixture(file));
      const signature = rsa2Sign(fixture('request-sign-content.txt'), { privateKey });
      expect(signature).toBe(fixture('request-sign.openssl.txt'));
      const alipayPublicKey = createPublicKey(privateKey);
      expect(rsa2Verify(fixture('request-sign-content.txt'), signature, { alipayPublicKey })).toBe(true);
      expect(rsa2Verify(`${fixture('request-sign-content.txt')} `, signature, { alipayPublicKey })).toBe(
        false,
      );
    },
  );
});

describe('answers: the raw text of the response member', () => {
  const alipayPublicKey = createPublicKey(fixture('alipay-public-key.pem'));

  test('a real answer signed by Alipay verifies over its member exactly as received', () => {
    const raw = fixture('alipay-response-signed.txt');
    const answer = alipayAnswerText(raw, 'alipay.open.file.upload');
    expect(answer?.content).toBe(
      '{"code":"10000","msg":"Success","file_id":"CAxAToWB1JsAAAAAAAAAAAAADgSLAQBr"}',
    );
    expect(rsa2Verify(answer!.content, answer!.sign!, { alipayPublicKey })).toBe(true);
    // one character changed in the member: refused
    const tampered = alipayAnswerText(raw.replace('10000', '10003'), 'alipay.open.file.upload');
    expect(rsa2Verify(tampered!.content, tampered!.sign!, { alipayPublicKey })).toBe(false);
  });

  test('escapes such as \\/ stay as they came (a re-serialised object would not verify)', () => {
    const text = '{"alipay_trade_query_response":{"url":"http:\\/\\/x","n":"\\u4e2d"},"sign":"c2ln"}';
    const answer = alipayAnswerText(text, 'alipay.trade.query');
    expect(answer).toEqual({
      member: 'alipay_trade_query_response',
      content: '{"url":"http:\\/\\/x","n":"\\u4e2d"}',
      sign: 'c2ln',
      certSn: null,
    });
    expect(JSON.stringify(JSON.parse(answer!.content))).not.toBe(answer!.content);
  });

  test('the sign may come first, braces and quotes inside strings do not end the member', () => {
    const text =
      ' { "sign" : "c2ln" , "alipay_cert_sn":"abc", "alipay_trade_pay_response" : {"msg":"a}\\"{b","x":[1,{"y":null}]} } ';
    expect(alipayAnswerText(text, 'alipay.trade.pay')).toEqual({
      member: 'alipay_trade_pay_response',
      content: '{"msg":"a}\\"{b","x":[1,{"y":null}]}',
      sign: 'c2ln',
      certSn: 'abc',
    });
  });

  test('an error_response is read when the method’s member is absent; garbage is no answer', () => {
    expect(
      alipayAnswerText('{"error_response":{"code":"40002"},"sign":"c2ln"}', 'alipay.trade.pay')?.member,
    ).toBe('error_response');
    for (const bad of [
      '',
      'null',
      '[]',
      '{"a":1',
      '{"alipay_trade_pay_response":"x"}',
      '{"a":1}}',
      '<html>',
    ]) {
      expect(alipayAnswerText(bad, 'alipay.trade.pay')).toBeNull();
    }
    expect(rawMembers('{}')).toEqual([]);
  });
});

describe('public key certificate mode: cert SNs as Alipay publishes them', () => {
  test('app cert, Alipay cert and root bundle (RSA roots only)', () => {
    expect(certSn(new X509Certificate(fixture('appCertPublicKey_2021001161683774.crt')))).toBe(
      '866efef280dec9137a87d047ac446315',
    );
    expect(certSn(new X509Certificate(fixture('alipayCertPublicKey_RSA2.crt')))).toBe(
      '7513daaaa48aa3ba2e4018d84402479c',
    );
    expect(rootCertSn(fixture('alipayRootCert.crt'))).toBe(
      '687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6',
    );
  });
});

describe('amounts and timestamps', () => {
  test('fen <-> yuan text', () => {
    expect([0, 5, 200, 123_456, 100_000_000].map(alipayAmount)).toEqual([
      '0.00',
      '0.05',
      '2.00',
      '1234.56',
      '1000000.00',
    ]);
    expect(['2', '2.0', '2.00', '0.05', '1234.56'].map(parseAlipayAmount)).toEqual([
      200, 200, 200, 5, 123_456,
    ]);
    for (const bad of ['', '-1', '1.234', '1e3', ' 1', null, {}]) expect(parseAlipayAmount(bad)).toBeNull();
  });

  test('Beijing time, both ways', () => {
    const ms = Date.parse('2026-12-07T02:30:00Z');
    expect(alipayTimestamp(ms)).toBe('2026-12-07 10:30:00');
    expect(parseAlipayTimestamp('2026-12-07 10:30:00')).toBe(ms);
    expect(parseAlipayTimestamp('2026-12-07T10:30:00')).toBeNull();
  });
});
