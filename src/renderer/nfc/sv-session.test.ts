import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SvSessionDto } from '../../shared/nfc-dto.js';
import { isSessionFinal, latestSession, sessionStep } from './sv-session.js';

const card = {
  uid: '04A1B2C3D4E5F6',
  blank: false,
  balance: { amount: 5000, currency: 'CNY' },
  newBalance: { amount: 3750, currency: 'CNY' },
};

const session = (over: Partial<SvSessionDto>): SvSessionDto => ({
  id: '00000000-0000-4000-8000-000000000011',
  kind: 'pay',
  saleId: '00000000-0000-4000-8000-000000000012',
  state: 'waiting',
  amount: { amount: 1250, currency: 'CNY' },
  tendered: null,
  change: null,
  card: null,
  problem: null,
  sale: null,
  createdAt: '2026-12-01T03:00:00.000Z',
  updatedAt: '2026-12-01T03:00:00.000Z',
  ...over,
});

const states = ['waiting', 'ready', 'writing', 'interrupted', 'done', 'cancelled'] as const;

describe('latestSession', () => {
  it('the later report wins in whichever order they arrive, even stepping back to waiting', () => {
    const ready = session({ state: 'ready', card, updatedAt: '2026-12-01T03:00:01.000Z' });
    const waiting = session({ state: 'waiting', updatedAt: '2026-12-01T03:00:02.000Z' });
    expect(latestSession(ready, waiting)).toBe(waiting);
    expect(latestSession(waiting, ready)).toBe(waiting);
    expect(latestSession(ready, undefined)).toBe(ready);
  });
  it('a report of another session never replaces this one', () => {
    const mine = session({ state: 'ready', card });
    const other = session({ id: '00000000-0000-4000-8000-000000000099', state: 'done' });
    expect(latestSession(mine, other)).toBe(mine);
  });
  it('on the same millisecond a final state is never replaced by an earlier one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...states), (x, y) => {
        const kept = latestSession(session({ state: x }), session({ state: y }));
        if (x === 'done' || x === 'cancelled' || y === 'done' || y === 'cancelled') {
          expect(isSessionFinal(kept)).toBe(true);
        }
      }),
    );
  });
});

describe('sessionStep', () => {
  it('waiting asks for the tap, offers cancel, no confirm', () => {
    expect(sessionStep(session({}))).toEqual({
      key: 'svcard.state.waiting',
      showBalances: false,
      canConfirm: false,
      canCancel: true,
    });
  });
  it('ready with the card read offers the confirm; a problem (insufficient balance) withholds it', () => {
    expect(sessionStep(session({ state: 'ready', card })).canConfirm).toBe(true);
    const short = session({
      state: 'ready',
      card,
      problem: { code: 'card.insufficient_balance', message: 'not enough' },
    });
    expect(sessionStep(short)).toEqual({
      key: 'svcard.state.readBlocked',
      showBalances: true,
      canConfirm: false,
      canCancel: true,
    });
  });
  it('the write cannot be cancelled; an interrupted write can', () => {
    expect(sessionStep(session({ state: 'writing', card })).canCancel).toBe(false);
    expect(sessionStep(session({ state: 'interrupted', card }))).toMatchObject({
      key: 'svcard.state.interrupted',
      canCancel: true,
      canConfirm: false,
    });
  });
  it('only done and cancelled are final', () => {
    expect(states.filter((state) => isSessionFinal(session({ state })))).toEqual(['done', 'cancelled']);
  });
});
