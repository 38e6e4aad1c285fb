import type { OfflineTender } from '../../core/offline-policy.js';
import type { SqliteDatabase } from './open-store.js';

/** One tender's completed sales whose outbox row has not reached the hub. */
export interface UnsyncedTenderRow {
  readonly count: number;
  readonly total: number;
  /** created_at of the oldest such outbox row (ISO 8601), null when there are none */
  readonly oldestAt: string | null;
}

/** The hub's pushed value for a terminal_config key, as stored (JSON text parsed) with its seq. */
export interface HubConfigValue {
  readonly value: unknown;
  readonly seq: number;
}

const empty: UnsyncedTenderRow = { count: 0, total: 0, oldestAt: null };

/**
 * What the offline risk limits are decided on (src/core/offline-policy.ts). "Unsynced" is an outbox row in
 * state queued or parked (0004_sync.sql): parked means the hub refused it, so the hub does not have it
 * either. A sale's row is found by its idempotency key `sale:<saleId>` (kind sale.completed); its tender is
 * its payment's method, and a wallet payment whose attempt showed a static bank QR counts as 'static-qr'
 * (the cashier's word, not a provider's confirmation). Cash rows are not counted: cash is never limited.
 */
export function createOfflineRiskStore(db: SqliteDatabase) {
  const q = {
    // Driven by the partial index outbox_unsent_created; each row finds its payments by payments_sale.
    byTender: db.prepare(
      `SELECT CASE
                WHEN p.method = 'stored-value' THEN 'stored-value'
                WHEN a.kind = 'static-qr' THEN 'static-qr'
                ELSE 'wallet'
              END AS tender,
              count(DISTINCT o.id) AS count, coalesce(sum(p.amount), 0) AS total, min(o.created_at) AS oldest
       FROM outbox o
       JOIN payments p ON p.sale_id = substr(o.idempotency_key, 6)
       LEFT JOIN payment_attempts a ON a.id = p.attempt_id
       WHERE o.state IN ('queued', 'parked') AND o.kind = 'sale.completed' AND o.idempotency_key LIKE 'sale:%'
         AND p.method IN ('wallet', 'stored-value')
       GROUP BY tender`,
    ),
    oldestAny: db.prepare(`SELECT min(created_at) FROM outbox WHERE state IN ('queued', 'parked')`).pluck(),
    config: db.prepare(`SELECT value, seq FROM terminal_config WHERE key = ?`),
  };

  return {
    unsyncedByTender(): Record<OfflineTender, UnsyncedTenderRow> {
      const rows = q.byTender.all() as {
        tender: OfflineTender;
        count: number;
        total: number;
        oldest: string | null;
      }[];
      const out: Record<OfflineTender, UnsyncedTenderRow> = {
        wallet: empty,
        'static-qr': empty,
        'stored-value': empty,
      };
      for (const r of rows) out[r.tender] = { count: r.count, total: r.total, oldestAt: r.oldest };
      return out;
    },
    /** created_at of the oldest unsynced outbox row of any kind (sales, top-ups, payment finals ...) */
    oldestUnsyncedAt: (): string | null => (q.oldestAny.get() as string | null | undefined) ?? null,
    /** the hub's value for `key` (config.set, written by the sync client), or null */
    hubConfig(key: string): HubConfigValue | null {
      const row = q.config.get(key) as { value: string; seq: number } | undefined;
      return row ? { value: JSON.parse(row.value) as unknown, seq: row.seq } : null;
    },
  };
}

export type OfflineRiskStore = ReturnType<typeof createOfflineRiskStore>;
