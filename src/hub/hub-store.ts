/**
 * What the hub keeps, behind one interface with a SQLite and a PostgreSQL implementation. Everything a
 * second hub process would need lives in the database: dedupe is the UNIQUE (terminal_id, idempotency_key)
 * constraint, enrollment codes are rows consumed by a conditional UPDATE.
 */

export interface NewTerminal {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
}

/** An entry that passed validation, ready to insert. `payload` is canonical JSON; `payloadSha256` its hash. */
export interface ValidEntry {
  readonly idempotencyKey: string;
  readonly kind: string;
  readonly payload: string;
  readonly payloadSha256: string;
  readonly createdAt: string;
}

export interface StoredEntry {
  readonly hubSeq: number;
  readonly terminalId: string;
  readonly idempotencyKey: string;
  readonly kind: string;
  /** JSON text as accepted */
  readonly payload: string;
  readonly receivedAt: string;
}

export type IngestOutcome =
  | { readonly status: 'accepted' | 'duplicate'; readonly hubSeq: number; readonly receivedAt: string }
  | { readonly status: 'conflict' };

export interface HubStore {
  readonly dialect: 'sqlite' | 'pg';
  createEnrollCode(codeHash: string, now: Date, expiresAt: Date): Promise<void>;
  /** Consumes the code and adds the terminal in one transaction; false if the code is unknown, used or expired. */
  enroll(codeHash: string, terminal: NewTerminal, now: Date): Promise<boolean>;
  terminalSecret(terminalId: string): Promise<string | undefined>;
  /** All entries in one transaction, in order; an entry's key seen before is a duplicate or a conflict. */
  ingest(terminalId: string, entries: readonly ValidEntry[], now: Date): Promise<IngestOutcome[]>;
  countEntries(): Promise<number>;
  /** Accepted entries with hub_seq > afterSeq, oldest first: a cursor for reports (and later, pulls). */
  entriesAfter(afterSeq: number, limit: number, kind?: string): Promise<StoredEntry[]>;
  terminals(): Promise<{ readonly id: string; readonly name: string }[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot answer now (down, locked, disk full); the hub says 503 with Retry-After. */
export class HubStoreUnavailable extends Error {
  override readonly name = 'HubStoreUnavailable';
}

/** The database was written by a newer hub; it is refused and left unchanged. */
export class HubStoreTooNew extends Error {
  override readonly name = 'HubStoreTooNew';
}
