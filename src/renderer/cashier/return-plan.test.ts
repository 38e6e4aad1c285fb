import { describe, expect, it } from 'vitest';
import type { RefundDto, SaleDto } from '../../shared/dto.js';
import type { ReturnDto } from '../../shared/return-dto.js';
import { en } from '../i18n/en.js';
import { formatMoney } from '../i18n/money-text.js';
import { createTranslator } from '../i18n/translate.js';
import { canReturn, previewReturn, refundablePayments, returnableLines } from './return-plan.js';
import { returnRefundText, tenderName } from './return-text.js';

const t = createTranslator(en);
const money = (m: { amount: number; currency: string }) => formatMoney(m, 'en', 'narrowSymbol');
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const at = '2026-12-07T10:00:00.000Z';
const ids = {
  sale: '7b2f3a0e-2b7c-4f4e-9d6a-1c2b3d4e5f61',
  cola: '11111111-2b7c-4f4e-9d6a-1c2b3d4e5f61',
  tea: '22222222-2b7c-4f4e-9d6a-1c2b3d4e5f61',
  cash: '33333333-2b7c-4f4e-9d6a-1c2b3d4e5f61',
  wallet: '44444444-2b7c-4f4e-9d6a-1c2b3d4e5f61',
  attempt: '55555555-2b7c-4f4e-9d6a-1c2b3d4e5f61',
};

/** 3 colas at ¥3.00 and a tea at ¥3.50: ¥12.50, paid ¥5.00 in cash and ¥7.50 by wallet (or all in cash). */
function sale(extra: Partial<SaleDto> = {}, split = true): SaleDto {
  const line = (id: string, name: string, quantity: number, total: number) => ({
    id,
    name,
    quantity,
    total: cny(total),
  });
  const payments = split
    ? [
        { id: ids.cash, method: 'cash', amount: cny(500) },
        { id: ids.wallet, method: 'wallet', wallet: 'alipay', attemptId: ids.attempt, amount: cny(750) },
      ]
    : [{ id: ids.cash, method: 'cash', amount: cny(1250) }];
  return {
    id: ids.sale,
    number: 7,
    state: 'completed',
    currency: 'CNY',
    lines: [line(ids.cola, 'Cola', 3, 900), line(ids.tea, 'Tea', 1, 350)],
    payments,
    refund: null,
    ...extra,
  } as unknown as SaleDto;
}

const refund = (extra: Partial<RefundDto>): RefundDto => ({
  id: '66666666-2b7c-4f4e-9d6a-1c2b3d4e5f61',
  saleId: ids.sale,
  state: 'refunded',
  tender: 'cash',
  method: 'cash',
  amount: cny(100),
  reason: 'wrong size',
  attemptId: null,
  wallet: null,
  providerId: null,
  problem: null,
  pointsReversed: 0,
  createdAt: at,
  refundedAt: at,
  ...extra,
});

const earlier = (refunds: RefundDto[]): ReturnDto =>
  ({ id: '77777777-2b7c-4f4e-9d6a-1c2b3d4e5f61', saleId: ids.sale, refunds }) as unknown as ReturnDto;

describe('the Return dialog’s preview', () => {
  it('one unit of a line pays back its per-unit share; nothing chosen is no preview and no error', () => {
    const result = previewReturn(sale({}, false), [], { [ids.cola]: 1 }, null);
    expect(result).toEqual({
      ok: true,
      preview: {
        lines: [{ lineId: ids.cola, quantity: 1, amount: 300 }],
        amount: 300,
        tenders: [{ paymentId: ids.cash, amount: 300 }],
      },
    });
    expect(previewReturn(sale(), [], { [ids.cola]: 0 }, null)).toEqual({ ok: false, empty: true });
  });

  it('a split sale gives back in proportion to what each payment took', () => {
    const result = previewReturn(sale(), [], { [ids.cola]: 1, [ids.tea]: 1 }, null);
    expect(result.ok && result.preview.amount).toBe(650);
    expect(result.ok && result.preview.tenders).toEqual([
      { paymentId: ids.cash, amount: 260 },
      { paymentId: ids.wallet, amount: 390 },
    ]);
  });

  it('the manager’s split is used when it adds up, refused with the typed error when it does not', () => {
    const chosen = [
      { paymentId: ids.cash, amount: 300 },
      { paymentId: ids.wallet, amount: 0 },
    ];
    const ok = previewReturn(sale(), [], { [ids.cola]: 1 }, chosen);
    expect(ok.ok && ok.preview.tenders).toEqual([{ paymentId: ids.cash, amount: 300 }]);
    const off = previewReturn(sale(), [], { [ids.cola]: 1 }, [{ paymentId: ids.cash, amount: 200 }]);
    expect(off).toMatchObject({ ok: false, empty: false, error: { code: 'return.bad_allocation' } });
  });

  it('counts what was returned before: units left per line, and more than left is return.too_many', () => {
    const returned = sale({ returned: [{ lineId: ids.cola, quantity: 2, amount: cny(600) }] }, false);
    expect(returnableLines(returned).map((l) => [l.returned, l.left])).toEqual([
      [2, 1],
      [0, 1],
    ]);
    expect(previewReturn(returned, [], { [ids.cola]: 2 }, null)).toMatchObject({
      ok: false,
      error: { code: 'return.too_many' },
    });
  });

  it('what each payment has left: its earlier refunds taken off, failed ones not', () => {
    const before = earlier([
      refund({ amount: cny(100) }),
      refund({ tender: 'wallet', method: 'wallet', attemptId: ids.attempt, amount: cny(150) }),
      refund({
        tender: 'wallet',
        method: 'wallet',
        attemptId: ids.attempt,
        amount: cny(50),
        state: 'failed',
      }),
    ]);
    expect(refundablePayments(sale(), [before])).toEqual([
      { id: ids.cash, left: 400 },
      { id: ids.wallet, left: 600 },
    ]);
  });

  it('offers Return items on a completed sale with units left, not once it is refunded in full', () => {
    expect(canReturn(sale())).toBe(true);
    expect(canReturn(sale({ state: 'voided', number: null }))).toBe(false);
    expect(canReturn(sale({ refund: refund({}) }))).toBe(false);
    const all = [
      { lineId: ids.cola, quantity: 3, amount: cny(900) },
      { lineId: ids.tea, quantity: 1, amount: cny(350) },
    ];
    expect(canReturn(sale({ returned: all }))).toBe(false);
  });
});

describe('the refunds of a return, for the cashier', () => {
  it('cash is handed over from the drawer; a wallet’s refund is done, pending or failed', () => {
    expect(returnRefundText(refund({ amount: cny(300) }), t, money)).toEqual({
      tone: 'done',
      text: 'Give ¥3.00 from the drawer to the customer.',
    });
    const wallet = refund({ tender: 'wallet', method: 'wallet', wallet: 'alipay', amount: cny(390) });
    expect(returnRefundText(wallet, t, money).text).toBe('¥3.90 refunded to the customer’s Alipay account.');
    const pending = returnRefundText({ ...wallet, state: 'pending' }, t, money);
    expect(pending.tone).toBe('pending');
    const failed = { ...wallet, state: 'failed' as const, problem: { code: 'X', message: 'refused' } };
    expect(returnRefundText(failed, t, money)).toMatchObject({ tone: 'failed', text: /failed: refused/ });
  });

  it('names the tenders as the cashier does', () => {
    const [cash, wallet] = sale().payments;
    expect(tenderName(cash!, t)).toBe('Cash');
    expect(tenderName(wallet!, t)).toBe('Alipay');
  });
});
