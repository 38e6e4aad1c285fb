import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideOfflineRisk,
  defaultOfflinePolicy,
  isOverdue,
  noUnsynced,
  offlineTenders,
  type OfflinePolicy,
  type OfflineRiskInput,
  type OfflineTenderLimits,
} from './offline-policy.js';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const H = 3_600_000;

const input = (over: Partial<OfflineRiskInput> = {}): OfflineRiskInput => ({
  policy: defaultOfflinePolicy,
  tender: 'stored-value',
  amount: 1_000,
  unsynced: noUnsynced,
  oldestAnyAtMs: null,
  nowMs: NOW,
  ...over,
});
const withLimits = (limits: OfflineTenderLimits, over: Partial<OfflinePolicy> = {}): OfflinePolicy => ({
  ...defaultOfflinePolicy,
  ...over,
  tenders: { 'stored-value': limits },
});

describe('offline risk decision', () => {
  it('the default policy limits nothing and only warns when overdue', () => {
    const d = decideOfflineRisk(input({ oldestAnyAtMs: NOW - 48 * H }));
    expect(d).toEqual({
      allowed: true,
      countLeft: null,
      totalLeft: null,
      amountLeft: null,
      secondsLeft: null,
      overdue: true,
      limited: false,
    });
  });

  it('reports what is left: sales, money, the largest sale and the time', () => {
    const d = decideOfflineRisk(
      input({
        policy: withLimits({ maxCount: 5, maxTotal: 50_000, maxAmount: 20_000, maxAgeS: 4 * 3600 }),
        amount: 1_000,
        unsynced: { count: 2, total: 35_000, oldestAtMs: NOW - (H + 50 * 60_000) },
      }),
    );
    expect(d).toMatchObject({
      allowed: true,
      countLeft: 3,
      totalLeft: 15_000,
      amountLeft: 15_000,
      secondsLeft: 2 * 3600 + 10 * 60,
      limited: true,
    });
  });

  it('a limit on one tender does not touch another', () => {
    const d = decideOfflineRisk(
      input({ tender: 'wallet', policy: withLimits({ maxCount: 1 }), unsynced: { ...noUnsynced, count: 9 } }),
    );
    expect(d).toMatchObject({ allowed: true, limited: false, countLeft: null });
  });

  it('amount: at the limit is allowed, one minor unit more is refused', () => {
    const policy = withLimits({ maxAmount: 5_000 });
    expect(decideOfflineRisk(input({ policy, amount: 5_000 })).allowed).toBe(true);
    expect(decideOfflineRisk(input({ policy, amount: 5_001 }))).toMatchObject({
      allowed: false,
      code: 'offline.limit_amount',
      details: { tender: 'stored-value', maxAmount: 5_000, amount: 5_001 },
    });
  });

  it('count: the limit counts the new sale, so maxCount - 1 waiting still allows one more', () => {
    const policy = withLimits({ maxCount: 3 });
    const at = (count: number) =>
      decideOfflineRisk(input({ policy, unsynced: { count, total: 0, oldestAtMs: NOW } }));
    expect(at(2)).toMatchObject({ allowed: true, countLeft: 1 });
    expect(at(3)).toMatchObject({ allowed: false, code: 'offline.limit_count', countLeft: 0 });
    expect(at(7)).toMatchObject({ allowed: false, countLeft: 0 });
  });

  it('total: waiting plus this sale may reach the limit exactly, not pass it', () => {
    const policy = withLimits({ maxTotal: 10_000 });
    const unsynced = { count: 1, total: 7_000, oldestAtMs: NOW };
    expect(decideOfflineRisk(input({ policy, unsynced, amount: 3_000 })).allowed).toBe(true);
    expect(decideOfflineRisk(input({ policy, unsynced, amount: 3_001 }))).toMatchObject({
      allowed: false,
      code: 'offline.limit_total',
      totalLeft: 3_000,
    });
  });

  it('age: the oldest waiting sale may be exactly maxAgeS old; one ms more is refused', () => {
    const policy = withLimits({ maxAgeS: 600 });
    const at = (ageMs: number) =>
      decideOfflineRisk(input({ policy, unsynced: { count: 1, total: 1, oldestAtMs: NOW - ageMs } }));
    expect(at(600_000)).toMatchObject({ allowed: true, secondsLeft: 0 });
    expect(at(599_001)).toMatchObject({ allowed: true, secondsLeft: 0 });
    expect(at(599_000)).toMatchObject({ allowed: true, secondsLeft: 1 });
    expect(at(600_001)).toMatchObject({ allowed: false, code: 'offline.limit_age', secondsLeft: 0 });
    // nothing waiting: no clock runs
    expect(decideOfflineRisk(input({ policy }))).toMatchObject({ allowed: true, secondsLeft: null });
  });

  it('a clock set back behind the oldest sale gives no extra time', () => {
    const policy = withLimits({ maxAgeS: 600 });
    const d = decideOfflineRisk(input({ policy, unsynced: { count: 1, total: 1, oldestAtMs: NOW + H } }));
    expect(d).toMatchObject({ allowed: true, secondsLeft: 600 });
  });

  it('overdue: warn allows non-cash, refuse-non-cash refuses it with sync.overdue', () => {
    const oldestAnyAtMs = NOW - 24 * H - 1;
    const warn = decideOfflineRisk(input({ oldestAnyAtMs }));
    expect(warn).toMatchObject({ allowed: true, overdue: true, secondsLeft: null });
    const policy: OfflinePolicy = { ...defaultOfflinePolicy, pastLimit: 'refuse-non-cash' };
    for (const tender of offlineTenders) {
      expect(decideOfflineRisk(input({ policy, tender, oldestAnyAtMs }))).toMatchObject({
        allowed: false,
        code: 'sync.overdue',
        overdue: true,
        limited: true,
      });
    }
    // at the limit exactly it is not overdue yet; the time left counts down to it
    expect(decideOfflineRisk(input({ policy, oldestAnyAtMs: NOW - 24 * H }))).toMatchObject({
      allowed: true,
      overdue: false,
      secondsLeft: 0,
    });
    expect(decideOfflineRisk(input({ policy, oldestAnyAtMs: NOW - 20 * H }))).toMatchObject({
      allowed: true,
      secondsLeft: 4 * 3600,
    });
    expect(isOverdue(defaultOfflinePolicy, null, NOW)).toBe(false);
  });

  it('the reasons come in a fixed order: overdue, age, count, total, amount', () => {
    const policy = withLimits(
      { maxAgeS: 60, maxCount: 1, maxTotal: 10, maxAmount: 1 },
      { pastLimit: 'refuse-non-cash', ageLimitS: 60 },
    );
    const all = { count: 5, total: 10, oldestAtMs: NOW - H };
    const code = (over: Partial<OfflineRiskInput>) => {
      const d = decideOfflineRisk(
        input({ policy, amount: 2, unsynced: all, oldestAnyAtMs: NOW - H, ...over }),
      );
      return d.allowed ? null : d.code;
    };
    expect(code({})).toBe('sync.overdue');
    expect(code({ oldestAnyAtMs: null })).toBe('offline.limit_age');
    expect(code({ oldestAnyAtMs: null, unsynced: { ...all, oldestAtMs: NOW } })).toBe('offline.limit_count');
    expect(code({ oldestAnyAtMs: null, unsynced: { count: 0, total: 9, oldestAtMs: NOW } })).toBe(
      'offline.limit_total',
    );
    expect(code({ oldestAnyAtMs: null, unsynced: noUnsynced })).toBe('offline.limit_amount');
  });
});

// --- properties

const limitsArb: fc.Arbitrary<OfflineTenderLimits> = fc.record(
  {
    maxAmount: fc.integer({ min: 1, max: 1_000_000 }),
    maxCount: fc.integer({ min: 1, max: 50 }),
    maxTotal: fc.integer({ min: 1, max: 5_000_000 }),
    maxAgeS: fc.integer({ min: 60, max: 7 * 86_400 }),
  },
  { requiredKeys: [] },
);
const policyArb: fc.Arbitrary<OfflinePolicy> = fc.record({
  ageLimitS: fc.integer({ min: 60, max: 7 * 86_400 }),
  pastLimit: fc.constantFrom('warn' as const, 'refuse-non-cash' as const),
  tenders: fc.record(
    { wallet: limitsArb, 'static-qr': limitsArb, 'stored-value': limitsArb },
    { requiredKeys: [] },
  ),
});
const ageArb = fc.option(fc.integer({ min: -H, max: 10 * 86_400_000 }), { nil: null });
const inputArb: fc.Arbitrary<OfflineRiskInput> = fc
  .record({
    policy: policyArb,
    tender: fc.constantFrom(...offlineTenders),
    amount: fc.integer({ min: 1, max: 2_000_000 }),
    count: fc.integer({ min: 0, max: 60 }),
    total: fc.integer({ min: 0, max: 6_000_000 }),
    tenderAge: ageArb,
    anyAge: ageArb,
  })
  .map(({ policy, tender, amount, count, total, tenderAge, anyAge }) => ({
    policy,
    tender,
    amount,
    unsynced: { count, total, oldestAtMs: tenderAge === null ? null : NOW - tenderAge },
    // the oldest entry of any kind is at least as old as the tender's oldest
    oldestAnyAtMs:
      anyAge === null && tenderAge === null
        ? null
        : NOW - Math.max(anyAge ?? -Infinity, tenderAge ?? -Infinity),
    nowMs: NOW,
  }));

/** Every limit the policy sets holds with this sale added: the definition the decision must match exactly. */
function withinLimits(i: OfflineRiskInput): boolean {
  const l = i.policy.tenders[i.tender] ?? {};
  const age = (at: number | null) => (at === null ? 0 : Math.max(0, i.nowMs - at));
  return (
    !(i.policy.pastLimit === 'refuse-non-cash' && age(i.oldestAnyAtMs) > i.policy.ageLimitS * 1000) &&
    (l.maxAgeS === undefined || age(i.unsynced.oldestAtMs) <= l.maxAgeS * 1000) &&
    (l.maxCount === undefined || i.unsynced.count + 1 <= l.maxCount) &&
    (l.maxTotal === undefined || i.unsynced.total + i.amount <= l.maxTotal) &&
    (l.maxAmount === undefined || i.amount <= l.maxAmount)
  );
}

describe('offline risk decision (properties)', () => {
  it('allows exactly when every limit holds with the sale added: never past a limit, never refused within', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        expect(decideOfflineRisk(i).allowed).toBe(withinLimits(i));
      }),
      { numRuns: 2_000 },
    );
  });

  it('what is left is never negative, and whole numbers', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const d = decideOfflineRisk(i);
        for (const v of [d.countLeft, d.totalLeft, d.amountLeft, d.secondsLeft]) {
          if (v !== null) {
            expect(Number.isSafeInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });

  it('amountLeft is the largest amount allowed: it passes and one minor unit more does not', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const d = decideOfflineRisk(i);
        if (d.amountLeft === null || d.amountLeft < 1) return;
        const at = decideOfflineRisk({ ...i, amount: d.amountLeft });
        const over = decideOfflineRisk({ ...i, amount: d.amountLeft + 1 });
        expect(over.allowed).toBe(false);
        if (at.allowed) return;
        // refused at amountLeft only for a reason that has nothing to do with the amount
        expect(['sync.overdue', 'offline.limit_age', 'offline.limit_count']).toContain(at.code);
      }),
    );
  });

  it('the time left is never overstated: that many seconds on, the tender is still allowed', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const d = decideOfflineRisk(i);
        if (!d.allowed || d.secondsLeft === null) return;
        const later = decideOfflineRisk({ ...i, nowMs: i.nowMs + d.secondsLeft * 1000 });
        expect(later.allowed).toBe(true);
        // (an entry "from the future", a clock set back, only starts ageing once the clock passes it)
        const future = [i.unsynced.oldestAtMs, i.oldestAnyAtMs].some((at) => at !== null && at > i.nowMs);
        if (future) return;
        const pastIt = decideOfflineRisk({ ...i, nowMs: i.nowMs + (d.secondsLeft + 1) * 1000 });
        expect(pastIt.allowed).toBe(false);
      }),
    );
  });
});
