import { TillpointError } from '../../core/errors.js';
import {
  decideOfflineRisk,
  isOverdue,
  offlineTenders,
  type OfflineDecision,
  type OfflinePolicy,
  type OfflineTender,
} from '../../core/offline-policy.js';
import type { OfflineHeadroomDto } from '../../shared/dto.js';
import { OFFLINE_POLICY_CONFIG_KEY, parseOfflinePolicy } from '../../shared/offline-policy-schema.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { createOfflineRiskStore } from '../store/offline-risk-store.js';
import { withStoreErrors } from '../store/store-errors.js';

export interface OfflineRiskDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  /** the terminal's currency: the policy's amounts are its minor units */
  readonly currency: string;
  /** from `<dataDir>/offline-policy.json` (or the default) */
  readonly filePolicy: OfflinePolicy;
  readonly now: () => Date;
  readonly log: (line: string, details?: unknown) => void;
}

const atMs = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/**
 * The offline risk limits at the counter: which policy applies now (the hub's
 * `offline.policy` if it pushed a valid one, else the file's), what each non-cash tender may still take,
 * and the refusal before any money can move. Everything is read at decision time, so a policy the hub
 * pushes and a sync that empties the outbox apply to the very next tender.
 */
export function createOfflineRisk(deps: OfflineRiskDeps) {
  const { file } = deps;
  const store = createOfflineRiskStore(deps.db);
  /** the seq of a hub value already logged as invalid: said once, not on every tender */
  let badHubSeq: number | null = null;

  /** The policy in force: the hub's value replaces the file's as a whole (it is the merchant's newer word). */
  function policy(): OfflinePolicy {
    const hub = withStoreErrors(file, 'read', () => store.hubConfig(OFFLINE_POLICY_CONFIG_KEY));
    if (!hub || hub.value === null) return deps.filePolicy;
    const parsed = parseOfflinePolicy(hub.value);
    if (parsed.ok) return parsed.policy;
    // The hub validates with the same schema, so this is an older or broken hub. Keeping the file's limits
    // (rather than none) never lifts a limit the merchant set on this till.
    if (badHubSeq !== hub.seq) {
      badHubSeq = hub.seq;
      deps.log(`the hub's ${OFFLINE_POLICY_CONFIG_KEY} is not valid; the till keeps offline-policy.json`, {
        seq: hub.seq,
        problem: parsed.problem,
      });
    }
    return deps.filePolicy;
  }

  function decideAll(
    amounts: Readonly<Record<OfflineTender, number>>,
  ): Record<OfflineTender, OfflineDecision> {
    const current = policy();
    const { stats, oldestAny } = withStoreErrors(file, 'read', () =>
      deps.db.transaction(() => ({
        stats: store.unsyncedByTender(),
        oldestAny: store.oldestUnsyncedAt(),
      }))(),
    );
    const nowMs = deps.now().getTime();
    const out = {} as Record<OfflineTender, OfflineDecision>;
    for (const tender of offlineTenders) {
      const s = stats[tender];
      out[tender] = decideOfflineRisk({
        policy: current,
        tender,
        amount: amounts[tender],
        unsynced: { count: s.count, total: s.total, oldestAtMs: atMs(s.oldestAt) },
        oldestAnyAtMs: atMs(oldestAny),
        nowMs,
      });
    }
    return out;
  }

  const decide = (tender: OfflineTender, amount: number): OfflineDecision =>
    decideAll({ wallet: amount, 'static-qr': amount, 'stored-value': amount })[tender];

  const m = (amount: number | null) => (amount === null ? null : { amount, currency: deps.currency });
  const toDto = (tender: OfflineTender, d: OfflineDecision): OfflineHeadroomDto => ({
    tender,
    allowed: d.allowed,
    refusal: d.allowed ? null : { code: d.code, message: d.message, details: { ...d.details } },
    limited: d.limited,
    countLeft: d.countLeft,
    totalLeft: m(d.totalLeft),
    amountLeft: m(d.amountLeft),
    secondsLeft: d.secondsLeft,
    overdue: d.overdue,
  });

  return {
    policy,

    /**
     * Throws the refusal before a non-cash tender may take `amount` (minor units, after any promotion).
     * Call it before anything is written or sent for the payment. Cash never comes here.
     */
    refuse(tender: OfflineTender, amount: number): void {
      const d = decide(tender, amount);
      if (!d.allowed) throw new TillpointError(d.code, d.message, d.details);
    },

    /** Each tender's headroom for a sale, given what each tender would charge for it (payment.options). */
    headroom(amounts: Readonly<Record<OfflineTender, number>>): Record<OfflineTender, OfflineHeadroomDto> {
      const all = decideAll(amounts);
      return {
        wallet: toDto('wallet', all.wallet),
        'static-qr': toDto('static-qr', all['static-qr']),
        'stored-value': toDto('stored-value', all['stored-value']),
      };
    },

    /** The red bar: the oldest unsynced entry is older than the policy's ageLimitS (for the sync status). */
    overdue(): boolean {
      const oldest = withStoreErrors(file, 'read', () => store.oldestUnsyncedAt());
      return isOverdue(policy(), atMs(oldest), deps.now().getTime());
    },
  };
}

export type OfflineRisk = ReturnType<typeof createOfflineRisk>;
