import type Database from 'better-sqlite3';
import type pg from 'pg';

/**
 * The hub's book of offline payment code records (migration 0006): what terminals took, and the issuer's
 * answer per record. One implementation per dialect, spread into the hub store.
 */
export interface OfflineCodeRecordRow {
  readonly recordId: string;
  readonly hubSeq: number;
  readonly terminalId: string;
  readonly saleId: string;
  readonly issuerId: string;
  readonly keyId: string;
  readonly userId: string;
  readonly counter: number;
  readonly amount: number;
  readonly currency: string;
  /** the captured entry's payload, JSON text: what is sent to the issuer */
  readonly payload: string;
  readonly capturedAt: string;
  readonly status: 'pending' | 'accepted' | 'rejected';
  readonly reason: string | null;
  /** settle calls that carried this record (a retry after a lost answer counts again) */
  readonly attempts: number;
  readonly settledAt: string | null;
}

export interface UncopiedEntry {
  readonly hubSeq: number;
  readonly terminalId: string;
  /** JSON text as accepted */
  readonly payload: string;
}

export type NewOfflineCodeRecord = Omit<OfflineCodeRecordRow, 'status' | 'reason' | 'attempts' | 'settledAt'>;

export interface OfflineCodeResult {
  readonly recordId: string;
  readonly status: 'accepted' | 'rejected';
  readonly reason: string | null;
}

export interface OfflineCodeRecordStore {
  /**
   * Accepted offline_code.captured entries not yet in the book, oldest first. An anti-join, not a cursor:
   * on PostgreSQL two ingests may commit their hub_seq out of order, and a cursor would skip the later one.
   */
  uncopiedCapturedEntries(limit: number): Promise<UncopiedEntry[]>;
  /** adds records; one already there (same record id) is left as it is */
  addOfflineCodeRecords(rows: readonly NewOfflineCodeRecord[]): Promise<void>;
  pendingOfflineCodeRecords(limit: number): Promise<OfflineCodeRecordRow[]>;
  markOfflineCodeAttempt(recordIds: readonly string[]): Promise<void>;
  /** the issuer's answers; only pending records change (an answer counts once). Answers how many changed. */
  settleOfflineCodeRecords(results: readonly OfflineCodeResult[], at: Date): Promise<number>;
  offlineCodeRecords(): Promise<OfflineCodeRecordRow[]>;
  /** these records of this terminal (others' records are never answered) */
  offlineCodeStatuses(terminalId: string, recordIds: readonly string[]): Promise<OfflineCodeRecordRow[]>;
}

const columns = `record_id AS "recordId", hub_seq AS "hubSeq", terminal_id AS "terminalId", sale_id AS "saleId",
  issuer_id AS "issuerId", key_id AS "keyId", user_id AS "userId", counter, amount, currency, payload,
  captured_at AS "capturedAt", status, reason, attempts, settled_at AS "settledAt"`;

export function offlineCodeSqlite(
  db: Database.Database,
  guard: <T>(fn: () => T) => Promise<T>,
): OfflineCodeRecordStore {
  const q = {
    uncopied: db.prepare(
      `SELECT e.hub_seq AS hubSeq, e.terminal_id AS terminalId, e.payload FROM entries e
       WHERE e.kind = 'offline_code.captured'
         AND NOT EXISTS (SELECT 1 FROM offline_code_records r WHERE r.hub_seq = e.hub_seq)
       ORDER BY e.hub_seq LIMIT ?`,
    ),
    add: db.prepare(
      `INSERT INTO offline_code_records (record_id, hub_seq, terminal_id, sale_id, issuer_id, key_id, user_id,
         counter, amount, currency, payload, captured_at)
       VALUES (@recordId, @hubSeq, @terminalId, @saleId, @issuerId, @keyId, @userId, @counter, @amount,
         @currency, @payload, @capturedAt)
       ON CONFLICT DO NOTHING`,
    ),
    pending: db.prepare(
      `SELECT ${columns} FROM offline_code_records WHERE status = 'pending' ORDER BY hub_seq LIMIT ?`,
    ),
    attempt: db.prepare('UPDATE offline_code_records SET attempts = attempts + 1 WHERE record_id = ?'),
    settle: db.prepare(
      `UPDATE offline_code_records SET status = ?, reason = ?, settled_at = ?
       WHERE record_id = ? AND status = 'pending'`,
    ),
    all: db.prepare(`SELECT ${columns} FROM offline_code_records ORDER BY hub_seq`),
    ofTerminal: db.prepare(
      `SELECT ${columns} FROM offline_code_records WHERE terminal_id = ? AND record_id IN (SELECT value FROM json_each(?))`,
    ),
  };
  return {
    uncopiedCapturedEntries: (limit) => guard(() => q.uncopied.all(limit) as UncopiedEntry[]),
    addOfflineCodeRecords: (rows) => guard(() => db.transaction(() => rows.forEach((r) => q.add.run(r)))()),
    pendingOfflineCodeRecords: (limit) => guard(() => q.pending.all(limit) as OfflineCodeRecordRow[]),
    markOfflineCodeAttempt: (ids) =>
      guard(() => db.transaction(() => ids.forEach((id) => q.attempt.run(id)))()),
    settleOfflineCodeRecords: (results, at) =>
      guard(() =>
        db.transaction(() =>
          results.reduce(
            (n, r) => n + q.settle.run(r.status, r.reason, at.toISOString(), r.recordId).changes,
            0,
          ),
        )(),
      ),
    offlineCodeRecords: () => guard(() => q.all.all() as OfflineCodeRecordRow[]),
    offlineCodeStatuses: (terminalId, ids) =>
      guard(() => q.ofTerminal.all(terminalId, JSON.stringify(ids)) as OfflineCodeRecordRow[]),
  };
}

type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;

export function offlineCodePg(query: Query): OfflineCodeRecordStore {
  const toRow = (r: Record<string, unknown>): OfflineCodeRecordRow =>
    ({
      ...r,
      hubSeq: Number(r.hubSeq),
      counter: Number(r.counter),
      amount: Number(r.amount),
      payload: JSON.stringify(r.payload),
      capturedAt: (r.capturedAt as Date).toISOString(),
      settledAt: r.settledAt === null ? null : (r.settledAt as Date).toISOString(),
    }) as OfflineCodeRecordRow;
  return {
    async uncopiedCapturedEntries(limit) {
      const rows = await query<{ hub_seq: string; terminal_id: string; payload: unknown }>(
        `SELECT e.hub_seq, e.terminal_id, e.payload FROM entries e
         WHERE e.kind = 'offline_code.captured'
           AND NOT EXISTS (SELECT 1 FROM offline_code_records r WHERE r.hub_seq = e.hub_seq)
         ORDER BY e.hub_seq LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        hubSeq: Number(r.hub_seq),
        terminalId: r.terminal_id,
        payload: JSON.stringify(r.payload),
      }));
    },
    async addOfflineCodeRecords(rows) {
      for (const r of rows) {
        await query(
          `INSERT INTO offline_code_records (record_id, hub_seq, terminal_id, sale_id, issuer_id, key_id, user_id,
             counter, amount, currency, payload, captured_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
          [
            r.recordId,
            r.hubSeq,
            r.terminalId,
            r.saleId,
            r.issuerId,
            r.keyId,
            r.userId,
            r.counter,
            r.amount,
            r.currency,
            r.payload,
            r.capturedAt,
          ],
        );
      }
    },
    async pendingOfflineCodeRecords(limit) {
      const rows = await query(
        `SELECT ${columns} FROM offline_code_records WHERE status = 'pending' ORDER BY hub_seq LIMIT $1`,
        [limit],
      );
      return rows.map(toRow);
    },
    async markOfflineCodeAttempt(ids) {
      await query('UPDATE offline_code_records SET attempts = attempts + 1 WHERE record_id = ANY($1)', [ids]);
    },
    async settleOfflineCodeRecords(results, at) {
      let n = 0;
      for (const r of results) {
        const rows = await query(
          `UPDATE offline_code_records SET status = $1, reason = $2, settled_at = $3
           WHERE record_id = $4 AND status = 'pending' RETURNING record_id`,
          [r.status, r.reason, at, r.recordId],
        );
        n += rows.length;
      }
      return n;
    },
    async offlineCodeRecords() {
      return (await query(`SELECT ${columns} FROM offline_code_records ORDER BY hub_seq`)).map(toRow);
    },
    async offlineCodeStatuses(terminalId, ids) {
      const rows = await query(
        `SELECT ${columns} FROM offline_code_records WHERE terminal_id = $1 AND record_id = ANY($2)`,
        [terminalId, ids],
      );
      return rows.map(toRow);
    },
  };
}
