import { openExistingReadOnly } from './open-store.js';
import { toStoreError } from './store-errors.js';

/**
 * What support needs to know about a till's database, read through a read-only connection that never
 * migrates, never writes and never reads the hub secret: safe beside a running till (WAL readers never block
 * it) and on a damaged or newer file (what cannot be read is reported as null).
 */
export interface StoreSnapshot {
  readonly sqliteVersion: string;
  readonly schemaVersion: number;
  readonly terminal: { terminalId: string; name: string; currency: string; locale: string } | null;
  readonly hubLink: {
    hubUrl: string;
    hubTerminalId: string;
    enrolledAt: string;
    lastSyncAt: string | null;
    lastAttemptAt: string | null;
    failures: number;
    nextAttemptAt: string | null;
    network: string;
    lastError: unknown;
  } | null;
  /** outbox entries by state, and the oldest one not yet at the hub */
  readonly outbox: { byState: Record<string, number>; oldestUnsentAt: string | null } | null;
  /** wallet payment attempts by state */
  readonly paymentAttempts: Record<string, number> | null;
  /** sales by state */
  readonly sales: Record<string, number> | null;
  /** what could not be read, by part */
  readonly problems: Record<string, string>;
}

export function readStoreSnapshot(file: string, options: { nativeBinding?: string } = {}): StoreSnapshot {
  const db = openExistingReadOnly(file, options);
  const problems: Record<string, string> = {};
  const attempt = <T>(part: string, read: () => T): T | null => {
    try {
      return read();
    } catch (error) {
      problems[part] = error instanceof Error ? error.message : String(error);
      return null;
    }
  };
  const countBy = (table: string) => () =>
    Object.fromEntries(
      (
        db.prepare(`SELECT state, count(*) AS n FROM ${table} GROUP BY state`).all() as {
          state: string;
          n: number;
        }[]
      ).map((r) => [r.state, r.n]),
    );
  try {
    const sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const terminal = attempt('terminal', () => {
      const row = db
        .prepare('SELECT terminal_id, name, currency, locale FROM terminal WHERE id = 1')
        .get() as { terminal_id: string; name: string; currency: string; locale: string } | undefined;
      return row
        ? { terminalId: row.terminal_id, name: row.name, currency: row.currency, locale: row.locale }
        : null;
    });
    const hubLink = attempt('hubLink', () => {
      // the columns named one by one: the secret column is never read
      const row = db
        .prepare(
          `SELECT hub_url, hub_terminal_id, enrolled_at, last_sync_at, last_attempt_at, failures,
                  next_attempt_at, network, last_error FROM hub_link WHERE id = 1`,
        )
        .get() as Record<string, string | number | null> | undefined;
      if (!row) return null;
      return {
        hubUrl: String(row.hub_url),
        hubTerminalId: String(row.hub_terminal_id),
        enrolledAt: String(row.enrolled_at),
        lastSyncAt: (row.last_sync_at as string | null) ?? null,
        lastAttemptAt: (row.last_attempt_at as string | null) ?? null,
        failures: Number(row.failures),
        nextAttemptAt: (row.next_attempt_at as string | null) ?? null,
        network: String(row.network),
        lastError: row.last_error === null ? null : (JSON.parse(String(row.last_error)) as unknown),
      };
    });
    const outbox = attempt('outbox', () => ({
      byState: countBy('outbox')(),
      oldestUnsentAt:
        (
          db.prepare(`SELECT min(created_at) AS t FROM outbox WHERE state IN ('queued', 'parked')`).get() as {
            t: string | null;
          }
        ).t ?? null,
    }));
    const paymentAttempts = attempt('paymentAttempts', countBy('payment_attempts'));
    const sales = attempt('sales', countBy('sales'));
    return { sqliteVersion, schemaVersion, terminal, hubLink, outbox, paymentAttempts, sales, problems };
  } catch (error) {
    throw toStoreError(error, file, 'read');
  } finally {
    db.close();
  }
}
