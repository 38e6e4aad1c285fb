/**
 * How often the kiosk's page may crash before the app stops reloading it. A crashed renderer is reloaded
 * (the basket lives in SQLite, so the customer finds it again), but a page that crashes at every load would
 * flash forever: after `maxCrashes` within `windowMs` the kiosk shows an out-of-order page for staff
 * instead. Plain data here, so it is tested without Electron.
 */
export interface CrashBudgetOptions {
  readonly maxCrashes: number;
  readonly windowMs: number;
}

export type CrashDecision = 'reload' | 'give-up';

/** Three crashes in two minutes: one or two are a fault worth a reload, a third is a loop. */
export const kioskCrashBudget: CrashBudgetOptions = { maxCrashes: 3, windowMs: 120_000 };

export function createCrashBudget(opts: CrashBudgetOptions) {
  if (!Number.isInteger(opts.maxCrashes) || opts.maxCrashes < 1 || !(opts.windowMs > 0)) {
    throw new Error('crash budget: maxCrashes must be a whole number from 1 and windowMs positive');
  }
  let crashes: number[] = [];
  let gaveUp = false;
  return {
    /** Records a crash at `now` (ms) and answers what to do; once given up, it stays given up. */
    record(now: number): CrashDecision {
      crashes = [...crashes.filter((at) => now - at < opts.windowMs), now];
      if (crashes.length >= opts.maxCrashes) gaveUp = true;
      return gaveUp ? 'give-up' : 'reload';
    },
    /** crashes counted in the window ending at `now` */
    recent: (now: number) => crashes.filter((at) => now - at < opts.windowMs).length,
  };
}
