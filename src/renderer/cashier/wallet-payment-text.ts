import { walletName } from '../i18n/wallet-name.js';
import type { MoneyDto, PaymentDto } from '../../shared/dto.js';
import type { Translate } from '../i18n/translate.js';

type WalletPayment = Extract<PaymentDto, { method: 'wallet' }>;

/** A label and its value, as the receipt shows them side by side (components/Amount.tsx). */
export interface LabelledValue {
  readonly label: string;
  readonly value: string;
}

/** What the receipt and the sale details say about one wallet payment. */
export interface WalletPaymentText {
  /** "<label>" beside "−<discount>": why the customer paid less than the total; null without one */
  readonly promotion: LabelledValue | null;
  /** "Paid by <wallet>" beside the amount charged */
  readonly paid: LabelledValue;
  /** the one line of the history's payment list */
  readonly historyLine: string;
}

/**
 * The text of a wallet payment: the tender promotion taken off the total is shown with the payment,
 * so "Total ¥10.00" and "Paid by alipay ¥9.50" are explained by "5 % off with Alipay −¥0.50".
 */
export function walletPaymentText(
  payment: WalletPayment,
  t: Translate,
  money: (m: MoneyDto) => string,
): WalletPaymentText {
  const promotion = payment.promotion ?? null;
  const discount = promotion && promotion.discount.amount > 0 ? money(promotion.discount) : null;
  const amount = money(payment.amount);
  const paidLabel = t(
    payment.confirmation === 'cashier' ? 'receipt.walletPaidCashier' : 'receipt.walletPaid',
    {
      wallet: walletName(t, payment.wallet),
    },
  );
  return {
    promotion:
      promotion && discount !== null
        ? { label: promotion.label, value: t('receipt.promotionDiscount', { discount }) }
        : null,
    paid: { label: paidLabel, value: amount },
    historyLine:
      promotion && discount !== null
        ? t('history.paymentWalletPromotion', {
            wallet: walletName(t, payment.wallet),
            amount,
            label: promotion.label,
            discount,
          })
        : t('history.paymentWallet', { wallet: walletName(t, payment.wallet), amount }),
  };
}
