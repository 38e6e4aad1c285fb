import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCrashBudget, kioskCrashBudget } from './crash-budget.js';

describe('createCrashBudget', () => {
  it('reloads the first crashes and gives up at the third within the window', () => {
    const budget = createCrashBudget({ maxCrashes: 3, windowMs: 60_000 });
    expect(budget.record(0)).toBe('reload');
    expect(budget.record(10_000)).toBe('reload');
    expect(budget.record(20_000)).toBe('give-up');
  });

  it('forgets crashes older than the window: a crash a day is reloaded forever', () => {
    const budget = createCrashBudget(kioskCrashBudget);
    const day = 86_400_000;
    for (let n = 0; n < 30; n++) expect(budget.record(n * day)).toBe('reload');
    expect(budget.recent(29 * day)).toBe(1);
  });

  it('counts a crash exactly one window later as outside it', () => {
    const budget = createCrashBudget({ maxCrashes: 2, windowMs: 1_000 });
    expect(budget.record(0)).toBe('reload');
    expect(budget.record(1_000)).toBe('reload');
    expect(budget.record(1_999)).toBe('give-up');
  });

  it('stays given up, so the out-of-order page is not replaced by another reload', () => {
    const budget = createCrashBudget({ maxCrashes: 1, windowMs: 1_000 });
    expect(budget.record(0)).toBe('give-up');
    expect(budget.record(1_000_000)).toBe('give-up');
  });

  it('refuses a budget that could never reload or never give up', () => {
    expect(() => createCrashBudget({ maxCrashes: 0, windowMs: 1 })).toThrow(/maxCrashes/);
    expect(() => createCrashBudget({ maxCrashes: 1.5, windowMs: 1 })).toThrow(/maxCrashes/);
    expect(() => createCrashBudget({ maxCrashes: 2, windowMs: 0 })).toThrow(/windowMs/);
  });

  it('gives up exactly when maxCrashes crashes fall within one window (any crash times)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 20 }),
        (maxCrashes, windowMs, gaps) => {
          const budget = createCrashBudget({ maxCrashes, windowMs });
          let now = 0;
          let expectedGiveUp = false;
          const times: number[] = [];
          for (const gap of gaps) {
            now += gap;
            times.push(now);
            const inWindow = times.filter((at) => now - at < windowMs).length;
            if (inWindow >= maxCrashes) expectedGiveUp = true;
            expect(budget.record(now)).toBe(expectedGiveUp ? 'give-up' : 'reload');
          }
        },
      ),
    );
  });
});
