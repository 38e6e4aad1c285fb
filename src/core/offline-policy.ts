/**
 * Offline risk limits. A non-cash sale the hub has not received yet is money the
 * merchant cannot see: a static bank QR confirmed only by the cashier's word, a stored-value debit whose
 * card counter no other till knows, a wallet payment nobody has reconciled. The merchant caps that exposure
 * per tender (amount per sale, count and total of unsynced sales, age of the oldest) and says what happens
 * when the oldest unsynced entry of any kind gets too old (the red bar): warn, or refuse non-cash sales.
 *
 * Cash is never limited: the money is in the drawer whatever the hub knows, and refusing it would stop the
 * till from selling at all. Every amount is in minor units of the terminal's currency.
 *
 * Limits are inclusive ("at most"): a sale is allowed when, with it, the count, the total and its amount
 * are at most the limit, and the oldest unsynced sale is at most the limit's age. One past is refused.
 */

export const offlineTenders = ['wallet', 'static-qr', 'stored-value'] as const;
/** wallet: customer code or the provider's dynamic QR; static-qr: a bank QR the cashier confirms. */
export type OfflineTender = (typeof offlineTenders)[number];

export interface OfflineTenderLimits {
  /** the most one sale may take with this tender */
  readonly maxAmount?: number;
  /** the most sales with this tender that may wait for the hub, the new one included */
  readonly maxCount?: number;
  /** the most money with this tender that may wait for the hub, the new sale included */
  readonly maxTotal?: number;
  /** the oldest sale with this tender waiting for the hub may be at most this old (seconds) */
  readonly maxAgeS?: number;
}

/** What the till does while the oldest unsynced entry is older than `ageLimitS`. */
export type PastLimitPolicy = 'warn' | 'refuse-non-cash';

export interface OfflinePolicy {
  /** the oldest unsynced entry (any kind) may be this old before the red bar (24 h) */
  readonly ageLimitS: number;
  readonly pastLimit: PastLimitPolicy;
  readonly tenders: Partial<Readonly<Record<OfflineTender, OfflineTenderLimits>>>;
  /**
   * cash refunds (partial returns) of sales the hub has not received yet: at most this much per shift
   * (minor units; 0: none). Absent: DEFAULT_UNSYNCED_CASH_REFUNDS_PER_SHIFT.
   */
  readonly unsyncedCashRefundsPerShift?: number;
  /**
   * issuer-signed offline payment codes (src/core/offline-code-verify.ts): taken with no network and settled
   * later, so capped by what is not settled yet, per user and for the till. Absent: the defaults there.
   */
  readonly offlineCodes?: OfflineCodePolicy;
  /** bill prepayments (预存) taken while the biller cannot be reached; absent: the bills service's defaults */
  readonly billPrepayments?: OfflineTenderLimits;
}

export interface OfflineCodePolicy {
  /** one user's unsettled codes on this till, at most (minor units); absent: the code's own credit limit */
  readonly perUserUnsettled?: number;
  /** all unsettled codes on this till, at most (minor units) */
  readonly tillUnsettled?: number;
  /** how far a code's time may be ahead of the till's clock, and past its validity (seconds) */
  readonly skewS?: number;
}

/** A small till's float-sized allowance: 200.00 in the till's currency per shift. */
export const DEFAULT_UNSYNCED_CASH_REFUNDS_PER_SHIFT = 20_000;

export const DEFAULT_AGE_LIMIT_S = 86_400;

/** No file, no hub value: the red bar after 24 h, a warning only, no tender limits. */
export const defaultOfflinePolicy: OfflinePolicy = {
  ageLimitS: DEFAULT_AGE_LIMIT_S,
  pastLimit: 'warn',
  tenders: {},
};

/** The tender's completed sales whose outbox row has not reached the hub (queued or parked). */
export interface UnsyncedTenderStats {
  readonly count: number;
  /** sum of the amounts paid with this tender */
  readonly total: number;
  /** epoch ms the oldest of them was queued, null when there are none */
  readonly oldestAtMs: number | null;
}

export const noUnsynced: UnsyncedTenderStats = { count: 0, total: 0, oldestAtMs: null };

export interface OfflineRiskInput {
  readonly policy: OfflinePolicy;
  readonly tender: OfflineTender;
  /** what this sale would take with the tender (after any tender promotion) */
  readonly amount: number;
  readonly unsynced: UnsyncedTenderStats;
  /** epoch ms of the oldest unsynced outbox entry of any kind (sales of any tender, top-ups ...) */
  readonly oldestAnyAtMs: number | null;
  readonly nowMs: number;
}

export type OfflineRefusalCode =
  | 'sync.overdue'
  | 'offline.limit_age'
  | 'offline.limit_count'
  | 'offline.limit_total'
  | 'offline.limit_amount';

/** What is left before a limit bites; null where the policy sets no such limit. */
export interface OfflineHeadroom {
  /** sales with this tender still allowed, this one included (maxCount - count) */
  readonly countLeft: number | null;
  /** money with this tender still allowed, this sale included (maxTotal - total) */
  readonly totalLeft: number | null;
  /** the largest single sale allowed now: the smaller of maxAmount and totalLeft */
  readonly amountLeft: number | null;
  /** whole seconds until an age limit refuses this tender (rounded down, so never overstated) */
  readonly secondsLeft: number | null;
  /** the oldest unsynced entry is older than ageLimitS (the red bar), whatever the policy does about it */
  readonly overdue: boolean;
  /** the tender has a limit of its own, or the overdue policy refuses non-cash: worth showing the cashier */
  readonly limited: boolean;
}

export type OfflineDecision =
  | ({ readonly allowed: true } & OfflineHeadroom)
  | ({
      readonly allowed: false;
      readonly code: OfflineRefusalCode;
      /** the English fallback a cashier can act on (the renderer translates by code) */
      readonly message: string;
      /** scalars only, so the renderer can put them into its translated message */
      readonly details: Readonly<Record<string, string | number>>;
    } & OfflineHeadroom);

/** Age in ms; a clock set back behind the entry counts as age 0, never as extra time. */
const ageMs = (atMs: number, nowMs: number) => Math.max(0, nowMs - atMs);

/** The oldest unsynced entry is older than the merchant's limit (strictly: at the limit is not yet over). */
export function isOverdue(policy: OfflinePolicy, oldestAnyAtMs: number | null, nowMs: number): boolean {
  return oldestAnyAtMs !== null && ageMs(oldestAnyAtMs, nowMs) > policy.ageLimitS * 1000;
}

/** Whole seconds until `atMs` gets older than `limitS`; 0 once it is. */
const secondsUntil = (atMs: number, limitS: number, nowMs: number) =>
  Math.max(0, Math.floor((limitS * 1000 - ageMs(atMs, nowMs)) / 1000));

const minOrNull = (values: readonly (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.min(...present);
};

/**
 * May this sale take this tender now? Pure: the caller reads the stats (src/terminal/store/offline-risk-store.ts)
 * and the clock. Refusals are checked in a fixed order (overdue, age, count, total, amount) so the same
 * situation always gives the same reason; the headroom is reported in full either way.
 */
export function decideOfflineRisk(input: OfflineRiskInput): OfflineDecision {
  const { policy, tender, amount, unsynced, oldestAnyAtMs, nowMs } = input;
  const limits = policy.tenders[tender] ?? {};
  const overdue = isOverdue(policy, oldestAnyAtMs, nowMs);
  const refusesOverdue = policy.pastLimit === 'refuse-non-cash';

  const countLeft = limits.maxCount === undefined ? null : Math.max(0, limits.maxCount - unsynced.count);
  const totalLeft = limits.maxTotal === undefined ? null : Math.max(0, limits.maxTotal - unsynced.total);
  const amountLeft = minOrNull([limits.maxAmount ?? null, totalLeft]);
  const tenderClock =
    limits.maxAgeS !== undefined && unsynced.oldestAtMs !== null
      ? secondsUntil(unsynced.oldestAtMs, limits.maxAgeS, nowMs)
      : null;
  const overdueClock =
    refusesOverdue && oldestAnyAtMs !== null ? secondsUntil(oldestAnyAtMs, policy.ageLimitS, nowMs) : null;
  const headroom: OfflineHeadroom = {
    countLeft,
    totalLeft,
    amountLeft,
    secondsLeft: minOrNull([tenderClock, overdueClock]),
    overdue,
    limited:
      refusesOverdue ||
      limits.maxAmount !== undefined ||
      limits.maxCount !== undefined ||
      limits.maxTotal !== undefined ||
      limits.maxAgeS !== undefined,
  };
  const refuse = (
    code: OfflineRefusalCode,
    message: string,
    details: Record<string, string | number>,
  ): OfflineDecision => ({ allowed: false, code, message, details: { tender, ...details }, ...headroom });

  if (overdue && refusesOverdue) {
    return refuse(
      'sync.overdue',
      'Sales have not reached the hub for too long, so this till takes only cash until it has synced.',
      { ageLimitS: policy.ageLimitS },
    );
  }
  if (
    limits.maxAgeS !== undefined &&
    unsynced.oldestAtMs !== null &&
    ageMs(unsynced.oldestAtMs, nowMs) > limits.maxAgeS * 1000
  ) {
    return refuse(
      'offline.limit_age',
      'A sale with this tender has waited too long for the hub. Take cash or another tender until the till has synced.',
      { maxAgeS: limits.maxAgeS },
    );
  }
  if (countLeft !== null && countLeft < 1) {
    return refuse(
      'offline.limit_count',
      'This tender has reached its limit of sales waiting for the hub. Take cash or another tender until the till has synced.',
      { maxCount: limits.maxCount ?? 0, count: unsynced.count },
    );
  }
  if (totalLeft !== null && amount > totalLeft) {
    return refuse(
      'offline.limit_total',
      'This sale would take the money waiting for the hub with this tender over its limit. Take cash or another tender.',
      { maxTotal: limits.maxTotal ?? 0, total: unsynced.total, amount },
    );
  }
  if (limits.maxAmount !== undefined && amount > limits.maxAmount) {
    return refuse(
      'offline.limit_amount',
      'This sale is over the most this tender may take while sales wait for the hub. Take cash or another tender.',
      { maxAmount: limits.maxAmount, amount },
    );
  }
  return { allowed: true, ...headroom };
}
