import type { MoneyDto, PaymentDto, RefundDto } from '../../shared/dto.js';
import { walletName } from '../i18n/wallet-name.js';
import type { Translate } from '../i18n/translate.js';

type Money = (m: MoneyDto) => string;

/** A payment by its tender, as the cashier calls it: Cash, 微信支付 / WeChat Pay, Store card. */
export function tenderName(payment: PaymentDto, t: Translate): string {
  if (payment.method === 'wallet') return walletName(t, payment.wallet);
  return payment.method === 'cash' ? t('split.partCash') : t('split.partCard');
}

export interface RefundOutcome {
  /** done: the money went back (or is to be handed over); pending: the provider has not answered; failed */
  readonly tone: 'done' | 'pending' | 'failed';
  readonly text: string;
}

/**
 * One refund of a return, for the cashier: cash (a cash or store-card part) is handed over from the drawer;
 * a wallet's part is refunded, pending with its provider, or failed with the provider's reason.
 */
export function returnRefundText(refund: RefundDto, t: Translate, money: Money): RefundOutcome {
  const amount = money(refund.amount);
  const problem = refund.problem?.message ?? '';
  if (refund.method === 'cash') {
    return refund.state === 'failed'
      ? { tone: 'failed', text: t('return.cashFailed', { amount, problem }) }
      : { tone: 'done', text: t('return.giveCash', { amount }) };
  }
  const wallet = walletName(t, refund.wallet ?? '');
  switch (refund.state) {
    case 'refunded':
      return { tone: 'done', text: t('return.walletDone', { amount, wallet }) };
    case 'pending':
      return { tone: 'pending', text: t('return.walletPending', { amount, wallet, problem }) };
    case 'failed':
      return { tone: 'failed', text: t('return.walletFailed', { amount, wallet, problem }) };
  }
}
