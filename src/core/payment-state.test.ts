import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canPaymentTransition,
  finalPaymentStates,
  isFinalPaymentState,
  nextPaymentState,
  paymentEvents,
  paymentStates,
  paymentTransitions,
  type PaymentEvent,
  type PaymentState,
} from './payment-state.js';
import { TillpointError } from './errors.js';
import { thrown } from './test-util.js';

const pairs = paymentStates.flatMap((state) => paymentEvents.map((event) => [state, event] as const));
const legal = pairs.filter(([s, e]) => paymentTransitions[s][e] !== undefined);
const illegal = pairs.filter(([s, e]) => paymentTransitions[s][e] === undefined);

describe('payment state machine', () => {
  it('has exactly the intended table', () => {
    expect(legal.map(([s, e]) => `${s} --${e}--> ${paymentTransitions[s][e]}`)).toEqual([
      'created --send--> charging',
      'created --cancel--> reversed',
      'charging --userpaying--> paying',
      'charging --paid--> succeeded',
      'charging --declined--> declined',
      'charging --unknown--> unknown',
      'charging --reverse--> reversing',
      'paying --paid--> succeeded',
      'paying --declined--> declined',
      'paying --reverse--> reversing',
      'unknown --userpaying--> paying',
      'unknown --paid--> succeeded',
      'unknown --declined--> declined',
      'unknown --reverse--> reversing',
      'reversing --reversed--> reversed',
    ]);
    expect(illegal).toHaveLength(8 * 8 - 15);
  });

  it.each(legal)('%s --%s--> allowed', (state, event) => {
    expect(canPaymentTransition(state, event)).toBe(true);
    expect(nextPaymentState(state, event)).toBe(paymentTransitions[state][event]);
  });

  it.each(illegal)('%s --%s--> refused with payment.illegal_transition', (state, event) => {
    expect(canPaymentTransition(state, event)).toBe(false);
    const e = thrown(() => nextPaymentState(state, event));
    expect(e.code).toBe('payment.illegal_transition');
    expect(e.details).toEqual({ state, event });
  });

  it('final states are exactly those with no way out', () => {
    const absorbing = paymentStates.filter((s) => paymentEvents.every((e) => !canPaymentTransition(s, e)));
    expect(absorbing).toEqual([...finalPaymentStates]);
    expect(paymentStates.filter(isFinalPaymentState)).toEqual(['succeeded', 'declined', 'reversed']);
  });

  it('money can only have moved once a charge was sent: created never reaches succeeded without send', () => {
    expect(paymentTransitions.created.paid).toBeUndefined();
    expect(paymentTransitions.created.reverse).toBeUndefined();
  });

  it('every non-final state can still end: reverse or cancel leads to reversed', () => {
    for (const state of paymentStates.filter((s) => !isFinalPaymentState(s))) {
      let s: PaymentState = state;
      for (const e of ['cancel', 'reverse', 'reversed'] as PaymentEvent[]) {
        if (canPaymentTransition(s, e)) s = nextPaymentState(s, e);
      }
      expect(s).toBe('reversed');
    }
  });

  it('refuses states and events from outside the table without crashing', () => {
    expect(canPaymentTransition('toString' as PaymentState, 'send')).toBe(false);
    expect(canPaymentTransition('created', 'constructor' as PaymentEvent)).toBe(false);
    expect(thrown(() => nextPaymentState('created', 'refund' as PaymentEvent)).code).toBe(
      'payment.illegal_transition',
    );
  });

  it('any sequence of events follows the table or throws the typed error (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...paymentEvents), { maxLength: 30 }), (events) => {
        let state: PaymentState = 'created';
        for (const event of events) {
          const expected = paymentTransitions[state][event];
          try {
            const next = nextPaymentState(state, event);
            expect(next).toBe(expected);
            state = next;
          } catch (error) {
            expect(expected).toBeUndefined();
            expect(error).toBeInstanceOf(TillpointError);
            expect((error as TillpointError).code).toBe('payment.illegal_transition');
          }
        }
        expect(paymentStates).toContain(state);
      }),
    );
  });
});
