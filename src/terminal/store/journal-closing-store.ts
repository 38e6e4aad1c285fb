import type { ShiftReport } from '../../core/shift-report.js';
import {
  closingSequenceProblem,
  zClosingAnchor,
  zClosingBytes,
  zClosingDocument,
  zeroClosingTotals,
  type ZClosingDocument,
} from '../../core/journal-closing.js';
import type { JournalAnchor } from '../../core/journal-chain.js';
import { ensureDeviceKey, verifyDeviceSignature, type DeviceKey } from '../secrets/device-key.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { checkJournal, journalHead, type JournalCheck } from './journal-store.js';
import type { SqliteDatabase } from './open-store.js';

/**
 * Signs the Z closing of a shift, in the close's own transaction, right after its `shift.close` journal row
 * (so the head it signs is that row). Perpetual totals: the last signed closing's plus this period's; a till
 * upgraded to schema 16 starts them at its first signed Z (older closes were never signed).
 */
export function signZClosing(
  db: SqliteDatabase,
  key: DeviceKey,
  terminalId: string,
  report: ShiftReport,
): ZClosingDocument {
  const last = db
    .prepare('SELECT document FROM journal_closings ORDER BY z_number DESC LIMIT 1')
    .pluck()
    .get() as string | undefined;
  const previousPerpetual = last ? (JSON.parse(last) as ZClosingDocument).perpetual : zeroClosingTotals;
  const doc = zClosingDocument({ terminalId, report, head: journalHead(db), previousPerpetual });
  const bytes = zClosingBytes(doc);
  db.prepare(
    'INSERT INTO journal_closings (z_number, shift_id, seq, document, signature, public_key) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(doc.zNumber, doc.shiftId, doc.seq, bytes, key.sign(bytes), key.publicKey);
  return doc;
}

/** The terminal's closing hook: the key is made (or read) at the first close that needs it. */
export function zClosingSigner(db: SqliteDatabase, box: SecretBox, terminalId: string) {
  let key: DeviceKey | null = null;
  return (report: ShiftReport): void => {
    signZClosing(db, (key ??= ensureDeviceKey(db, box)), terminalId, report);
  };
}

export interface StoredClosing {
  readonly document: ZClosingDocument;
  readonly signature: string;
  readonly publicKey: string;
}

export function listClosings(db: SqliteDatabase): StoredClosing[] {
  const rows = db
    .prepare('SELECT document, signature, public_key AS publicKey FROM journal_closings ORDER BY z_number')
    .all() as { document: string; signature: string; publicKey: string }[];
  return rows.map((r) => ({
    document: JSON.parse(r.document) as ZClosingDocument,
    signature: r.signature,
    publicKey: r.publicKey,
  }));
}

/** The newest signed closing as stored (the document text exactly as signed), or null before the first. */
export function listLastClosing(db: SqliteDatabase): { document: string; signature: string } | null {
  return (
    (db.prepare('SELECT document, signature FROM journal_closings ORDER BY z_number DESC LIMIT 1').get() as
      { document: string; signature: string } | undefined) ?? null
  );
}

export interface TillJournalReport extends JournalCheck {
  readonly closings: number;
  /** the first closing whose signature or totals do not hold, and why; null when all hold */
  readonly closingProblem: string | null;
}

/**
 * `tillpoint journal verify`: the chain against every signed Z closing (each signature checked with the
 * till's public key; a closing signed by another key counts as a bad signature, and `expectedPublicKey`,
 * the key the hub holds, is the one to trust when given).
 */
export function verifyTillJournal(db: SqliteDatabase, expectedPublicKey?: string | null): TillJournalReport {
  const closings = listClosings(db);
  const trusted =
    expectedPublicKey ??
    (db.prepare('SELECT public_key FROM device_key WHERE id = 1').pluck().get() as string | undefined) ??
    null;
  let closingProblem: string | null = null;
  for (const c of closings) {
    const bytes = zClosingBytes(c.document);
    if (c.publicKey !== trusted || !verifyDeviceSignature(c.publicKey, bytes, c.signature)) {
      closingProblem = `Z ${c.document.zNumber}: the signature does not verify with the till's key`;
      break;
    }
  }
  closingProblem ??= closingSequenceProblem(closings.map((c) => c.document));
  const anchors: JournalAnchor[] = closings.map((c) => zClosingAnchor(c.document));
  return { ...checkJournal(db, anchors), closings: closings.length, closingProblem };
}
