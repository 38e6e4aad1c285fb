import { TillpointError } from '../../core/errors.js';
import { decodeNdefMessage, encodeNdefMessage, type NdefRecord } from '../../core/ndef.js';
import { nfcErrorToTillpointError, type NfcResult } from '../../core/nfc-error.js';
import {
  findNdefMessage,
  ndefTlvBytesNeeded,
  parseCapabilityContainer,
  planNdefWrite,
  type CapabilityContainer,
  type NtagType,
} from '../../core/ntag.js';
import type { CardLink } from '../nfc/nfc-port.js';

/** NDEF on an NTAG21x over a CardLink: `tillpoint nfc read` / `write-ndef` and the tests. */

const must = <T>(result: NfcResult<T>): T => {
  if (!result.ok) throw nfcErrorToTillpointError(result.error);
  return result.value;
};

export interface NdefRead {
  readonly type: NtagType;
  readonly readOnly: boolean;
  /** bytes the data area can hold */
  readonly capacity: number;
  readonly records: NdefRecord[];
}

async function capabilityContainer(link: CardLink): Promise<CapabilityContainer & { type: NtagType }> {
  if (link.standard !== 'TAG_ISO_14443_3') {
    throw new TillpointError('nfc.unsupported_tag', 'This is not an NTAG (it is an ISO 14443-4 card).');
  }
  const cc = must(parseCapabilityContainer(await link.readPages(3, 1)));
  if (cc.type === null) {
    throw new TillpointError('nfc.unsupported_tag', 'This tag is not an NTAG213, 215 or 216.', {
      dataAreaBytes: cc.dataAreaBytes,
    });
  }
  return { ...cc, type: cc.type };
}

/** Reads only the pages the NDEF TLV needs: 16 bytes first, then the rest of the message. */
export async function readNdef(link: CardLink): Promise<NdefRead> {
  const cc = await capabilityContainer(link);
  let memory = await link.readPages(4, 4);
  let needed = ndefTlvBytesNeeded(memory);
  while (needed === null || needed > memory.length) {
    const want = Math.min(needed ?? memory.length + 16, cc.dataAreaBytes);
    if (want <= memory.length) break;
    const more = await link.readPages(4 + memory.length / 4, Math.ceil((want - memory.length) / 4));
    const next = new Uint8Array(memory.length + more.length);
    next.set(memory);
    next.set(more, memory.length);
    memory = next;
    needed = ndefTlvBytesNeeded(memory);
  }
  const message = must(findNdefMessage(memory));
  return {
    type: cc.type,
    readOnly: cc.readOnly,
    capacity: cc.dataAreaBytes,
    records: must(decodeNdefMessage(message)),
  };
}

/** Writes the message in planNdefWrite's tear-safe order, then reads it back and compares. */
export async function writeNdef(link: CardLink, records: readonly NdefRecord[]): Promise<NdefRead> {
  const cc = await capabilityContainer(link);
  const message = must(encodeNdefMessage(records));
  const pages = must(planNdefWrite(cc, message));
  for (const { page, data } of pages) await link.writePage(page, data);
  const back = await readNdef(link);
  const written = must(encodeNdefMessage(back.records));
  if (written.length !== message.length || written.some((b, i) => b !== message[i])) {
    throw new TillpointError('nfc.write_verify_failed', 'What was read back differs from what was written.');
  }
  return back;
}
