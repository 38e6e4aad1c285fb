import Database from 'better-sqlite3';
import {
  HubStoreTooNew,
  HubStoreUnavailable,
  type HubStore,
  type IngestOutcome,
  type StoredEntry,
} from './hub-store.js';
import { hubMigrations, hubSchemaVersion } from './migrations/index.js';

/** SQLite result codes that mean "not now" rather than "wrong": the hub answers 503 and the terminal retries. */
const unavailableCodes = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL)/;

function translate(error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.test(code)) {
    return new HubStoreUnavailable(`hub database unavailable: ${code}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Opens (creating if missing) and migrates the hub's SQLite file. */
export function openSqliteHubStore(file: string): HubStore {
  const db = new Database(file);
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
    insertEntry: db.prepare(
      `INSERT INTO entries (terminal_id, idempotency_key, kind, payload, payload_sha256, created_at, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (terminal_id, idempotency_key) DO NOTHING
       RETURNING hub_seq, received_at`,
    ),
    existing: db.prepare(
      'SELECT hub_seq, payload_sha256, received_at FROM entries WHERE terminal_id = ? AND idempotency_key = ?',
    ),
    count: db.prepare('SELECT count(*) AS n FROM entries'),
    after: db.prepare(
      `SELECT hub_seq AS hubSeq, terminal_id AS terminalId, idempotency_key AS idempotencyKey, kind, payload,
         received_at AS receivedAt
       FROM entries WHERE hub_seq > ? AND (? IS NULL OR kind = ?) ORDER BY hub_seq LIMIT ?`,
    ),
    terminals: db.prepare('SELECT id, name FROM terminals ORDER BY enrolled_at, id'),
  };

  // transactions BEGIN IMMEDIATE: a second hub process on the file waits (busy_timeout) for the write lock
  // up front instead of failing to upgrade a read lock midway
  class Refused extends Error {}
  const enrollTx = db.transaction(
    (codeHash: string, id: string, name: string, secret: string, at: string) => {
      q.insertTerminal.run(id, name, secret, at);
      if (q.useCode.run(at, id, codeHash, at).changes !== 1) throw new Refused();
    },
  );

  type Row = { hub_seq: number; received_at: string };
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
        if (row !== undefined)
          return { status: 'accepted', hubSeq: row.hub_seq, receivedAt: row.received_at };
        const first = q.existing.get(terminalId, e.idempotencyKey) as Row & { payload_sha256: string };
        return first.payload_sha256 === e.payloadSha256
          ? { status: 'duplicate', hubSeq: first.hub_seq, receivedAt: first.received_at }
          : { status: 'conflict' };
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
    terminalSecret: (id) => guard(() => (q.secret.get(id) as { secret: string } | undefined)?.secret),
    ingest: (terminalId, entries, now) =>
      guard(() => ingestTx.immediate(terminalId, entries, now.toISOString())),
    countEntries: () => guard(() => (q.count.get() as { n: number }).n),
    entriesAfter: (afterSeq, limit, kind) =>
      guard(() => q.after.all(afterSeq, kind ?? null, kind ?? null, limit) as StoredEntry[]),
    terminals: () => guard(() => q.terminals.all() as { id: string; name: string }[]),
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
