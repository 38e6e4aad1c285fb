import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { JournalHeadWire } from '../shared/hub-api.js';
import {
  judgeJournalHead,
  type JournalHeadVerdict,
  type KnownJournal,
  type StoredJournalHead,
} from './journal-heads.js';

/**
 * The journal_heads table (hub migration 0005) for both backends: read what is known, judge the head, keep
 * it, all in one transaction (two hub processes taking two batches of one till judge them one after the other).
 * A head seen before keeps its first status; the answer still carries the judgement of now.
 */
export interface JournalHeadsStore {
  recordJournalHead(terminalId: string, head: JournalHeadWire, now: Date): Promise<JournalHeadVerdict>;
  /** every till's heads, by till and seq */
  journalHeads(): Promise<StoredJournalHead[]>;
}

const selectHeads = `SELECT terminal_id AS "terminalId", seq, hash, status, detail, first_seen AS "firstSeen"
  FROM journal_heads ORDER BY terminal_id, seq, first_seen`;

export function sqliteJournalHeads(
  db: Database.Database,
  guard: <T>(fn: () => T) => Promise<T>,
): JournalHeadsStore {
  const q = {
    furthest: db.prepare(
      'SELECT seq, hash FROM journal_heads WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1',
    ),
    atSeq: db.prepare('SELECT hash FROM journal_heads WHERE terminal_id = ? AND seq = ?').pluck(),
    key: db.prepare('SELECT device_public_key FROM terminals WHERE id = ?').pluck(),
    setKey: db.prepare(
      'UPDATE terminals SET device_public_key = ? WHERE id = ? AND device_public_key IS NULL',
    ),
    insert: db.prepare(
      `INSERT INTO journal_heads (terminal_id, seq, hash, status, detail, first_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (terminal_id, seq, hash) DO NOTHING`,
    ),
    all: db.prepare(selectHeads),
  };
  const knownOf = (terminalId: string, head: JournalHeadWire): KnownJournal => ({
    furthest: (q.furthest.get(terminalId) as { seq: number; hash: string } | undefined) ?? null,
    hashesAtSeq: q.atSeq.all(terminalId, head.seq) as string[],
    hashesAtCheck: head.at ? (q.atSeq.all(terminalId, head.at.seq) as string[]) : [],
    publicKey: (q.key.get(terminalId) as string | null | undefined) ?? null,
  });
  /** the same head again (every batch of a round carries it): judged from reads, no write, no fsync */
  const repeated = (terminalId: string, head: JournalHeadWire): JournalHeadVerdict | null => {
    const known = db.transaction(() => knownOf(terminalId, head))();
    const keyKnown = known.publicKey !== null || head.publicKey === undefined;
    return known.hashesAtSeq.includes(head.hash) && keyKnown ? judgeJournalHead(known, head) : null;
  };
  const record = db.transaction((terminalId: string, head: JournalHeadWire, now: Date) => {
    const known = knownOf(terminalId, head);
    const verdict = judgeJournalHead(known, head);
    if (known.publicKey === null && head.publicKey !== undefined) q.setKey.run(head.publicKey, terminalId);
    q.insert.run(terminalId, head.seq, head.hash, verdict.status, verdict.detail, now.toISOString());
    return verdict;
  });
  return {
    recordJournalHead: (terminalId, head, now) =>
      guard(() => repeated(terminalId, head) ?? record.immediate(terminalId, head, now)),
    journalHeads: () => guard(() => q.all.all() as StoredJournalHead[]),
  };
}

export function pgJournalHeads(
  tx: <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>,
  query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>,
): JournalHeadsStore {
  return {
    recordJournalHead: (terminalId, head, now) =>
      tx(async (c) => {
        // one till's heads are judged one after another, across hub processes
        const key = await c.query<{ device_public_key: string | null }>(
          'SELECT device_public_key FROM terminals WHERE id = $1 FOR UPDATE',
          [terminalId],
        );
        const furthest = await c.query<{ seq: string; hash: string }>(
          'SELECT seq, hash FROM journal_heads WHERE terminal_id = $1 ORDER BY seq DESC LIMIT 1',
          [terminalId],
        );
        const atSeq = await c.query<{ hash: string }>(
          'SELECT hash FROM journal_heads WHERE terminal_id = $1 AND seq = $2',
          [terminalId, head.seq],
        );
        const atCheck = head.at
          ? await c.query<{ hash: string }>(
              'SELECT hash FROM journal_heads WHERE terminal_id = $1 AND seq = $2',
              [terminalId, head.at.seq],
            )
          : { rows: [] };
        const top = furthest.rows[0];
        const known: KnownJournal = {
          furthest: top ? { seq: Number(top.seq), hash: top.hash } : null,
          hashesAtSeq: atSeq.rows.map((r) => r.hash),
          hashesAtCheck: atCheck.rows.map((r) => r.hash),
          publicKey: key.rows[0]?.device_public_key ?? null,
        };
        const verdict = judgeJournalHead(known, head);
        if (known.publicKey === null && head.publicKey !== undefined) {
          await c.query('UPDATE terminals SET device_public_key = $1 WHERE id = $2', [
            head.publicKey,
            terminalId,
          ]);
        }
        await c.query(
          `INSERT INTO journal_heads (terminal_id, seq, hash, status, detail, first_seen)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (terminal_id, seq, hash) DO NOTHING`,
          [terminalId, head.seq, head.hash, verdict.status, verdict.detail, now],
        );
        return verdict;
      }),
    journalHeads: async () =>
      (await query<StoredJournalHead & { seq: string; firstSeen: Date }>(selectHeads)).map((r) => ({
        ...r,
        seq: Number(r.seq),
        firstSeen: new Date(r.firstSeen).toISOString(),
      })),
  };
}
