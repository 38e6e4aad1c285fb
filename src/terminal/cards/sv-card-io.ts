import { TillpointError } from '../../core/errors.js';
import { nfcErrorToTillpointError, type NfcResult } from '../../core/nfc-error.js';
import { parseCapabilityContainer } from '../../core/ntag.js';
import {
  constantTimeEqual,
  readSvCard,
  SV_FIRST_PAGE,
  SV_PAGE_COUNT,
  type PageWrite,
  type SvCardState,
  type SvScheme,
} from '../../core/stored-value.js';
import type { CardLink } from '../nfc/nfc-port.js';

/** Reading and writing a stored-value card over a CardLink. Card errors reject as TillpointError. */

export const uidBytes = (uid: string): Uint8Array => Uint8Array.from(Buffer.from(uid, 'hex'));

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

export type SvRead =
  | { kind: 'card'; state: SvCardState }
  /** no stored-value record, an NTAG with an empty NDEF area: a top-up may issue it */
  | { kind: 'blank' }
  | { kind: 'refused'; result: Extract<NfcResult<SvCardState>, { ok: false }> };

function requireNtag(link: CardLink): void {
  if (link.standard !== 'TAG_ISO_14443_3') {
    throw new TillpointError('card.not_stored_value', 'This card holds no balance of this shop.', {
      standard: link.standard,
    });
  }
}

/** Pages 4..37 and, when they hold no record, the CC and NDEF area to tell a blank tag from one in use. */
export async function readSv(link: CardLink, scheme: SvScheme): Promise<SvRead> {
  requireNtag(link);
  // Pages 4-7 first (one READ answers 16 bytes): a tag without the magic (a member card, a URL tag) costs one
  // APDU instead of nine.
  const head = await link.readPages(SV_FIRST_PAGE, 4);
  const hasMagic = head[0] === 0x54 && head[1] === 0x50 && head[2] === 0x53 && head[3] === 0x56;
  const pages = hasMagic ? concat(head, await link.readPages(SV_FIRST_PAGE + 4, SV_PAGE_COUNT - 4)) : head;
  const result = readSvCard(uidBytes(link.uid), pages, scheme);
  if (result.ok) return { kind: 'card', state: result.value };
  if (result.error.code !== 'card.not_stored_value') return { kind: 'refused', result };
  const cc = parseCapabilityContainer(await link.readPages(3, 1));
  // Blank: a writable NTAG whose data area starts with an empty NDEF TLV (03 00) or nothing (00 / FE), so
  // issuing it overwrites nobody's data. A tag holding a URL or text is left alone.
  const first = pages[0];
  const emptyArea = first === 0x00 || first === 0xfe || (first === 0x03 && pages[1] === 0x00);
  const magicPrefix = pages[0] === 0x54 && pages[1] === 0x50 && pages[2] === 0x53 && pages[3] === 0x56;
  if (cc.ok && !cc.value.readOnly && cc.value.type !== null && (emptyArea || magicPrefix)) {
    return { kind: 'blank' };
  }
  if (cc.ok && cc.value.readOnly)
    throw new TillpointError('nfc.tag_locked', 'This tag is locked (read-only).');
  return { kind: 'refused', result };
}

/** The card's state, or the typed refusal as a TillpointError (tampered, wrong scheme, not stored value). */
export async function readSvState(link: CardLink, scheme: SvScheme): Promise<SvCardState> {
  const read = await readSv(link, scheme);
  if (read.kind === 'card') return read.state;
  if (read.kind === 'blank') {
    throw new TillpointError('card.not_stored_value', 'This card holds no balance of this shop yet.');
  }
  throw nfcErrorToTillpointError(read.result.error);
}

export async function writePages(link: CardLink, writes: readonly PageWrite[]): Promise<void> {
  for (const w of writes) await link.writePage(w.page, w.data);
}

/** Reads back what was written; a difference is nfc.write_verify_failed. */
export async function verifyWritten(link: CardLink, page: number, bytes: Uint8Array): Promise<void> {
  const read = await link.readPages(page, Math.ceil(bytes.length / 4));
  if (!constantTimeEqual(read.subarray(0, bytes.length), bytes)) {
    throw new TillpointError('nfc.write_verify_failed', 'Writing to the card did not take. Try again.', {
      page,
    });
  }
}
