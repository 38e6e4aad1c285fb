import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffCeilingMs,
  failuresAfterRound,
  nextBackoffMs,
  parseRetryAfter,
  syncBackoff,
} from './backoff.js';

describe('full-jitter backoff', () => {
  it('doubles from 1 s to the 5 min cap', () => {
    expect([1, 2, 3, 4, 9, 10, 60].map((f) => backoffCeilingMs(f))).toEqual([
      1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000,
    ]);
    expect(backoffCeilingMs(0)).toBe(0);
  });

  it('spreads delays over [0, ceiling] and never passes the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (f, r) => {
          const d = nextBackoffMs(f, () => r);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(Math.min(syncBackoff.capMs, backoffCeilingMs(f)));
          expect(Number.isInteger(d)).toBe(true);
        },
      ),
    );
    expect(nextBackoffMs(3, () => 0)).toBe(0);
    expect(nextBackoffMs(3, () => 0.999999)).toBe(4_000);
  });

  it('waits at least what Retry-After says, but not past the cap', () => {
    expect(nextBackoffMs(1, () => 0, 5_000)).toBe(5_000);
    expect(nextBackoffMs(1, () => 0, 86_400_000)).toBe(300_000);
    expect(nextBackoffMs(12, () => 0.999999, 5_000)).toBe(300_000);
  });
});

describe('the failure count after a round', () => {
  it('resets after a clean round, whatever came before', () => {
    expect(failuresAfterRound(0, { failed: false, progressed: false })).toBe(0);
    expect(failuresAfterRound(9, { failed: false, progressed: true })).toBe(0);
  });

  it('grows only when a round moved nothing', () => {
    expect(failuresAfterRound(0, { failed: true, progressed: false })).toBe(1);
    expect(failuresAfterRound(4, { failed: true, progressed: false })).toBe(5);
  });

  it('retries a round that failed after delivering something within the base delay', () => {
    expect(failuresAfterRound(0, { failed: true, progressed: true })).toBe(1);
    expect(failuresAfterRound(12, { failed: true, progressed: true })).toBe(1);
    expect(backoffCeilingMs(failuresAfterRound(12, { failed: true, progressed: true }))).toBe(
      syncBackoff.baseMs,
    );
  });

  it('counts only the rounds that moved nothing since the last one that did', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }), (progress) => {
        let failures = 0;
        let emptySince = 0;
        let delivered = false;
        for (const progressed of progress) {
          failures = failuresAfterRound(failures, { failed: true, progressed });
          if (progressed) [delivered, emptySince] = [true, 0];
          else emptySince += 1;
          expect(failures).toBe((delivered ? 1 : 0) + emptySince);
        }
      }),
    );
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  it('reads delay-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('5', now)).toBe(5_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    for (const v of [null, undefined, '', '-5', '1.5', 'soon', '99999999999']) {
      expect(parseRetryAfter(v, now)).toBeNull();
    }
  });
});
