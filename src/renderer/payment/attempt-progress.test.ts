import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PaymentAttemptDto } from '../../shared/dto.js';
import { attemptProgress, countdown, isAttemptFinal, latestReport } from './attempt-progress.js';

const attempt = (over: Partial<PaymentAttemptDto>): PaymentAttemptDto => ({
  id: '00000000-0000-4000-8000-000000000001',
  saleId: '00000000-0000-4000-8000-000000000002',
  kind: 'customer-code',
  wallet: 'sandbox',
  providerId: 'sandbox',
  amount: { amount: 1250, currency: 'CNY' },
  state: 'charging',
  reason: null,
  maskedCode: '8801…4567',
  qr: null,
  confirmation: null,
  createdAt: '2026-11-22T03:00:00.000Z',
  updatedAt: '2026-11-22T03:00:00.000Z',
  ...over,
});

describe('attemptProgress', () => {
  it('a customer code waiting on USERPAYING asks for the password', () => {
    expect(attemptProgress(attempt({ state: 'paying' })).key).toBe('qrpay.state.password');
  });
  it('a shown QR waits for the customer to scan, whatever the pre-final state', () => {
    for (const state of ['created', 'charging', 'paying'] as const) {
      expect(attemptProgress(attempt({ kind: 'merchant-qr', state })).key).toBe('qrpay.state.waitingScan');
    }
  });
  it('declined carries the reason; reversed without a reason has its own text', () => {
    const reason = { code: 'payment.declined', message: 'Not enough money' };
    expect(attemptProgress(attempt({ state: 'declined', reason }))).toEqual({
      key: 'qrpay.state.declined',
      tone: 'failed',
      reason,
    });
    expect(attemptProgress(attempt({ state: 'reversed' })).key).toBe('qrpay.state.reversedPlain');
    expect(attemptProgress(attempt({ state: 'reversing' })).key).toBe('qrpay.state.reversing');
    expect(attemptProgress(attempt({ state: 'succeeded' })).tone).toBe('done');
  });
  it('only succeeded, declined and reversed are final', () => {
    const finals = (
      ['created', 'charging', 'paying', 'succeeded', 'declined', 'unknown', 'reversing', 'reversed'] as const
    ).filter((state) => isAttemptFinal(attempt({ state })));
    expect(finals).toEqual(['succeeded', 'declined', 'reversed']);
  });
});

describe('countdown', () => {
  it('shows m:ss and rounds up (a code with 0.2 s left is not yet expired)', () => {
    const now = Date.parse('2026-11-22T03:00:00.000Z');
    expect(countdown('2026-11-22T03:01:30.000Z', now)).toEqual({ seconds: 90, text: '1:30' });
    expect(countdown('2026-11-22T03:00:00.200Z', now)).toEqual({ seconds: 1, text: '0:01' });
    expect(countdown('2026-11-22T02:59:00.000Z', now)).toEqual({ seconds: 0, text: '0:00' });
  });
  it('never goes negative and survives an unparsable date', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 4_102_444_800_000 }), (text, now) => {
        expect(countdown(text, now).seconds).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('latestReport', () => {
  const states = [
    'created',
    'charging',
    'paying',
    'succeeded',
    'declined',
    'unknown',
    'reversing',
    'reversed',
  ] as const;
  it('the later report wins, in whichever order the two arrive', () => {
    const answer = attempt({ state: 'charging', updatedAt: '2026-11-22T03:00:00.000Z' });
    const event = attempt({ state: 'succeeded', updatedAt: '2026-11-22T03:00:01.000Z' });
    expect(latestReport(answer, event)).toBe(event);
    expect(latestReport(event, answer)).toBe(event);
    expect(latestReport(answer, undefined)).toBe(answer);
  });
  it('on the same millisecond a final state is never replaced by an earlier one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...states), (x, y) => {
        const a = attempt({ state: x });
        const b = attempt({ state: y });
        const kept = latestReport(a, b);
        if (isAttemptFinal(a) || isAttemptFinal(b)) expect(isAttemptFinal(kept)).toBe(true);
      }),
    );
  });
});
