import { describe, expect, it } from 'vitest';
import type { RefundDto, SaleDto } from '../../shared/dto.js';
import { en } from '../i18n/en.js';
import { formatMoney } from '../i18n/money-text.js';
import { createTranslator, errorText } from '../i18n/translate.js';
import {
  refundAmount,
  refundHistoryLine,
  refundHowText,
  refundOutcomeText,
  refundRefusalText,
} from './refund-text.js';

const t = createTranslator(en);
const money = (m: { amount: number; currency: string }) => formatMoney(m, 'zh-CN');
const errors = (e: Parameters<typeof errorText>[1]) => errorText(t, e);
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const at = '2026-11-22T10:00:00.000Z';

const refund = (extra: Partial<RefundDto> = {}): RefundDto => ({
  id: '6a1f3a0e-2b7c-4f4e-9d6a-1c2b3d4e5f60',
  saleId: '7b2f3a0e-2b7c-4f4e-9d6a-1c2b3d4e5f61',
  state: 'refunded',
  tender: 'cash',
  method: 'cash',
  amount: cny(350),
  reason: 'damaged',
  attemptId: null,
  wallet: null,
  providerId: null,
  problem: null,
  pointsReversed: 0,
  createdAt: at,
  refundedAt: at,
  ...extra,
});

const sale = (payments: SaleDto['payments']): SaleDto =>
  ({ id: refund().saleId, currency: 'CNY', payments }) as unknown as SaleDto;

describe('refundRefusalText', () => {
  it('an unsynced sale says where it is and what to do', () => {
    const error = (outboxState: string) => ({
      code: 'sale.refund_unsynced',
      message: 'from the service',
      details: { saleId: 'x', outboxState },
    });
    expect(refundRefusalText(t, error('queued'), errors)).toBe(
      'This sale has not reached head office yet (it is waiting in the queue). Refunds are possible once it has synced; check the Sync screen.',
    );
    expect(refundRefusalText(t, error('parked'), errors)).toMatch(/parked.*Sync screen/);
    expect(refundRefusalText(t, error('resolved'), errors)).toMatch(/never accepted/);
    expect(refundRefusalText(t, error('missing'), errors)).toMatch(/Call a manager/);
    // a state this screen does not know: the code's own message
    expect(refundRefusalText(t, error('sending'), errors)).toBe(en['error.sale.refund_unsynced']);
  });

  it('other refusals get their code’s message, with the details filled in', () => {
    expect(
      refundRefusalText(
        t,
        {
          code: 'sale.refund_other_currency',
          message: '',
          details: { currency: 'EUR', tillCurrency: 'CNY' },
        },
        errors,
      ),
    ).toBe('This sale was paid in EUR; this till refunds in CNY only. Refund it through head office.');
  });
});

describe('what the dialog and the details say', () => {
  it('how the money goes back, per tender; a card payment is refunded as cash', () => {
    const cash = {
      id: 'p',
      method: 'cash',
      amount: cny(350),
      tendered: cny(500),
      change: cny(150),
      createdAt: at,
    };
    expect(refundHowText(sale([cash] as SaleDto['payments']), t, money)).toBe(
      'Pay ¥3.50 out of the cash drawer.',
    );
    const wallet = { ...cash, method: 'wallet', wallet: 'alipay', amount: cny(332) };
    expect(refundHowText(sale([wallet] as SaleDto['payments']), t, money)).toBe(
      '¥3.32 goes back to the customer’s Alipay account.',
    );
    expect(refundAmount(sale([wallet] as SaleDto['payments']))).toEqual(cny(332));
    const card = { ...cash, method: 'stored-value' };
    expect(refundHowText(sale([card] as SaleDto['payments']), t, money)).toMatch(/refunded as cash/);
  });

  it('the outcome: refunded, pending (safe to try again), failed with the provider’s reason', () => {
    expect(refundOutcomeText(refund(), t, money)).toEqual({
      tone: 'done',
      text: 'Refunded. Pay ¥3.50 out of the cash drawer to the customer.',
    });
    expect(
      refundOutcomeText(refund({ method: 'wallet', wallet: 'wechat', tender: 'wallet' }), t, money).text,
    ).toBe('Refunded ¥3.50 to the customer’s WeChat Pay account.');
    const problem = { code: 'payment.offline', message: 'The payment service cannot be reached.' };
    const pending = refundOutcomeText(refund({ state: 'pending', refundedAt: null, problem }), t, money);
    expect(pending.tone).toBe('failed');
    expect(pending.text).toMatch(/not confirmed the refund yet \(The payment service cannot be reached\.\)/);
    expect(refundOutcomeText(refund({ state: 'failed', refundedAt: null, problem }), t, money).text).toMatch(
      /refused the refund: The payment service cannot be reached\./,
    );
  });

  it('the history line', () => {
    expect(refundHistoryLine(refund(), t, money)).toBe('Refunded ¥3.50 · cash · damaged');
    expect(refundHistoryLine(refund({ method: 'wallet', wallet: 'alipay' }), t, money)).toBe(
      'Refunded ¥3.50 · to Alipay · damaged',
    );
    expect(refundHistoryLine(refund({ state: 'pending', refundedAt: null }), t, money)).toBe(
      'Refund of ¥3.50 pending · damaged',
    );
  });
});
