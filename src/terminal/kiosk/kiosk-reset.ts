import type { KioskResetDto } from '../../shared/kiosk-dto.js';
import type { PaymentAttemptDto, PaymentAttemptStateDto } from '../../shared/dto.js';
import type { PaymentService } from '../payments/payment-service.js';
import type { SaleService } from '../sale-service.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { KioskStore } from './kiosk-store.js';

export interface KioskResetDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: KioskStore;
  readonly sales: SaleService;
  readonly payments: PaymentService;
  /** the stored-value cards: a payment waiting for a tap ends; a write under way refuses the void */
  readonly cards: {
    cancelPayFor(saleId: string): boolean;
    refuseIfActive(saleId: string): void;
  };
  /** payment calls wait until the attempts a crash left unfinished got their first step */
  readonly paymentsResumed: () => Promise<void>;
  readonly now: () => Date;
}

/** States in which an attempt may still take money: cancelling it means asking the provider to reverse. */
const mayTakeMoney: readonly PaymentAttemptStateDto[] = ['created', 'charging', 'paying', 'unknown'];

/**
 * kiosk.reset: gives up a kiosk basket (idle, or the customer's Cancel) without ever voiding a sale whose
 * payment may still take money. An attempt under way is cancelled through the payment state machine
 * (reversing); the kiosk calls again once it is final, and only then is the basket voided. Safe to repeat.
 */
export function createKioskReset(deps: KioskResetDeps) {
  const { store, file, sales, payments } = deps;
  const answer = (
    outcome: KioskResetDto['outcome'],
    saleId: string,
    attempt: PaymentAttemptDto | null,
  ): KioskResetDto => ({ outcome, sale: sales.get(saleId), attempt });
  const paidAttempt = (saleId: string) => {
    const id = withStoreErrors(file, 'read', () => store.succeededAttempt(saleId));
    return id === null ? null : payments.get(id);
  };

  return async function reset(saleId: string, reason: 'idle' | 'customer'): Promise<KioskResetDto> {
    const state = withStoreErrors(file, 'read', () => store.saleState(saleId));
    // a basket this till does not have (a kiosk restarted on another folder) has nothing to give up
    if (state === null) return { outcome: 'nothing', sale: null, attempt: null };
    if (state === 'completed') return answer('completed', saleId, paidAttempt(saleId));
    if (state === 'voided') return answer('nothing', saleId, null);

    await deps.paymentsResumed();
    const latest = withStoreErrors(file, 'read', () => store.latestAttempt(saleId));
    let attempt = latest === null ? null : payments.get(latest.id);
    if (attempt !== null && mayTakeMoney.includes(attempt.state)) {
      try {
        attempt = payments.cancel(attempt.id);
      } catch (error) {
        // it succeeded between the read and the cancel: the sale completed with it
        if (store.saleState(saleId) === 'completed') return answer('completed', saleId, paidAttempt(saleId));
        throw error;
      }
    }
    if (attempt?.state === 'reversing') return answer('reversing', saleId, attempt);
    if (attempt?.state === 'succeeded' || store.saleState(saleId) === 'completed') {
      return answer('completed', saleId, paidAttempt(saleId));
    }

    // a card payment waiting for a tap ends; a card write under way or interrupted refuses (card.pending):
    // its money may be on the card, and that card's next tap settles it
    deps.cards.cancelPayFor(saleId);
    deps.cards.refuseIfActive(saleId);
    payments.refuseIfActive(saleId);
    const voided = sales.void(saleId);
    withStoreErrors(file, 'change', () =>
      deps.db
        .transaction(() => store.journal('kiosk.reset', saleId, { reason }, deps.now().toISOString()))
        .immediate(),
    );
    return { outcome: 'voided', sale: voided, attempt };
  };
}
