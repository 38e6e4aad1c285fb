import type { OutboxEntryDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import type { Translate } from '../i18n/translate.js';

/** What an outbox entry is, for its row and for the names of its buttons ("Retry Sale No. 12"). */
export function entryLabel(entry: OutboxEntryDto, t: Translate): string {
  const number = entry.receiptNumber;
  switch (entry.kind) {
    case 'sale.completed':
      return number === null ? t('sync.kind.sale') : t('sync.kind.saleNumber', { number });
    case 'sale.refunded':
      return number === null ? t('sync.kind.refund') : t('sync.kind.refundNumber', { number });
    case 'svcard.topup':
      return t('sync.kind.topUp');
    case 'payment.final':
      return t('sync.kind.paymentFinal');
    case 'shift.closed':
      return t('shift.syncKind');
    default:
      // a kind this screen does not know yet (a newer terminal): its name beats saying nothing
      return t('sync.kind.other', { kind: entry.kind });
  }
}

/**
 * Why an entry is where it is: the hub's reason for a parked one, the last error of one still queued, the
 * manager's note for a resolved one; nothing for a sent one. Reasons go through the error catalog, so a
 * code the renderer knows (sync.offline) reads in the cashier's words and the hub's own text shows otherwise.
 */
export function entryReason(entry: OutboxEntryDto, t: Translate, error: (e: ApiError) => string): string {
  if (entry.state === 'resolved') return t('sync.reason.resolved', { note: entry.resolution ?? '' });
  if (entry.state === 'sent' || entry.reason === null) return '';
  // A refused entry's reason is the hub's own text about that entry (an unknown kind, a wrong field), which
  // no catalog can translate; every other code (hub.*, sync.*) is said in the catalog's words.
  const reason = entry.reason.code === 'sync.rejected' ? entry.reason.message : error(entry.reason);
  return entry.state === 'parked'
    ? t('sync.reason.refused', { reason })
    : t('sync.reason.lastTry', { reason });
}
