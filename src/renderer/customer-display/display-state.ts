import type { PaymentAttemptDto, SaleDto } from '../../shared/dto.js';
import { latestReport } from '../payment/attempt-progress.js';

/**
 * What the customer display knows, built only from what the terminal announces (sale.changed,
 * payment.changed) and what it reads once when it opens (sale.current, payment.current). Pure, so the screen's rules are
 * tested without a browser.
 */
export interface DisplayState {
  /** the till's ticket as last announced (the cashier's next, still empty ticket once one completed) */
  readonly sale: SaleDto | null;
  /** the latest payment attempt of that sale (a new sale forgets the last one's) */
  readonly attempt: PaymentAttemptDto | null;
  /** the sale this screen saw complete, and when (Date.now()): thanked for a few seconds from then */
  readonly completed: { readonly sale: SaleDto; readonly seenAt: number } | null;
  /** an announcement arrived: the first read's answer, maybe older, is then ignored */
  readonly announced: boolean;
}

export type DisplayInput =
  /** what the screen read when it opened: the open ticket and its payment under way, if any */
  | { readonly kind: 'current'; readonly sale: SaleDto | null; readonly attempt: PaymentAttemptDto | null }
  | { readonly kind: 'sale'; readonly sale: SaleDto; readonly at: number }
  | { readonly kind: 'attempt'; readonly attempt: PaymentAttemptDto };

export const initialDisplayState: DisplayState = {
  sale: null,
  attempt: null,
  completed: null,
  announced: false,
};

/** How long the thank-you (tender, change) stays, unless the next customer's items come first. */
export const thanksMs = 8_000;

function withSale(state: DisplayState, sale: SaleDto | null): DisplayState {
  const attempt = state.attempt !== null && state.attempt.saleId === sale?.id ? state.attempt : null;
  return { ...state, sale, attempt };
}

export function nextDisplayState(state: DisplayState, input: DisplayInput): DisplayState {
  switch (input.kind) {
    case 'current':
      // a sale already complete when the screen opened is not thanked for: that customer has gone
      if (state.announced) return state;
      return {
        ...withSale(state, input.sale),
        attempt: input.attempt !== null && input.attempt.saleId === input.sale?.id ? input.attempt : null,
      };
    case 'sale': {
      const { sale, at } = input;
      const next = { ...withSale(state, sale), announced: true };
      if (sale.state !== 'completed') return next;
      // a repeated announcement of the same completion does not restart the thank-you
      const seenAt = state.completed?.sale.id === sale.id ? state.completed.seenAt : at;
      return { ...next, completed: { sale, seenAt } };
    }
    case 'attempt': {
      const { attempt } = input;
      // an attempt of another sale (a late report of the last one) is not this customer's
      if (state.sale !== null && attempt.saleId !== state.sale.id) return state;
      const same = state.attempt?.id === attempt.id ? state.attempt : undefined;
      return { ...state, attempt: latestReport(attempt, same), announced: true };
    }
  }
}

export type DisplayView =
  | { readonly kind: 'welcome' }
  | { readonly kind: 'ticket'; readonly sale: SaleDto; readonly attempt: PaymentAttemptDto | null }
  | { readonly kind: 'thanks'; readonly sale: SaleDto; readonly until: number };

/** Until when the thank-you stays, or null when there is none to show. */
export const thanksUntil = (state: DisplayState): number | null =>
  state.completed === null ? null : state.completed.seenAt + thanksMs;

/**
 * What the screen shows now: the ticket while it has items (or a payment), else the thank-you for a while
 * after a sale completed (the cashier's next ticket is already open, still empty), else the welcome.
 */
export function displayView(state: DisplayState, now: number): DisplayView {
  const { sale } = state;
  if (sale !== null && sale.state === 'open' && (sale.lines.length > 0 || state.attempt !== null)) {
    return { kind: 'ticket', sale, attempt: state.attempt };
  }
  const until = thanksUntil(state);
  if (state.completed !== null && until !== null && now < until) {
    return { kind: 'thanks', sale: state.completed.sale, until };
  }
  return { kind: 'welcome' };
}
