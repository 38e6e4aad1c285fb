import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  emptyJournalHead,
  journalReceiptRef,
  journalRowHash,
  nextJournalLink,
  verifyJournalChain,
  type JournalAnchor,
  type JournalHead,
  type JournalRow,
  type JournalVerdict,
} from '../../core/journal-chain.js';

/**
 * The ONE writer of the till's journal (schema 16 chains it: src/core/journal-chain.ts). Every money event
 * (sale completed, payment final, refund, void, cash in/out, drawer open, approval, shift closed, settings
 * change) is written with
 *
 *     appendJournal(db, { kind: 'cash.in', saleId: null, data: { amount }, at: now.toISOString() })
 *
 * inside the caller's own transaction (db.transaction(...)), so the event and its journal row commit
 * together or not at all. It answers the row's place (seq, hash), which a receipt prints as `J#seq abcd1234`.
 * A test (journal-writers.int.test.ts) fails if `INSERT INTO journal` appears anywhere else, and a trigger
 * refuses a row without its chain columns.
 */

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The schema version that added seq/prev_hash/hash (0016_journal_chain.sql). */
export const journalChainSchemaVersion = 16;

export interface JournalEvent {
  readonly kind: string;
  readonly saleId: string | null;
  /** any JSON value; stored as JSON text, and the hash covers that text */
  readonly data: unknown;
  /** ISO 8601 */
  readonly at: string;
}

interface Statements {
  readonly head: Database.Statement<[], { seq: number; hash: string }>;
  readonly insert: Database.Statement<[number, string, string, string | null, string, string, string]>;
}

// Prepared once per connection: a sale adds one indexed read (the head, the last row of the seq index) and
// one insert, not a re-parse of the SQL each time.
const statements = new WeakMap<Database.Database, Statements>();

function prepared(db: Database.Database): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      head: db.prepare(
        'SELECT seq, hash FROM journal WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
      ) as Statements['head'],
      insert: db.prepare(
        'INSERT INTO journal (seq, at, kind, sale_id, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/** The newest row's seq and hash (seq 0 and the genesis hash for an empty journal). */
export function journalHead(db: Database.Database): JournalHead {
  return prepared(db).head.get() ?? emptyJournalHead;
}

/**
 * What a receipt prints of its journal row (`J#1234 a1b2c3d4`): the sale's completion, or for a refund
 * receipt the sale's newest row; null when the sale has none (completed before the chain, or a demo).
 */
export function saleJournalRef(db: Database.Database, saleId: string, completion: boolean): string | null {
  const row = db
    .prepare(
      `SELECT seq, hash FROM journal WHERE sale_id = ? AND seq IS NOT NULL
       ${completion ? "AND kind = 'sale.completed'" : ''} ORDER BY seq DESC LIMIT 1`,
    )
    .get(saleId) as JournalHead | undefined;
  return row ? journalReceiptRef(row) : null;
}

/** The hash of the row at `seq`, or null when there is none. */
export function journalHashAt(db: Database.Database, seq: number): string | null {
  return (
    (db.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(seq) as string | undefined) ?? null
  );
}

/** Appends one chained row; call it inside the transaction that writes the event. */
export function appendJournal(db: Database.Database, event: JournalEvent): JournalHead {
  if (!db.inTransaction) {
    // the head read and the insert must be one unit, or two writers could both take the same seq
    return db.transaction(() => appendJournal(db, event)).immediate();
  }
  const s = prepared(db);
  const { seq, prevHash } = nextJournalLink(s.head.get() ?? emptyJournalHead);
  const data = JSON.stringify(event.data ?? {});
  const hash = journalRowHash(
    { seq, at: event.at, kind: event.kind, saleId: event.saleId, data, prevHash },
    sha256Hex,
  );
  s.insert.run(seq, event.at, event.kind, event.saleId, data, prevHash, hash);
  return { seq, hash };
}

/**
 * Chains rows written before schema 16 (seq NULL), in the order they were written (id), after the chained
 * ones. Run by openStore right after migrating; idempotent (a chained journal has nothing to do), and a
 * crash half-way leaves the rest for the next open. Genesis: the first row links to 64 zeros.
 */
export function chainUnchainedJournalRows(db: Database.Database): number {
  const unchained = db
    .prepare('SELECT id, at, kind, sale_id AS saleId, data FROM journal WHERE seq IS NULL ORDER BY id')
    .all() as { id: number; at: string; kind: string; saleId: string | null; data: string }[];
  if (unchained.length === 0) return 0;
  // the update trigger of 0016 lets only a row without a hash be given its chain columns, once
  const fill = db.prepare('UPDATE journal SET seq = ?, prev_hash = ?, hash = ? WHERE id = ? AND seq IS NULL');
  db.transaction(() => {
    let head = journalHead(db);
    for (const row of unchained) {
      const { seq, prevHash } = nextJournalLink(head);
      const hash = journalRowHash(
        { seq, at: row.at, kind: row.kind, saleId: row.saleId, data: row.data, prevHash },
        sha256Hex,
      );
      fill.run(seq, prevHash, hash, row.id);
      head = { seq, hash };
    }
  }).immediate();
  return unchained.length;
}

/** Every chained row in seq order, one at a time (a year of sales is never in memory at once). */
export function* journalRows(db: Database.Database): Generator<JournalRow> {
  const rows = db
    .prepare(
      `SELECT seq, at, kind, sale_id AS saleId, data, prev_hash AS prevHash, hash
       FROM journal WHERE seq IS NOT NULL ORDER BY seq`,
    )
    .iterate() as IterableIterator<JournalRow>;
  yield* rows;
}

export interface JournalCheck {
  readonly verdict: JournalVerdict;
  /** rows with no place in the chain (written around the trigger, or a crash before they were chained) */
  readonly unchained: number;
}

/** Verifies the whole chain against the given anchors (signed Z closings, the hub's head). */
export function checkJournal(db: Database.Database, anchors: readonly JournalAnchor[] = []): JournalCheck {
  const unchained = db.prepare('SELECT count(*) FROM journal WHERE seq IS NULL').pluck().get() as number;
  return { verdict: verifyJournalChain(journalRows(db), sha256Hex, anchors), unchained };
}
