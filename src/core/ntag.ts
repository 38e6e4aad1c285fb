/**
 * NXP NTAG213/215/216 memory as an NFC Forum Type 2 Tag (T2T 1.0): the capability container in page 3 and
 * the TLV blocks of the data area from page 4, where the NDEF message lives in an NDEF Message TLV.
 *
 * Memory: 4-byte pages. Pages 0-2 hold the UID and the static lock bytes, page 3 the capability container
 * (CC, one-time programmable), pages 4..lastUserPage the user memory, then dynamic lock bytes and the
 * configuration pages (NTAG213/215/216 datasheet section 8.5). The NDEF data area starts at page 4.
 *
 * TLVs (T2T 1.0 section 2.3): T is one byte; L is one byte 0x00-0xFE, or three bytes 0xFF hh ll for
 * 0x00FF-0xFFFE; then L bytes of V. NULL (00) and Terminator (FE) have no L and no V.
 */
import { nfcFail, nfcOk, type NfcResult } from './nfc-error.js';

export type NtagType = 'NTAG213' | 'NTAG215' | 'NTAG216';

export interface NtagLayout {
  type: NtagType;
  firstUserPage: 4;
  lastUserPage: number;
  userBytes: number;
}

/** NTAG213/215/216 datasheet, Table 4 (memory organization): 144, 504 and 888 bytes of user memory. */
export const ntagLayouts: Readonly<Record<NtagType, NtagLayout>> = {
  NTAG213: { type: 'NTAG213', firstUserPage: 4, lastUserPage: 39, userBytes: 144 },
  NTAG215: { type: 'NTAG215', firstUserPage: 4, lastUserPage: 129, userBytes: 504 },
  NTAG216: { type: 'NTAG216', firstUserPage: 4, lastUserPage: 225, userBytes: 888 },
};

export interface CapabilityContainer {
  /** CC byte 1: major version in the high nibble, minor in the low (0x10 = 1.0) */
  version: number;
  /** CC byte 2 times 8 (T2T 1.0 section 6.1): 144 / 496 / 872 for NTAG213 / 215 / 216 */
  dataAreaBytes: number;
  readOnly: boolean;
  /** from the size byte as NXP programs it (0x12 / 0x3E / 0x6D), null for any other Type 2 Tag */
  type: NtagType | null;
}

const CC_MAGIC = 0xe1;
const sizeBytes: Readonly<Record<number, NtagType>> = { 0x12: 'NTAG213', 0x3e: 'NTAG215', 0x6d: 'NTAG216' };

const TLV_NULL = 0x00;
const TLV_NDEF = 0x03;
const TLV_TERMINATOR = 0xfe;
const PAGE = 4;
const FIRST_USER_PAGE = 4;

const ndefInvalid = <T>(why: string): NfcResult<T> =>
  nfcFail('nfc.ndef_invalid', `The data on this tag is damaged or not NDEF (${why}). Rewrite the tag.`);

/**
 * Page 3 (T2T 1.0 section 6.1): E1 (NDEF magic), version, data area size / 8, access (high nibble read,
 * low nibble write: 0x0 granted, 0xF none). A major version other than 1 is refused as the spec asks a
 * reader to (section 7.1.1.1), and so is read access other than 0x0 (proprietary).
 */
export function parseCapabilityContainer(page3: Uint8Array): NfcResult<CapabilityContainer> {
  if (page3.length < 4 || page3[0] !== CC_MAGIC) return nfcFail('nfc.not_ndef');
  const version = page3[1] as number;
  const size = page3[2] as number;
  const access = page3[3] as number;
  if (version >> 4 !== 1 || access >> 4 !== 0) {
    return nfcFail(
      'nfc.unsupported_tag',
      'This tag uses an NDEF version or access mode the till cannot read.',
    );
  }
  return nfcOk({
    version,
    dataAreaBytes: size * 8,
    readOnly: (access & 0x0f) !== 0,
    type: sizeBytes[size] ?? null,
  });
}

type TlvStep =
  | { kind: 'ndef'; valueStart: number; length: number }
  | { kind: 'end'; at: number }
  | { kind: 'more'; inNdefTlv: boolean }
  | { kind: 'error'; why: string };

/**
 * Walks the TLVs of the data area to the NDEF Message TLV. Lock and Memory Control TLVs (01, 02), the
 * proprietary TLV (FD) and RFU types are stepped over by their length: NTAG21x keep their lock bytes outside
 * the user memory, so no reserved bytes sit inside an NDEF value. 'more' means the bytes end before the
 * walk could decide.
 */
function walkTlvs(memory: Uint8Array): TlvStep {
  let at = 0;
  while (at < memory.length) {
    const t = memory[at] as number;
    if (t === TLV_NULL) {
      at += 1;
      continue;
    }
    if (t === TLV_TERMINATOR) return { kind: 'end', at: at + 1 };
    const inNdefTlv = t === TLV_NDEF;
    if (at + 2 > memory.length) return { kind: 'more', inNdefTlv };
    let length = memory[at + 1] as number;
    let valueStart = at + 2;
    if (length === 0xff) {
      if (at + 4 > memory.length) return { kind: 'more', inNdefTlv };
      length = ((memory[at + 2] as number) << 8) | (memory[at + 3] as number);
      valueStart = at + 4;
      if (length === 0xffff) return { kind: 'error', why: 'a TLV length is FFFF' };
    }
    if (t === TLV_NDEF) return { kind: 'ndef', valueStart, length };
    at = valueStart + length;
  }
  return { kind: 'more', inNdefTlv: false };
}

/** The NDEF message (the V of the first NDEF Message TLV) in the user memory from page 4. */
export function findNdefMessage(userMemory: Uint8Array): NfcResult<Uint8Array> {
  const step = walkTlvs(userMemory);
  switch (step.kind) {
    case 'ndef':
      if (step.valueStart + step.length > userMemory.length)
        return ndefInvalid('the message runs past the end');
      return nfcOk(userMemory.slice(step.valueStart, step.valueStart + step.length));
    case 'error':
      return ndefInvalid(step.why);
    case 'more':
      if (step.inNdefTlv) return ndefInvalid('the message length runs past the end');
      return nfcFail('nfc.not_ndef', 'This tag holds no NDEF message. Format it for NDEF first.');
    case 'end':
      return nfcFail('nfc.not_ndef', 'This tag holds no NDEF message. Format it for NDEF first.');
  }
}

/**
 * How many bytes of user memory (from page 4) findNdefMessage needs to see the whole NDEF TLV, given the
 * bytes read so far (the first 16-byte READ answers pages 4-7). A reader then reads only the pages it needs.
 * When the Terminator comes first, the bytes up to it (findNdefMessage answers nfc.not_ndef). null when the
 * bytes end before that is known: read more and ask again.
 */
export function ndefTlvBytesNeeded(firstBytes: Uint8Array): number | null {
  const step = walkTlvs(firstBytes);
  if (step.kind === 'ndef') return step.valueStart + step.length;
  if (step.kind === 'end') return step.at;
  return null;
}

/** The NDEF TLV with length 0 and a Terminator: what a blank NDEF-formatted NTAG holds (NXP ships 03 00 FE). */
const EMPTY_TLV = [TLV_NDEF, 0x00, TLV_TERMINATOR, 0x00];

/**
 * The page writes that put `message` on the tag as 03 L V FE, from page 4, padded with zeros to whole pages.
 * The Terminator is left out only when the TLV fills the data area exactly (T2T 1.0 section 2.3.6).
 *
 * Order, for tearing safety (as ST's RFAL ndefT2TPollerBeginWriteMessage / EndWriteMessage and NXP's
 * TagWriter do it): first page 4 with L = 0 (03 00 FE 00), then pages 5.. with the rest of the TLV, then
 * page 4 again with the real L and the first bytes of V. A tag pulled away between writes holds either the
 * old message (before the first write), an empty NDEF message (in between) or the new one: never the new
 * length over old bytes. A TLV that fits in page 4 is one write. A tear inside one page write can leave that
 * page undefined (NTAG21x protect only pages 2, 3 and the dynamic lock bytes against tearing); only a torn
 * page 4 matters, and it reads as damaged (nfc.ndef_invalid / nfc.not_ndef) unless its bytes happen to form
 * a valid TLV: the writer should read back and rewrite when the last write did not answer.
 */
export function planNdefWrite(
  cc: CapabilityContainer,
  message: Uint8Array,
): NfcResult<{ page: number; data: Uint8Array }[]> {
  if (cc.readOnly) return nfcFail('nfc.tag_locked');
  if (message.length > 0xfffe) return nfcFail('nfc.tag_full');
  const header =
    message.length < 0xff
      ? [TLV_NDEF, message.length]
      : [TLV_NDEF, 0xff, message.length >> 8, message.length & 0xff];
  const tlvLength = header.length + message.length;
  if (tlvLength > cc.dataAreaBytes) return nfcFail('nfc.tag_full');
  const withTerminator = tlvLength < cc.dataAreaBytes;
  const image = new Uint8Array(Math.ceil((tlvLength + (withTerminator ? 1 : 0)) / PAGE) * PAGE);
  image.set(header, 0);
  image.set(message, header.length);
  if (withTerminator) image[tlvLength] = TLV_TERMINATOR;

  const pages: { page: number; data: Uint8Array }[] = [];
  for (let offset = 0; offset < image.length; offset += PAGE) {
    pages.push({ page: FIRST_USER_PAGE + offset / PAGE, data: image.slice(offset, offset + PAGE) });
  }
  if (pages.length === 1) return nfcOk(pages);
  const [first, ...rest] = pages as [
    { page: number; data: Uint8Array },
    ...{ page: number; data: Uint8Array }[],
  ];
  return nfcOk([{ page: FIRST_USER_PAGE, data: Uint8Array.from(EMPTY_TLV) }, ...rest, first]);
}
