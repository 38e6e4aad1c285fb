import { walletName } from '../i18n/wallet-name.js';
import type { MoneyDto, RefundDto, SaleDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import type { MessageKey } from '../i18n/en.js';
import type { Translate } from '../i18n/translate.js';

type Money = (m: MoneyDto) => string;

const unsyncedKeys = {
  queued: 'refund.unsynced.queued',
  parked: 'refund.unsynced.parked',
  resolved: 'refund.unsynced.resolved',
  missing: 'refund.unsynced.missing',
} as const satisfies Record<string, MessageKey>;

/**
 * Why a refund was refused, for the cashier. An unsynced sale says where it is on its way to the hub (the
 * service's `details.outboxState`), because that decides what the cashier does next; any other error gets
 * its code's message (`errorText`).
 */
export function refundRefusalText(t: Translate, error: ApiError, errorText: (e: ApiError) => string): string {
  if (error.code === 'sale.refund_unsynced') {
    const state = (error.details as { outboxState?: unknown } | undefined)?.outboxState;
    if (typeof state === 'string' && Object.hasOwn(unsyncedKeys, state)) {
      return t(unsyncedKeys[state as keyof typeof unsyncedKeys]);
    }
  }
  return errorText(error);
}

/** What the sale's refund would pay back: what the customer paid (all its payments). */
export function refundAmount(sale: SaleDto): MoneyDto {
  return {
    amount: sale.payments.reduce((sum, p) => sum + p.amount.amount, 0),
    currency: sale.payments[0]?.amount.currency ?? sale.currency,
  };
}

/** How the money will go back, said before the cashier confirms. */
export function refundHowText(sale: SaleDto, t: Translate, money: Money): string {
  const amount = money(refundAmount(sale));
  const payment = sale.payments[0];
  if (payment?.method === 'wallet')
    return t('refund.howWallet', { amount, wallet: walletName(t, payment.wallet) });
  if (payment?.method === 'stored-value') return t('refund.howCard', { amount });
  return t('refund.howCash', { amount });
}

/** The answer of sale.refund: done (and what to hand over), still pending, or failed with the provider's reason. */
export function refundOutcomeText(
  refund: RefundDto,
  t: Translate,
  money: Money,
): { readonly tone: 'done' | 'failed'; readonly text: string } {
  const amount = money(refund.amount);
  const problem = refund.problem?.message ?? '';
  switch (refund.state) {
    case 'refunded':
      return {
        tone: 'done',
        text:
          refund.method === 'wallet'
            ? t('refund.doneWallet', { amount, wallet: walletName(t, refund.wallet ?? '') })
            : t('refund.doneCash', { amount }),
      };
    case 'pending':
      return { tone: 'failed', text: t('refund.pending', { problem }) };
    case 'failed':
      return { tone: 'failed', text: t('refund.failed', { problem }) };
  }
}

/** The one line of the sale details about its refund. */
export function refundHistoryLine(refund: RefundDto, t: Translate, money: Money): string {
  const amount = money(refund.amount);
  switch (refund.state) {
    case 'refunded':
      return t('history.refundLine', {
        amount,
        how:
          refund.method === 'wallet'
            ? t('refund.how.wallet', { wallet: walletName(t, refund.wallet ?? '') })
            : t('refund.how.cash'),
        reason: refund.reason,
      });
    case 'pending':
      return t('history.refundPendingLine', { amount, reason: refund.reason });
    case 'failed':
      return t('history.refundFailedLine', { amount, problem: refund.problem?.message ?? '' });
  }
}
