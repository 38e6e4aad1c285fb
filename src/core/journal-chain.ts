import { canonicalJson } from './canonical-json.js';

/**
 * The till's tamper-evident journal: every money event is a row whose `hash` covers its own canonical bytes
 * and the previous row's hash, so changing or deleting a row breaks every row after it (the inalterability
 * and chained-signature requirement of France's NF525 certification, as Odoo's l10n_fr_pos_cert does it).
 *
 * Pure: the SHA-256 function is passed in (src/core may not import node:crypto); the terminal and the hub
 * both pass node:crypto's. The one writer is src/terminal/store/journal-store.ts (`appendJournal`).
 *
 * Deleting the tail leaves a valid, shorter chain: that is caught only against an anchor kept elsewhere,
 * a signed Z closing (its seq and head hash) or the head the hub last saw (`head_behind`, `anchor_mismatch`).
 */

/** prev_hash of the first row (seq 1): 64 zeros, as in a chain with nothing before it. */
export const journalGenesisHash = '0'.repeat(64);

/** Version of the canonical form; a new form would get a new number so old rows still verify. */
export const journalChainVersion = 1;

export type Sha256Hex = (text: string) => string;

/** A journal row as stored; `data` is the stored JSON text (hashed as text: never re-serialised). */
export interface JournalRow {
  readonly seq: number;
  readonly at: string;
  readonly kind: string;
  readonly saleId: string | null;
  readonly data: string;
  readonly prevHash: string;
  readonly hash: string;
}

export type JournalRowContent = Omit<JournalRow, 'hash'>;

/** The bytes a row's hash covers: canonical JSON of every column but `hash`, with the chain version. */
export function journalRowBytes(row: JournalRowContent): string {
  return canonicalJson({
    v: journalChainVersion,
    seq: row.seq,
    at: row.at,
    kind: row.kind,
    saleId: row.saleId,
    data: row.data,
    prevHash: row.prevHash,
  });
}

export function journalRowHash(row: JournalRowContent, sha256Hex: Sha256Hex): string {
  return sha256Hex(journalRowBytes(row));
}

/** The newest row of a chain: what travels to the hub and what a Z closing signs. */
export interface JournalHead {
  readonly seq: number;
  readonly hash: string;
}

export const emptyJournalHead: JournalHead = { seq: 0, hash: journalGenesisHash };

/** The seq and hash the next row takes, from the current head. */
export function nextJournalLink(head: JournalHead): { seq: number; prevHash: string } {
  return { seq: head.seq + 1, prevHash: head.hash };
}

export type JournalBreakReason =
  /** the row's stored hash is not the hash of its content: the row was changed */
  | 'hash_mismatch'
  /** the row's prev_hash is not the previous row's hash: a row before it was changed or replaced */
  | 'prev_mismatch'
  /** a seq is missing (a row was deleted) or out of order */
  | 'seq_gap'
  /** an anchor (a signed Z, the hub's head) names a seq past the end: the tail was deleted or a backup restored */
  | 'head_behind'
  /** an anchor's hash differs from the row at its seq: history was rewritten and re-hashed */
  | 'anchor_mismatch';

/** A point of the chain known from elsewhere: a signed Z closing, the head the hub holds. */
export interface JournalAnchor {
  readonly seq: number;
  readonly hash: string;
  /** what it is, for the report (`Z 12`, `hub`) */
  readonly source: string;
}

export type JournalVerdict =
  | { readonly ok: true; readonly rows: number; readonly head: JournalHead }
  | {
      readonly ok: false;
      readonly rows: number;
      /** the first seq that is not as it should be (for a deleted row: the missing seq) */
      readonly firstBadSeq: number;
      readonly reason: JournalBreakReason;
      /** English, for the CLI and the logs: names what was expected and what was found */
      readonly detail: string;
    };

/**
 * Walks rows in seq order and names the first broken one. Streaming (an iterable), so a year of rows is
 * never in memory at once. Anchors are checked as their seq passes, and those past the end give head_behind.
 */
export function verifyJournalChain(
  rows: Iterable<JournalRow>,
  sha256Hex: Sha256Hex,
  anchors: readonly JournalAnchor[] = [],
): JournalVerdict {
  const bySeq = new Map<number, JournalAnchor[]>();
  for (const a of anchors) bySeq.set(a.seq, [...(bySeq.get(a.seq) ?? []), a]);
  let head: JournalHead = emptyJournalHead;
  let count = 0;
  const broken = (firstBadSeq: number, reason: JournalBreakReason, detail: string): JournalVerdict => ({
    ok: false,
    rows: count,
    firstBadSeq,
    reason,
    detail,
  });
  for (const row of rows) {
    count++;
    const expected = head.seq + 1;
    if (row.seq !== expected) {
      return broken(
        Math.min(expected, row.seq),
        'seq_gap',
        `expected seq ${expected} after ${head.seq}, found seq ${row.seq}`,
      );
    }
    if (row.prevHash !== head.hash) {
      return broken(
        row.seq,
        'prev_mismatch',
        `seq ${row.seq} links to ${short(row.prevHash)}, not ${short(head.hash)}`,
      );
    }
    const actual = journalRowHash(row, sha256Hex);
    if (actual !== row.hash) {
      return broken(
        row.seq,
        'hash_mismatch',
        `seq ${row.seq} hashes to ${short(actual)}, stored ${short(row.hash)}`,
      );
    }
    for (const a of bySeq.get(row.seq) ?? []) {
      if (a.hash !== row.hash) {
        return broken(
          row.seq,
          'anchor_mismatch',
          `${a.source} signed ${short(a.hash)} at seq ${row.seq}, found ${short(row.hash)}`,
        );
      }
    }
    head = { seq: row.seq, hash: row.hash };
  }
  const beyond = anchors.filter((a) => a.seq > head.seq).sort((a, b) => a.seq - b.seq);
  const last = beyond[beyond.length - 1];
  if (last) {
    return broken(
      head.seq + 1,
      'head_behind',
      `${last.source} saw seq ${last.seq}; the journal ends at seq ${head.seq}`,
    );
  }
  return { ok: true, rows: count, head };
}

/** The receipt's short form of a row: `J#1234 a1b2c3d4` (seq and the first 8 hex of its hash). */
export function journalReceiptRef(head: JournalHead): string {
  return `J#${head.seq} ${short(head.hash)}`;
}

function short(hash: string): string {
  return hash.slice(0, 8);
}
