import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseClock,
  parseCustomerPays,
  parseIssueCode,
  parseJsonObject,
  parseMicropay,
  parseOrderRef,
  parsePrecreate,
  parseRefund,
} from './params.js';

const parsers = [
  parseMicropay,
  parsePrecreate,
  parseOrderRef,
  parseRefund,
  parseIssueCode,
  parseCustomerPays,
  parseClock,
];

describe('gateway params', () => {
  it('never throws: any text and any JSON object give a value or a message', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseJsonObject(text);
        expect(typeof parsed.ok).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            'out_trade_no',
            'auth_code',
            'amount',
            'currency',
            'wallet',
            'behaviour',
            'advanceMs',
            'out_refund_no',
            'balance',
            'x',
          ),
          fc.jsonValue(),
        ),
        (body) => {
          for (const parse of parsers) {
            const parsed = parse(body);
            if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });

  it('keeps money integer and codes as strings', () => {
    const good = { out_trade_no: 'a-1', auth_code: '134567890123456789', amount: 100, currency: 'CNY' };
    expect(parseMicropay(good)).toEqual({ ok: true, value: good });
    expect(parseMicropay({ ...good, amount: 0 }).ok).toBe(false);
    expect(parseMicropay({ ...good, amount: 2 ** 53 }).ok).toBe(false);
    expect(parseMicropay({ ...good, amount: 10.5 }).ok).toBe(false);
    expect(parseMicropay({ ...good, auth_code: ' 134567890123456789' }).ok).toBe(false);
    expect(parseMicropay({ ...good, currency: 'cny' }).ok).toBe(false);
    expect(parseMicropay({ ...good, description: 'x'.repeat(129) }).ok).toBe(false);
  });

  it('defaults a code to success and a customer payment to the sandbox wallet', () => {
    expect(parseIssueCode({ wallet: 'alipay' })).toEqual({
      ok: true,
      value: { wallet: 'alipay', behaviour: 'success' },
    });
    expect(parseIssueCode({ wallet: 'alipay', behaviour: 'fly' })).toMatchObject({ ok: false });
    expect(parseCustomerPays({})).toEqual({ ok: true, value: { wallet: 'sandbox' } });
    expect(parseClock({ advanceMs: -1 }).ok).toBe(false);
  });
});
