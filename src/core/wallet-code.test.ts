import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyWalletCode, maskWalletCode } from './wallet-code.js';

describe('classifyWalletCode', () => {
  it('knows each wallet by length and prefix', () => {
    const cases: [string, string | null][] = [
      ['120061098828009406', 'wechat'], // WeChat Pay micropay docs
      ['100000000000000000', 'wechat'],
      ['159999999999999999', 'wechat'],
      ['28763443825664394', 'alipay'], // Alipay SDK typings (17 digits)
      ['2500000000000000', 'alipay'], // 16 digits, the shortest
      ['300000000000000000000000', 'alipay'], // 24 digits, the longest
      ['6212345678901234567', 'unionpay'],
      ['910000000000000000', 'qqwallet'],
      ['88000000000000000001', 'sandbox'],
      ['160000000000000000', null], // 16 is not a WeChat prefix
      ['12006109882800940', null], // WeChat is exactly 18 digits
      ['310000000000000000', null],
      ['250000000000000', null], // 15 digits: too short for Alipay
      ['3000000000000000000000000', null], // 25 digits
      ['621234567890123456', null], // UnionPay is 19 digits
      ['8800000000000000000', null],
      [' 120061098828009406', null],
      ['12006109882800940６', null], // a full-width digit is not a digit
      ['', null],
    ];
    for (const [code, wallet] of cases) expect(classifyWalletCode(code), code).toBe(wallet);
  });

  it('never matches two wallets and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{14,26}$/), fc.string()), (text) => {
        const wallet = classifyWalletCode(text);
        if (wallet !== null) expect(text).toMatch(/^\d{16,24}$/);
      }),
    );
  });
});

describe('maskWalletCode', () => {
  it('shows first 4 and last 4 only', () => {
    expect(maskWalletCode('120061098828009406')).toBe('1200…9406');
    expect(maskWalletCode('12345678')).toBe('…5678');
    expect(maskWalletCode('123')).toBe('…');
  });
});
