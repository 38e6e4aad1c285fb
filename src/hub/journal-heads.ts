import { createPublicKey, verify } from 'node:crypto';
import { zClosingBytes, type ZClosingDocument } from '../core/journal-closing.js';
import type { JournalHeadWire } from '../shared/hub-api.js';

/**
 * What the hub makes of the journal head a till sends with each sync batch (src/core/journal-chain.ts). The
 * chain alone cannot show a deleted tail or a restored backup (what is left is a valid, shorter chain); the
 * heads the hub saw before can: a head behind the furthest one seen is `rolled_back`, the same seq with
 * another hash is `forked`. The till's public key, kept from the first head that carries one, checks the
 * signed Z closing the head carries (`bad_closing`); another key later is `key_changed`.
 *
 * The hub still accepts the batch's entries (sales are never lost because the till's history looks wrong):
 * the answer carries a typed warning, the hub logs it, and `tillpoint hub journal verify` shows it.
 */
export type JournalHeadStatus = 'ok' | 'rolled_back' | 'forked' | 'bad_closing' | 'key_changed';

/** What the hub holds about a till's journal before this head. */
export interface KnownJournal {
  /** the furthest head seen (null: none yet) */
  readonly furthest: { readonly seq: number; readonly hash: string } | null;
  /** hashes seen at the incoming head's seq */
  readonly hashesAtSeq: readonly string[];
  /** hashes seen at the seq of the head's `at` check (empty without one) */
  readonly hashesAtCheck: readonly string[];
  /** the public key kept for the till (null: none yet) */
  readonly publicKey: string | null;
}

export interface JournalHeadVerdict {
  readonly status: JournalHeadStatus;
  /** the furthest seq seen from the till, this head included */
  readonly furthestSeq: number;
  /** English, for the log and the report */
  readonly detail: string | null;
}

export function judgeJournalHead(known: KnownJournal, head: JournalHeadWire): JournalHeadVerdict {
  const furthestSeq = Math.max(known.furthest?.seq ?? 0, head.seq);
  return { ...judge(known, head), furthestSeq };
}

function judge(known: KnownJournal, head: JournalHeadWire): Omit<JournalHeadVerdict, 'furthestSeq'> {
  if (known.publicKey !== null && head.publicKey !== undefined && head.publicKey !== known.publicKey) {
    return {
      status: 'key_changed',
      detail: 'the till signs with another key than the one the hub first saw',
    };
  }
  const forkedFrom = known.hashesAtSeq.find((h) => h !== head.hash);
  if (forkedFrom !== undefined && !known.hashesAtSeq.includes(head.hash)) {
    return {
      status: 'forked',
      detail: `seq ${head.seq} was ${forkedFrom.slice(0, 8)} before, now ${head.hash.slice(0, 8)}`,
    };
  }
  const at = head.at;
  if (at !== undefined && known.hashesAtCheck.length > 0 && !known.hashesAtCheck.includes(at.hash)) {
    return {
      status: 'forked',
      detail: `seq ${at.seq} was ${known.hashesAtCheck[0]!.slice(0, 8)} before, now ${at.hash.slice(0, 8)}`,
    };
  }
  if (known.furthest !== null && head.seq < known.furthest.seq) {
    return {
      status: 'rolled_back',
      detail: `the journal ends at seq ${head.seq}; the hub saw seq ${known.furthest.seq} before (a restored backup or a deleted tail)`,
    };
  }
  if (head.closing) {
    const key = known.publicKey ?? head.publicKey ?? null;
    const doc = parseClosing(head.closing.document);
    if (key === null || doc === null || !verifyClosing(key, doc, head.closing.signature)) {
      return { status: 'bad_closing', detail: 'the signed Z closing does not verify with the till key' };
    }
    if (doc.seq > head.seq) {
      return {
        status: 'rolled_back',
        detail: `Z ${doc.zNumber} signed seq ${doc.seq}, past the head ${head.seq}`,
      };
    }
  }
  return { status: 'ok', detail: null };
}

function parseClosing(text: string): ZClosingDocument | null {
  try {
    const doc = JSON.parse(text) as ZClosingDocument;
    return typeof doc === 'object' && doc !== null && Number.isSafeInteger(doc.seq) ? doc : null;
  } catch {
    return null;
  }
}

/** ECDSA P-256 / SHA-256, IEEE P1363 signature, as src/terminal/secrets/device-key.ts makes it. */
function verifyClosing(publicKey: string, doc: ZClosingDocument, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(
      'sha256',
      Buffer.from(zClosingBytes(doc), 'utf8'),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** One head as the hub stored it. */
export interface StoredJournalHead {
  readonly terminalId: string;
  readonly seq: number;
  readonly hash: string;
  readonly status: JournalHeadStatus;
  readonly detail: string | null;
  readonly firstSeen: string;
}

/** The answer's `journal` member for a head that is not ok: a stable code and a message. */
export function journalWarning(verdict: JournalHeadVerdict, furthestSeq: number) {
  if (verdict.status === 'ok') return { status: 'ok' as const, furthestSeq };
  return {
    status: verdict.status,
    furthestSeq,
    code: `hub.journal_${verdict.status}` as const,
    message: `The hub kept this batch, but the till's journal looks wrong: ${verdict.detail ?? verdict.status}. Keep the till's data folder as it is and call support.`,
  };
}
