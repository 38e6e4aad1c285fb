import { describe, expect, it } from 'vitest';
import { GatewayLedger } from '../ledger.js';
import { billColumns, feeOf, tradeBill } from './wechatpay-bill.js';

/** The simulator's downloadbill over a ledger driven by plain calls (no HTTP): what each row says. */
const merchant = { mchid: '1900000109', appid: 'wxd930ea5d5a258f4f' };
// 2026-12-07 10:00 in Beijing is 02:00 UTC
const start = Date.UTC(2026, 11, 7, 2, 0, 0);

function day() {
  let now = start;
  let seed = 7;
  const ledger = new GatewayLedger({
    now: () => now,
    randomInt: (n) => (seed = (seed * 31 + 11) % 9973) % n,
  });
  const pay = (no: string, amount: number) => {
    const { auth_code } = ledger.issueCode({ wallet: 'wechat', behaviour: 'success' }) as {
      auth_code: string;
    };
    ledger.micropay(merchant.mchid, { out_trade_no: no, auth_code, amount, currency: 'CNY' });
  };
  return { ledger, pay, later: (ms: number) => (now += ms) };
}

describe('tradeBill', () => {
  it('lists payments, refunds and reversed payments of the Beijing day, with the summary of its rows', () => {
    const { ledger, pay, later } = day();
    pay('paid0000000000000000000000000001', 1000);
    later(60_000);
    ledger.refund(merchant.mchid, {
      out_trade_no: 'paid0000000000000000000000000001',
      out_refund_no: 'r1',
      amount: 250,
    });
    later(1_000);
    pay('revd0000000000000000000000000002', 500);
    ledger.reverse(merchant.mchid, { out_trade_no: 'revd0000000000000000000000000002' });
    // another merchant's order and a payment of the next Beijing day are not in it
    const { auth_code } = ledger.issueCode({ wallet: 'wechat', behaviour: 'success' }) as {
      auth_code: string;
    };
    ledger.micropay('1900000999', {
      out_trade_no: 'other000000000000000000000000003',
      auth_code,
      amount: 9,
      currency: 'CNY',
    });
    later(14 * 3_600_000);
    pay('next0000000000000000000000000004', 700);

    const bill = tradeBill(ledger, merchant, '20261207', 'ALL');
    expect(bill).not.toBeNull();
    const lines = bill!.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(billColumns.join(','));
    const rows = lines.slice(1, -3).map((l) => l.split(',').map((c) => c.replace(/^`/, '')));
    expect(rows.map((r) => [r[0], r[6], r[9], r[12], r[16], r[22], r[24], r[25]])).toEqual([
      [
        '2026-12-07 10:00:00',
        'paid0000000000000000000000000001',
        'SUCCESS',
        '10.00',
        '0.00',
        '0.06',
        '10.00',
        '0.00',
      ],
      [
        '2026-12-07 10:01:00',
        'paid0000000000000000000000000001',
        'REFUND',
        '0.00',
        '2.50',
        '-0.02',
        '0.00',
        '2.50',
      ],
      [
        '2026-12-07 10:01:01',
        'revd0000000000000000000000000002',
        'REVOKED',
        '5.00',
        '0.00',
        '0.03',
        '5.00',
        '0.00',
      ],
    ]);
    expect(rows[1]![15]).toBe('r1');
    expect(lines.at(-2)).toBe(
      ['3', '15.00', '2.50', '0.00', '0.07', '15.00', '2.50'].map((c) => `\`${c}`).join(','),
    );
    expect(tradeBill(ledger, merchant, '20261207', 'REFUND')!.split('\r\n')).toHaveLength(5);
    expect(tradeBill(ledger, merchant, '20261206', 'ALL')).toBeNull();
  });

  it('charges 0.60 % rounded to the fen', () => {
    expect([feeOf(1000), feeOf(83), feeOf(84), feeOf(1)]).toEqual([6, 0, 1, 0]);
  });
});
