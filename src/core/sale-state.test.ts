import { describe, expect, it } from 'vitest';
import {
  canTransition,
  nextSaleState,
  saleEvents,
  saleStates,
  saleTransitions,
  type SaleEvent,
  type SaleState,
} from './sale-state.js';
import { thrown } from './test-util.js';

const pairs = saleStates.flatMap((state) => saleEvents.map((event) => [state, event] as const));
const legal = pairs.filter(([s, e]) => saleTransitions[s][e] !== undefined);
const illegal = pairs.filter(([s, e]) => saleTransitions[s][e] === undefined);

describe('sale state machine', () => {
  it('has exactly the intended table', () => {
    expect(legal).toEqual([
      ['open', 'complete'],
      ['open', 'void'],
    ]);
    expect(illegal).toHaveLength(4);
  });

  it.each(legal)('%s --%s--> allowed', (state, event) => {
    expect(canTransition(state, event)).toBe(true);
    expect(nextSaleState(state, event)).toBe(saleTransitions[state][event]);
  });

  it.each(illegal)('%s --%s--> refused with sale.illegal_transition', (state, event) => {
    expect(canTransition(state, event)).toBe(false);
    const e = thrown(() => nextSaleState(state, event));
    expect(e.code).toBe('sale.illegal_transition');
    expect(e.details).toEqual({ state, event });
  });

  it('says in words why', () => {
    expect(thrown(() => nextSaleState('completed', 'void')).message).toBe(
      'This sale is already completed; it cannot be voided.',
    );
    expect(thrown(() => nextSaleState('voided', 'complete')).message).toBe(
      'This sale is voided; it cannot be completed.',
    );
  });

  it('final states are absorbing: no sequence of events leaves them', () => {
    for (const state of ['completed', 'voided'] as SaleState[]) {
      for (const event of saleEvents) expect(canTransition(state, event)).toBe(false);
    }
  });

  it('refuses states and events from outside the table without crashing', () => {
    expect(canTransition('toString' as SaleState, 'complete')).toBe(false);
    expect(canTransition('open', 'constructor' as SaleEvent)).toBe(false);
    expect(thrown(() => nextSaleState('open', 'refund' as SaleEvent)).code).toBe('sale.illegal_transition');
  });
});
