import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  canTransition,
  isFinal,
  isPaid,
  tradeStatuses,
  tradeTransitions,
} from './order-state.js';

describe('trade state machine', () => {
  it('allows exactly the table and throws on everything else', () => {
    for (const from of tradeStatuses) {
      for (const to of tradeStatuses) {
        const legal = tradeTransitions[from].includes(to);
        expect(canTransition(from, to)).toBe(legal);
        if (legal) expect(assertTransition(from, to)).toBe(to);
        else expect(() => assertTransition(from, to)).toThrow(`${from} -> ${to}`);
      }
    }
  });

  it('never takes money back into a declined or closed order, and reversed is final', () => {
    expect(canTransition('PAYERROR', 'SUCCESS')).toBe(false);
    expect(canTransition('CLOSED', 'SUCCESS')).toBe(false);
    expect(canTransition('REVOKED', 'SUCCESS')).toBe(false);
    expect(isFinal('REVOKED')).toBe(true);
    expect(isFinal('CLOSED')).toBe(true);
    expect(isFinal('USERPAYING')).toBe(false);
    expect(tradeStatuses.filter(isPaid)).toEqual(['SUCCESS', 'REFUND']);
  });
});
