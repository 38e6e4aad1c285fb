import type { SvSessionDto } from '../../shared/nfc-dto.js';
import type { MessageKey } from '../i18n/en.js';

export type SvState = SvSessionDto['state'];

/** Final for the screen: the dialog closes (done: the receipt or the top-up message follows). */
export const isSessionFinal = (session: SvSessionDto): boolean =>
  session.state === 'done' || session.state === 'cancelled';

const rank: Record<SvState, number> = {
  waiting: 0,
  ready: 1,
  writing: 2,
  interrupted: 3,
  done: 4,
  cancelled: 4,
};

/**
 * A call's answer and an svcard.changed event about one session can arrive in either order: the later
 * updatedAt wins; on a tie (same millisecond) the state further along, so the screen never steps back from
 * 'done' to 'ready'. A session can legitimately go back (ready -> waiting when the card leaves before the
 * confirm), which is why the time decides first.
 */
export function latestSession(a: SvSessionDto, b: SvSessionDto | undefined): SvSessionDto {
  if (!b || b.id !== a.id) return a;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? a : b;
  return rank[b.state] > rank[a.state] ? b : a;
}

export interface SessionStep {
  /** what the cashier reads (role=status) */
  readonly key: Extract<MessageKey, `svcard.state.${string}`>;
  /** balance and new balance are worth showing (the card was read) */
  readonly showBalances: boolean;
  /** the Confirm button is offered: the card was read and nothing stops the operation */
  readonly canConfirm: boolean;
  /** Cancel is offered: never while the card is being written (the write decides, not the cashier) */
  readonly canCancel: boolean;
}

export function sessionStep(session: SvSessionDto): SessionStep {
  const read = session.card !== null;
  switch (session.state) {
    case 'waiting':
      return { key: 'svcard.state.waiting', showBalances: false, canConfirm: false, canCancel: true };
    case 'ready': {
      // With a problem (not enough balance) the card was read but cannot be used: no "confirm" wording.
      const usable = read && session.problem === null;
      return {
        key: usable ? 'svcard.state.ready' : 'svcard.state.readBlocked',
        showBalances: read,
        canConfirm: usable,
        canCancel: true,
      };
    }
    case 'writing':
      return { key: 'svcard.state.writing', showBalances: read, canConfirm: false, canCancel: false };
    case 'interrupted':
      return { key: 'svcard.state.interrupted', showBalances: read, canConfirm: false, canCancel: true };
    case 'done':
      return { key: 'svcard.state.done', showBalances: read, canConfirm: false, canCancel: false };
    case 'cancelled':
      return { key: 'svcard.state.cancelled', showBalances: false, canConfirm: false, canCancel: false };
  }
}
