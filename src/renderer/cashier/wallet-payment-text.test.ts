import { describe, expect, it } from 'vitest';
import type { PaymentDto } from '../../shared/dto.js';
import { en } from '../i18n/en.js';
import { formatMoney } from '../i18n/money-text.js';
import { createTranslator } from '../i18n/translate.js';
import { walletName } from '../i18n/wallet-name.js';
import { zhCN } from '../i18n/zh-CN.js';
import { walletPaymentText } from './wallet-payment-text.js';

type WalletPayment = Extract<PaymentDto, { method: 'wallet' }>;

const t = createTranslator(en);
const money = (m: { amount: number; currency: string }) => formatMoney(m, 'zh-CN');
const cny = (amount: number) => ({ amount, currency: 'CNY' });

const payment = (extra: Partial<WalletPayment> = {}): WalletPayment => ({
  id: '6a1f3a0e-2b7c-4f4e-9d6a-1c2b3d4e5f60',
  method: 'wallet',
  attemptId: '7b2f3a0e-2b7c-4f4e-9d6a-1c2b3d4e5f61',
  wallet: 'alipay',
  providerId: 'sandbox',
  amount: cny(950),
  createdAt: '2026-11-22T10:00:00.000Z',
  confirmation: 'provider',
  ...extra,
});

describe('walletPaymentText', () => {
  it('a tender promotion explains why the customer paid less than the total', () => {
    const text = walletPaymentText(
      payment({ promotion: { label: '5 % off with Alipay', discount: cny(50) } }),
      t,
      money,
    );
    expect(text.promotion).toEqual({ label: '5 % off with Alipay', value: '−¥0.50' });
    expect(text.paid).toEqual({ label: 'Paid by Alipay', value: '¥9.50' });
    expect(text.historyLine).toBe('Alipay ¥9.50 (5 % off with Alipay −¥0.50)');
  });

  it('without a promotion (null, absent in an older record, or nothing off) there is no promotion line', () => {
    for (const promotion of [null, undefined, { label: 'Nothing off', discount: cny(0) }]) {
      const text = walletPaymentText(payment({ amount: cny(1000), promotion }), t, money);
      expect(text.promotion).toBeNull();
      expect(text.paid).toEqual({ label: 'Paid by Alipay', value: '¥10.00' });
      expect(text.historyLine).toBe('Alipay ¥10.00');
    }
  });

  it('a cashier-confirmed static QR says so beside the promotion', () => {
    const text = walletPaymentText(
      payment({
        wallet: 'bankqr',
        confirmation: 'cashier',
        amount: cny(315),
        promotion: { label: '10% off', discount: cny(35) },
      }),
      t,
      money,
    );
    expect(text.promotion).toEqual({ label: '10% off', value: '−¥0.35' });
    expect(text.paid.label).toBe('Paid by bankqr (confirmed by the cashier)');
  });
});

describe('wallet names', () => {
  it('are the names customers know, in the till’s language; a shop’s own QR scheme keeps its id', () => {
    const zh = createTranslator(zhCN, 'zh-CN');
    expect(walletName(zh, 'wechat')).toBe('微信支付');
    expect(walletName(zh, 'alipay')).toBe('支付宝');
    expect(walletName(zh, 'unionpay')).toBe('云闪付');
    expect(walletName(zh, 'qqwallet')).toBe('QQ钱包');
    expect(walletName(t, 'qqwallet')).toBe('QQ Wallet');
    expect(walletName(t, 'bankqr')).toBe('bankqr');
    expect(walletName(t, 'toString')).toBe('toString');
  });
});
