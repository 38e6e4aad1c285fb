import type { JournalHeadWire } from '../../shared/hub-api.js';
import { ensureDeviceKey } from '../secrets/device-key.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { listLastClosing } from '../store/journal-closing-store.js';
import { journalHashAt, journalHead } from '../store/journal-store.js';
import type { SqliteDatabase } from '../store/open-store.js';

/** Room kept in each batch for the head (a closing document is well under 2 KB). */
export const journalHeadReserveBytes = 8_192;

/**
 * The journal head a sync batch carries (src/shared/hub-api.ts journalHeadWire): the newest row's seq and
 * hash, the till's public key (made here on the first sync if no Z made it before), and the last signed Z
 * closing; and the till's own hash at `checkSeq`, the furthest seq the hub answered it had seen.
 */
export function journalHeadForHub(db: SqliteDatabase, box: SecretBox, checkSeq: number | null): string {
  const head = journalHead(db);
  const key = ensureDeviceKey(db, box);
  const closing = listLastClosing(db);
  const wire: JournalHeadWire = {
    seq: head.seq,
    hash: head.hash,
    publicKey: key.publicKey,
    ...(closing ? { closing } : {}),
    ...(checkSeq !== null && checkSeq > 0 && checkSeq <= head.seq
      ? { at: { seq: checkSeq, hash: journalHashAt(db, checkSeq) ?? '0'.repeat(64) } }
      : {}),
  };
  return JSON.stringify(wire);
}
