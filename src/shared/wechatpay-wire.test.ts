import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeXml,
  encodeXml,
  fenText,
  fromWechatNo,
  parseV3Authorization,
  toWechatNo,
  v2StringToSign,
  v3AnswerMessage,
  v3AuthorizationHeader,
  v3RequestMessage,
} from './wechatpay-wire.js';
import { v2Example } from './wechatpay-wire.test-util.js';

describe('API v2 string to sign', () => {
  it('is the published example: sorted, k=v&..., then &key=', () => {
    expect(v2StringToSign(v2Example.fields, v2Example.key)).toBe(
      'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d',
    );
  });

  it('leaves out sign and empty values', () => {
    expect(v2StringToSign({ b: '2', a: '1', sign: 'X', c: '' }, 'k')).toBe('a=1&b=2&key=k');
  });
});

describe('the flat <xml> codec', () => {
  it('reads WeChat-style answers with CDATA, plain text and entities', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <return_code><![CDATA[SUCCESS]]></return_code>\n  <total_fee>1</total_fee>\n  <body>a &amp; b &#x4e2d;</body>\n</xml>';
    expect(decodeXml(xml)).toEqual({
      ok: true,
      value: { return_code: 'SUCCESS', total_fee: '1', body: 'a & b 中' },
    });
  });

  it.each([
    ['<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><a>&x;</a></xml>'],
    ['<xml><a><b>1</b></a></xml>'],
    ['<xml><a x="1">1</a></xml>'],
    ['<xml><a>1</a><a>2</a></xml>'],
    ['<xml><a>1</xml>'],
    ['<xml><a>&unknown;</a></xml>'],
    ['{"json": true}'],
    [''],
  ])('refuses %s with a message, never throwing', (input) => {
    const result = decodeXml(input);
    expect(result.ok).toBe(false);
  });

  it('round-trips any field values, ]]> and markup included', () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/);
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ unit: 'grapheme' })), (fields) => {
        expect(decodeXml(encodeXml(fields))).toEqual({ ok: true, value: fields });
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = decodeXml(`<xml>${text}</xml>`);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

describe('API v3 messages', () => {
  it('ends every part, an empty body too, with \\n (WeChat Pay v3 signing rules)', () => {
    expect(
      v3RequestMessage('get', '/v3/certificates', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', ''),
    ).toBe('GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n');
    expect(v3AnswerMessage('1', 'n', '{}')).toBe('1\nn\n{}\n');
  });

  it('writes and reads the Authorization header', () => {
    const auth = {
      mchid: '1900009191',
      nonce_str: 'abc',
      signature: 'c2ln+/=',
      timestamp: '1554208460',
      serial_no: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
    };
    const header = v3AuthorizationHeader(auth);
    expect(header).toBe(
      'WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="abc",signature="c2ln+/=",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"',
    );
    expect(parseV3Authorization(header)).toEqual(auth);
    expect(parseV3Authorization('Bearer x')).toBeNull();
  });
});

describe('ids and amounts', () => {
  it('sends a UUID without dashes (WeChat allows 32) and gets it back', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(toWechatNo(id)).toBe('0f8fad5bd9cb469fa16570867728950e');
    expect(fromWechatNo(toWechatNo(id))).toBe(id);
  });

  it('writes fen as yuan', () => {
    expect([fenText(0), fenText(5), fenText(1234), fenText(-60)]).toEqual(['0.00', '0.05', '12.34', '-0.60']);
  });
});
