import Database from 'better-sqlite3';
import { protectDatabaseFiles } from './file-modes.js';
import {
  HubStoreTooNew,
  HubStoreUnavailable,
  type HubStore,
  type IngestOutcome,
  type PaymentRecord,
  type ReconciliationRun,
  type StoredCatalogChange,
  type StoredEntry,
  type StoredPayment,
} from './hub-store.js';
import { sqliteJournalHeads } from './journal-heads-store.js';
import { hubMigrations, hubSchemaVersion } from './migrations/index.js';
import { offlineCodeSqlite } from './offline-code-records.js';

/** SQLite result codes that mean "not now" rather than "wrong": the hub answers 503 and the terminal retries. */
const unavailableCodes = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL)/;

function translate(error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.test(code)) {
    return new HubStoreUnavailable(`hub database unavailable: ${code}`, { cause: String(error) });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Opens (creating if missing) and migrates the hub's SQLite file. */
export function openSqliteHubStore(file: string): HubStore {
  const db = new Database(file);
  protectDatabaseFiles(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // several hub processes may share the file; a writer waits for another's short transaction
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const q = {
    insertCode: db.prepare('INSERT INTO enroll_codes (code_hash, created_at, expires_at) VALUES (?, ?, ?)'),
    insertTerminal: db.prepare('INSERT INTO terminals (id, name, secret, enrolled_at) VALUES (?, ?, ?, ?)'),
    useCode: db.prepare(
      `UPDATE enroll_codes SET used_at = ?, terminal_id = ?
       WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
    ),
    secret: db.prepare('SELECT secret FROM terminals WHERE id = ?'),
    codeTerminal: db.prepare(
      'SELECT terminal_id, used_at FROM enroll_codes WHERE code_hash = ? AND used_at IS NOT NULL',
    ),
    // the payload may come as UTF-8 bytes (hub-store.ts ValidEntry): stored as TEXT, the bytes unchanged
    insertEntry: db.prepare(
      `INSERT INTO entries (terminal_id, idempotency_key, kind, payload, payload_sha256, created_at, received_at)
       VALUES (?, ?, ?, CAST(? AS TEXT), ?, ?, ?)
       ON CONFLICT (terminal_id, idempotency_key) DO NOTHING
       RETURNING hub_seq, received_at`,
    ),
    existing: db.prepare(
      'SELECT hub_seq, payload_sha256, received_at FROM entries WHERE terminal_id = ? AND idempotency_key = ?',
    ),
    storedPayload: db.prepare('SELECT payload FROM entries WHERE hub_seq = ?').pluck(),
    count: db.prepare('SELECT count(*) AS n FROM entries'),
    after: db.prepare(
      `SELECT hub_seq AS hubSeq, terminal_id AS terminalId, idempotency_key AS idempotencyKey, kind, payload,
         received_at AS receivedAt
       FROM entries WHERE hub_seq > ? AND (? IS NULL OR kind = ?) ORDER BY hub_seq LIMIT ?`,
    ),
    terminals: db.prepare('SELECT id, name FROM terminals ORDER BY enrolled_at, id'),
    insertPayment: db.prepare(
      `INSERT INTO payments (terminal_id, attempt_id, sale_id, kind, provider_id, wallet, amount, currency, state,
         refunded, reason_code, reason_message, final_at, hub_seq)
       VALUES (@terminalId, @attemptId, @saleId, @kind, @providerId, @wallet, @amount, @currency, @state,
         @refunded, @reasonCode, @reasonMessage, @finalAt, @hubSeq)`,
    ),
    payments: db.prepare(
      `SELECT terminal_id AS terminalId, attempt_id AS attemptId, sale_id AS saleId, kind,
         provider_id AS providerId, wallet, amount, currency, state, refunded, reason_code AS reasonCode,
         reason_message AS reasonMessage, final_at AS finalAt, hub_seq AS hubSeq
       FROM payments
       WHERE (@terminalId IS NULL OR terminal_id = @terminalId) AND (@state IS NULL OR state = @state)
         AND (@providerId IS NULL OR provider_id = @providerId)
         AND (@finalAt IS NULL OR (final_at, terminal_id, attempt_id) > (@finalAt, @fromTerminal, @fromAttempt))
       ORDER BY final_at, terminal_id, attempt_id LIMIT @limit`,
    ),
    insertChange: db.prepare(
      'INSERT INTO catalog_changes (kind, payload, published_at, publish_id) VALUES (?, ?, ?, ?)',
    ),
    changesAfter: db.prepare(
      'SELECT seq, kind, payload FROM catalog_changes WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
    latestChange: db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM catalog_changes'),
    insertSecret: db.prepare(
      'INSERT INTO hub_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
    ),
    secretValue: db.prepare('SELECT value FROM hub_secrets WHERE name = ?').pluck(),
    saveRun: db.prepare(
      `INSERT INTO reconciliations (provider_id, day, run_at, source, counts, findings)
       VALUES (@providerId, @day, @runAt, @source, @counts, @findings)
       ON CONFLICT (provider_id, day) DO UPDATE SET run_at = excluded.run_at, source = excluded.source,
         counts = excluded.counts, findings = excluded.findings`,
    ),
    runs: db.prepare(
      `SELECT provider_id AS providerId, day, run_at AS runAt, source, counts, findings
       FROM reconciliations ORDER BY day, provider_id`,
    ),
  };

  // transactions BEGIN IMMEDIATE: a second hub process on the file waits (busy_timeout) for the write lock
  // up front instead of failing to upgrade a read lock midway
  class Refused extends Error {}
  const enrollTx = db.transaction(
    (codeHash: string, id: string, name: string, secret: string, at: string) => {
      // a used code refuses before the insert: a retry-safe enrollment's retry names the terminal it made
      if (q.codeTerminal.get(codeHash) !== undefined) throw new Refused();
      q.insertTerminal.run(id, name, secret, at);
      if (q.useCode.run(at, id, codeHash, at).changes !== 1) throw new Refused();
    },
  );

  type Row = { hub_seq: number; received_at: string };
  const insertPayment = (terminalId: string, p: PaymentRecord, hubSeq: number) =>
    q.insertPayment.run({ ...p, terminalId, hubSeq, refunded: p.refunded ? 1 : 0 });

  // one writer at a time (BEGIN IMMEDIATE), so seq values commit in the order they are given out
  const publishTx = db.transaction(
    (changes: Parameters<HubStore['publishCatalog']>[0], publishId: string, at: string) => {
      let lastSeq = (q.latestChange.get() as { seq: number }).seq;
      for (const c of changes) {
        lastSeq = Number(q.insertChange.run(c.kind, c.payload, at, publishId).lastInsertRowid);
      }
      return { published: changes.length, lastSeq };
    },
  );
  const ingestTx = db.transaction(
    (terminalId: string, entries: Parameters<HubStore['ingest']>[1], at: string): IngestOutcome[] =>
      entries.map((e) => {
        const row = q.insertEntry.get(
          terminalId,
          e.idempotencyKey,
          e.kind,
          e.payload,
          e.payloadSha256,
          e.createdAt,
          at,
        ) as Row | undefined;
        if (row !== undefined) {
          if (e.payment !== undefined) insertPayment(terminalId, e.payment, row.hub_seq);
          return { status: 'accepted', hubSeq: row.hub_seq, receivedAt: row.received_at };
        }
        const first = q.existing.get(terminalId, e.idempotencyKey) as Row & { payload_sha256: string };
        return first.payload_sha256 === e.payloadSha256
          ? { status: 'duplicate', hubSeq: first.hub_seq, receivedAt: first.received_at }
          : {
              status: 'conflict',
              hubSeq: first.hub_seq,
              receivedAt: first.received_at,
              storedPayload: q.storedPayload.get(first.hub_seq),
            };
      }),
  );

  const guard = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(translate(error));
    }
  };

  return {
    dialect: 'sqlite',
    createEnrollCode: (codeHash, now, expiresAt) =>
      guard(() => {
        q.insertCode.run(codeHash, now.toISOString(), expiresAt.toISOString());
      }),
    enroll: (codeHash, t, now) =>
      guard(() => {
        try {
          enrollTx.immediate(codeHash, t.id, t.name, t.secret, now.toISOString());
          return true;
        } catch (error) {
          if (error instanceof Refused) return false;
          throw error;
        }
      }),
    codeTerminal: (codeHash) =>
      guard(() => {
        const row = q.codeTerminal.get(codeHash) as
          { terminal_id: string | null; used_at: string } | undefined;
        return row?.terminal_id ? { terminalId: row.terminal_id, usedAt: new Date(row.used_at) } : undefined;
      }),
    terminalSecret: (id) => guard(() => (q.secret.get(id) as { secret: string } | undefined)?.secret),
    ingest: (terminalId, entries, now) =>
      guard(() => ingestTx.immediate(terminalId, entries, now.toISOString())),
    countEntries: () => guard(() => (q.count.get() as { n: number }).n),
    entriesAfter: (afterSeq, limit, kind) =>
      guard(() => q.after.all(afterSeq, kind ?? null, kind ?? null, limit) as StoredEntry[]),
    terminals: () => guard(() => q.terminals.all() as { id: string; name: string }[]),
    publishCatalog: (changes, publishId, now) =>
      guard(() => publishTx.immediate(changes, publishId, now.toISOString())),
    catalogAfter: (afterSeq, limit) =>
      guard(() => q.changesAfter.all(afterSeq, limit) as StoredCatalogChange[]),
    latestCatalogSeq: () => guard(() => (q.latestChange.get() as { seq: number }).seq),
    secret: (name, fresh, now) =>
      guard(() => {
        q.insertSecret.run(name, fresh, now.toISOString());
        return q.secretValue.get(name) as string;
      }),
    catalogOfKinds: (kinds) =>
      guard(
        () =>
          db
            .prepare(
              `SELECT seq, kind, payload FROM catalog_changes WHERE kind IN (${kinds.map(() => '?').join(', ')})
               ORDER BY seq`,
            )
            .all(...kinds) as StoredCatalogChange[],
      ),
    payments: (filter, limit, from) =>
      guard(() =>
        (
          q.payments.all({
            terminalId: filter.terminalId ?? null,
            state: filter.state ?? null,
            providerId: filter.providerId ?? null,
            finalAt: from?.finalAt ?? null,
            fromTerminal: from?.terminalId ?? null,
            fromAttempt: from?.attemptId ?? null,
            limit,
          }) as (Omit<StoredPayment, 'refunded'> & { refunded: number })[]
        ).map((r) => ({ ...r, refunded: r.refunded === 1 })),
      ),
    ...sqliteJournalHeads(db, guard),
    saveReconciliation: (run) => guard(() => void q.saveRun.run({ ...run })),
    reconciliations: () => guard(() => q.runs.all() as ReconciliationRun[]),
    ...offlineCodeSqlite(db, guard),
    ping: () => guard(() => void db.prepare('SELECT 1').get()),
    close: () => guard(() => void db.close()),
  };
}

/** `user_version` runner: every missing migration in one transaction; a newer file is refused untouched. */
function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > hubSchemaVersion) {
    throw new HubStoreTooNew(
      `the hub database is at schema ${current}, newer than this hub (${hubSchemaVersion}); upgrade the hub`,
    );
  }
  db.transaction(() => {
    for (const m of hubMigrations) {
      if (m.version <= current) continue;
      db.exec(m.sqlite);
    }
    db.pragma(`user_version = ${hubSchemaVersion}`);
  })();
}
