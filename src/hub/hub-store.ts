import type { JournalHeadsStore } from './journal-heads-store.js';
import type { OfflineCodeRecordStore } from './offline-code-records.js';
import { TillpointError } from '../core/errors.js';
/**
 * What the hub keeps, behind one interface with a SQLite and a PostgreSQL implementation. Everything a
 * second hub process would need lives in the database: dedupe is the UNIQUE (terminal_id, idempotency_key)
 * constraint, enrollment codes are rows consumed by a conditional UPDATE, catalog publishers are serialized by
 * the database (see publishCatalog).
 */

export interface NewTerminal {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
}

/** An entry that passed validation, ready to insert: `payloadSha256` is sha256(kind \n payload) (entry-digest.ts). */
export interface ValidEntry {
  readonly idempotencyKey: string;
  readonly kind: string;
  /**
   * The payload text: canonical JSON (a string), or the bytes as the till sent them (UTF-8, checked):
   * SQLite stores those without decoding them to a string and encoding it again (a third of its insert CPU)
   */
  readonly payload: string | Buffer;
  readonly payloadSha256: string;
  readonly createdAt: string;
  /** payment.final: the row for the payments table, written with the entry when it is accepted */
  readonly payment?: PaymentRecord;
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

/** What the hub keeps of a payment.final entry: one row per terminal and attempt (src/hub/payment-final.ts). */
export interface PaymentRecord {
  readonly attemptId: string;
  readonly saleId: string;
  /** customer-code, merchant-qr, static-qr */
  readonly kind: string;
  readonly providerId: string;
  readonly wallet: string | null;
  /** minor units of `currency`: what was charged */
  readonly amount: number;
  readonly currency: string;
  readonly state: 'succeeded' | 'declined' | 'reversed';
  /** reversed after the provider had taken the money */
  readonly refunded: boolean;
  readonly reasonCode: string | null;
  readonly reasonMessage: string | null;
  /** when the attempt reached its final state (the attempt's updatedAt), ISO 8601 UTC */
  readonly finalAt: string;
}

export interface StoredPayment extends PaymentRecord {
  readonly terminalId: string;
  /** the entry that carried it */
  readonly hubSeq: number;
}

export interface PaymentFilter {
  readonly terminalId?: string;
  readonly state?: PaymentRecord['state'];
  /** the till's provider id (settlement reconciliation) */
  readonly providerId?: string;
}

/** Keyset position in the payments list (final_at, terminal_id, attempt_id): the last row of a page. */
export interface PaymentPosition {
  readonly finalAt: string;
  readonly terminalId: string;
  readonly attemptId: string;
}

/** A catalog change to publish (catalogChange without seq); `payload` is canonical JSON. */
export interface NewCatalogChange {
  readonly kind: string;
  readonly payload: string;
}

export interface StoredCatalogChange {
  readonly seq: number;
  readonly kind: string;
  /** JSON text as published */
  readonly payload: string;
}

export interface PublishOutcome {
  readonly published: number;
  /** seq of the last change now published (the cursor after it) */
  readonly lastSeq: number;
}

export type IngestOutcome =
  | { readonly status: 'accepted' | 'duplicate'; readonly hubSeq: number; readonly receivedAt: string }
  | {
      /** the key is stored with another hash: the caller compares the payloads as values (entry-digest.ts) */
      readonly status: 'conflict';
      readonly hubSeq: number;
      readonly receivedAt: string;
      /** the stored payload: its text (SQLite), or the value jsonb gives back (PostgreSQL) */
      readonly storedPayload: unknown;
    };

/** One reconciliation run of a provider's day (the latest replaces the one before). */
export interface ReconciliationRun {
  readonly providerId: string;
  /** YYYY-MM-DD, the provider's day (Beijing time) */
  readonly day: string;
  readonly runAt: string;
  /** 'download', or the file given */
  readonly source: string;
  /** JSON: findings per kind */
  readonly counts: string;
  /** JSON: every finding */
  readonly findings: string;
}

export interface HubStore extends JournalHeadsStore, OfflineCodeRecordStore {
  readonly dialect: 'sqlite' | 'pg';
  createEnrollCode(codeHash: string, now: Date, expiresAt: Date): Promise<void>;
  /** Consumes the code and adds the terminal in one transaction; false if the code is unknown, used or expired. */
  enroll(codeHash: string, terminal: NewTerminal, now: Date): Promise<boolean>;
  /** The terminal a used enrollment code enrolled, and when (a retry of the same enrollment is answered with it). */
  codeTerminal(codeHash: string): Promise<{ readonly terminalId: string; readonly usedAt: Date } | undefined>;
  terminalSecret(terminalId: string): Promise<string | undefined>;
  /** All entries in one transaction, in order; an entry's key seen before is a duplicate or a conflict. */
  ingest(terminalId: string, entries: readonly ValidEntry[], now: Date): Promise<IngestOutcome[]>;
  countEntries(): Promise<number>;
  /** Accepted entries with hub_seq > afterSeq, oldest first: a cursor for reports (and later, pulls). */
  entriesAfter(afterSeq: number, limit: number, kind?: string): Promise<StoredEntry[]>;
  terminals(): Promise<{ readonly id: string; readonly name: string }[]>;
  /**
   * All changes in one transaction, seq in list order. Publishers are serialized (SQLite: one writer;
   * PostgreSQL: a table lock), so seq values become visible in order and a cursor reader never skips one.
   */
  publishCatalog(changes: readonly NewCatalogChange[], publishId: string, now: Date): Promise<PublishOutcome>;
  /** Published changes with seq > afterSeq, oldest first. */
  catalogAfter(afterSeq: number, limit: number): Promise<StoredCatalogChange[]>;
  /** The highest published seq, 0 before the first publish. */
  latestCatalogSeq(): Promise<number>;
  /**
   * The hub secret `name` (base64url), made from `fresh` on first use. Two hub processes asking at once get
   * the same value: the first insert wins and both read it back.
   */
  secret(name: string, fresh: string, now: Date): Promise<string>;
  /** Published changes of these kinds, oldest first (hub staff: the list is what was published, folded). */
  catalogOfKinds(kinds: readonly string[]): Promise<StoredCatalogChange[]>;
  /** Final payment states ordered by (finalAt, terminalId, attemptId), after `from` if given. */
  payments(filter: PaymentFilter, limit: number, from?: PaymentPosition): Promise<StoredPayment[]>;
  /** Keeps a reconciliation run, replacing an earlier run of the same provider and day. */
  saveReconciliation(run: ReconciliationRun): Promise<void>;
  /** Every kept run, by day then provider. */
  reconciliations(): Promise<ReconciliationRun[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot answer now (down, locked, disk full); the hub says 503 with Retry-After. */
export class HubStoreUnavailable extends TillpointError {
  constructor(message: string, details?: unknown) {
    super('hub.unavailable', message, details);
  }
}

/** The database was written by a newer hub; it is refused and left unchanged. */
export class HubStoreTooNew extends TillpointError {
  constructor(message: string, details?: unknown) {
    super('hub.too_new', message, details);
  }
}
