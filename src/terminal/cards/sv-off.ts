import { TillpointError } from '../../core/errors.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { SvStore } from '../store/sv-store.js';
import type { SvService } from './sv-service.js';

/**
 * The stored-value service of a till without a scheme (no stored-value.json, not in demo mode): paying by
 * card and topping up answer `refusal`; a tap is never taken for a stored-value card, so membership cards
 * work as always. A debit left pending from a time the till had a key still keeps its sale from changing.
 */
export function createSvOff(deps: {
  readonly file: string;
  readonly store: SvStore;
  readonly refusal: TillpointError;
}): SvService {
  const noSession = (): never => {
    throw new TillpointError('card.session_not_found', 'That card operation has ended. Start again.');
  };
  return {
    payBegin: () => Promise.reject(deps.refusal),
    topUpBegin: () => Promise.reject(deps.refusal),
    confirm: () => Promise.reject(deps.refusal),
    cancel: noSession,
    get: noSession,
    onCard: () => Promise.resolve(false),
    peek: () => Promise.resolve({ kind: 'blank' }),
    cancelPayFor: () => false,
    refuseIfActive(saleId: string): void {
      if (withStoreErrors(deps.file, 'read', () => deps.store.pendingForSale(saleId))) {
        throw new TillpointError(
          'card.pending',
          'A card payment for this sale is not finished, and this till has no card key to finish it. Set up the card key, then tap the same card again.',
          { saleId },
        );
      }
    },
  };
}
