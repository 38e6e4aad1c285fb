import { TillpointError } from './errors.js';

export type SaleState = 'open' | 'completed' | 'voided';
export type SaleEvent = 'complete' | 'void';

export const saleStates: readonly SaleState[] = ['open', 'completed', 'voided'];
export const saleEvents: readonly SaleEvent[] = ['complete', 'void'];

/**
 * The one table of legal sale transitions. A completed sale is final (it is corrected by a refund, never by
 * editing it), and a voided sale is final; so nothing leaves either.
 */
export const saleTransitions: Readonly<Record<SaleState, Readonly<Partial<Record<SaleEvent, SaleState>>>>> = {
  open: { complete: 'completed', void: 'voided' },
  completed: {},
  voided: {},
};

export const canTransition = (state: SaleState, event: SaleEvent): boolean =>
  Object.hasOwn(saleTransitions, state) && Object.hasOwn(saleTransitions[state], event);

const pastTense: Record<SaleState, string> = {
  open: 'still open',
  completed: 'already completed',
  voided: 'voided',
};
const eventVerb: Record<SaleEvent, string> = { complete: 'completed', void: 'voided' };

export function nextSaleState(state: SaleState, event: SaleEvent): SaleState {
  const next = canTransition(state, event) ? saleTransitions[state][event] : undefined;
  if (next === undefined) {
    const now = pastTense[state] ?? `in state "${state}"`;
    const verb = eventVerb[event] ?? `changed by "${event}"`;
    throw new TillpointError('sale.illegal_transition', `This sale is ${now}; it cannot be ${verb}.`, {
      state,
      event,
    });
  }
  return next;
}
