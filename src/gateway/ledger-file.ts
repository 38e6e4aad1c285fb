import { TillpointError } from '../core/errors.js';
import Database from 'better-sqlite3';
import type { LedgerState } from './ledger.js';

/**
 * `--ledger FILE`: the sandbox's books in SQLite, so a demo gateway survives a restart (and a crash test can
 * restart it). The whole state is one JSON document in one row, written in a transaction after every request
 * that could change it and BEFORE the answer leaves, so an answered charge is never lost. A sandbox holds
 * hundreds of orders, not millions; a table per record would buy nothing here.
 */

const schemaVersion = 1;

export class LedgerFileError extends TillpointError {
  constructor(message: string, details?: unknown) {
    super('gateway.ledger_invalid', message, details);
  }
}

export interface LedgerFile {
  load(): LedgerState | null;
  save(state: LedgerState): void;
  close(): void;
}

const isState = (value: unknown): value is LedgerState => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['codes', 'orders', 'refunds', 'reversedUnknown'].every((k) => Array.isArray(v[k]));
};

export function openLedgerFile(file: string): LedgerFile {
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(
      `CREATE TABLE IF NOT EXISTS gateway_ledger (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         version INTEGER NOT NULL,
         state TEXT NOT NULL,
         updated_at TEXT NOT NULL
       ) STRICT`,
    );
  } catch (error) {
    throw new LedgerFileError(`Cannot open the gateway ledger ${file}: ${(error as Error).message}`);
  }
  const select = db.prepare<[], { version: number; state: string }>(
    'SELECT version, state FROM gateway_ledger WHERE id = 1',
  );
  const upsert = db.prepare<[number, string, string]>(
    `INSERT INTO gateway_ledger (id, version, state, updated_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, state = excluded.state,
       updated_at = excluded.updated_at`,
  );
  return {
    load() {
      const row = select.get();
      if (!row) return null;
      if (row.version !== schemaVersion) {
        throw new LedgerFileError(
          `The gateway ledger ${file} has version ${row.version}; this gateway reads ${schemaVersion}`,
        );
      }
      let state: unknown;
      try {
        state = JSON.parse(row.state);
      } catch {
        state = null;
      }
      if (!isState(state))
        throw new LedgerFileError(`The gateway ledger ${file} is damaged; start with another file`);
      return state;
    },
    save(state) {
      upsert.run(schemaVersion, JSON.stringify(state), new Date().toISOString());
    },
    close() {
      db.close();
    },
  };
}
