import { TillpointError } from './errors.js';
import type { SaleState } from './sale-state.js';

/** Where a sale's outbox row stands on its way to the hub (`outbox.state`); null: the till has no row for it. */
export type OutboxState = 'queued' | 'sent' | 'parked' | 'resolved';

/** How a sale was paid. */
export type RefundTender = 'cash' | 'wallet' | 'stored-value';
/** How the money goes back: cash from the drawer, or the wallet provider's refund. */
export type RefundMethod = 'cash' | 'wallet';

export interface RefundCheck {
  readonly saleId: string;
  readonly state: SaleState;
  readonly saleCurrency: string;
  readonly tillCurrency: string;
  /** the currency of each payment of the sale */
  readonly paymentCurrencies: readonly string[];
  readonly outboxState: OutboxState | null;
}

/** Why the hub does not have the sale, as the cashier is told it. */
const unsyncedWhy: Record<Exclude<OutboxState, 'sent'> | 'missing', string> = {
  queued:
    'This sale has not reached head office yet (it is waiting in the queue). Refunds are possible once it has synced; check the Sync screen.',
  parked:
    'This sale has not reached head office yet (head office refused it, so it is parked). Refunds are possible once it has synced; a manager can fix it on the Sync screen.',
  resolved:
    'Head office never accepted this sale (it was settled by hand on the Sync screen), so this till cannot refund it. Refund it through head office.',
  missing:
    'This sale has no record on its way to head office, so this till cannot refund it. Call a manager.',
};

/**
 * Whether a completed sale may be refunded now, and if not, the typed error that says why and what to do.
 * A sale is refunded only once its outbox row reached the hub ('sent'): the hub must see the sale
 * before its refund, and a refund of a sale the hub never gets would leave head office's books wrong.
 */
export function refundRefusal(check: RefundCheck): TillpointError | null {
  const { saleId, state } = check;
  if (state !== 'completed') {
    return new TillpointError(
      'sale.refund_not_completed',
      state === 'open'
        ? 'This ticket is still open, so nothing was paid; void it instead of refunding.'
        : 'This ticket was voided and took no money, so there is nothing to refund.',
      { saleId, state },
    );
  }
  if (check.paymentCurrencies.length !== 1) {
    return new TillpointError(
      'sale.refund_unsupported',
      'This sale was paid with more than one tender, so it is not refunded in one go: use Return items and return every item; each tender gets its share back.',
      { saleId, payments: check.paymentCurrencies.length },
    );
  }
  const other = [check.saleCurrency, ...check.paymentCurrencies].find((c) => c !== check.tillCurrency);
  if (other !== undefined) {
    return new TillpointError(
      'sale.refund_other_currency',
      `This sale was paid in ${other}; this till refunds in ${check.tillCurrency} only. Refund it through head office.`,
      { saleId, currency: other, tillCurrency: check.tillCurrency },
    );
  }
  if (check.outboxState !== 'sent') return unsyncedRefusal(saleId, check.outboxState);
  return null;
}

/** Why a sale that has not reached the hub (`outboxState` is not 'sent') cannot be refunded now. */
export function unsyncedRefusal(saleId: string, state: OutboxState | null): TillpointError {
  const outboxState = state ?? 'missing';
  const why = outboxState === 'sent' ? unsyncedWhy.missing : unsyncedWhy[outboxState];
  return new TillpointError('sale.refund_unsynced', why, { saleId, outboxState });
}

/**
 * A wallet payment goes back through its provider. Cash goes back as cash, and so does a stored-value card
 * payment: putting the value back on the card would need the card tapped (and written) at the till, which a
 * refund at the counter cannot count on; cash out of the drawer settles it at once.
 */
export const refundMethodFor = (tender: RefundTender): RefundMethod =>
  tender === 'wallet' ? 'wallet' : 'cash';
