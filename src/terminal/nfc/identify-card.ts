/**
 * What kind of card is on the reader, from as little as can tell: the capability container of a Type 2 tag,
 * or the PPSE directory of an ISO 14443-4 card. Of a bank card only AIDs and labels are kept (no PAN, no
 * track data: we never ask for them).
 */
import { findTlv, parseBerTlv, tlvHex } from '../../core/ber-tlv.js';
import { isTillpointError } from '../../core/errors.js';
import { maskPanRuns } from '../../core/pan.js';
import type { CardLink } from './nfc-port.js';

export type NtagType = 'NTAG213' | 'NTAG215' | 'NTAG216';

export type CardKind =
  | { kind: 'ntag'; type: NtagType }
  | { kind: 'bank-card'; aids: { aid: string; label: string | null }[] }
  /** ISO 14443-3 but its capability container is not an NTAG21x one */
  | { kind: 'unknown-tag' }
  /** ISO 14443-4 without a PPSE */
  | { kind: 'unknown-card' };

/** NTAG213/215/216 data sheet 8.5.6: CC byte 2 (data area size / 8) as NXP programs it */
const NTAG_BY_SIZE: Record<number, NtagType> = { 0x12: 'NTAG213', 0x3e: 'NTAG215', 0x6d: 'NTAG216' };

/** EMV Book 1, 11.3.4: the Proximity Payment System Environment */
const PPSE = new TextEncoder().encode('2PAY.SYS.DDF01');

/** Rejects only with the link's own errors (card removed, reader gone, service unavailable). */
export async function identifyCard(link: CardLink): Promise<CardKind> {
  if (link.standard === 'TAG_ISO_14443_3') {
    let cc: Uint8Array;
    try {
      cc = await link.readPages(3, 1);
    } catch (error) {
      // a 14443-3 card that refuses FF B0 (MIFARE Classic without authentication ...) is not a tag we use
      if (isTillpointError(error) && error.code === 'nfc.transmit_failed') return { kind: 'unknown-tag' };
      throw error;
    }
    // NFC Forum Type 2 Tag 1.0, 6.1: CC0 = E1 (NDEF magic), CC1 = version 1.x, CC2 = size
    const type = cc[0] === 0xe1 && (cc[1]! & 0xf0) === 0x10 ? NTAG_BY_SIZE[cc[2]!] : undefined;
    return type ? { kind: 'ntag', type } : { kind: 'unknown-tag' };
  }
  let fci: Uint8Array;
  try {
    // ISO 7816-4 SELECT by DF name, first or only occurrence, FCI returned; Le 00 (up to 256 bytes)
    fci = await link.transmit(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, PPSE.length, ...PPSE, 0x00), 256);
  } catch (error) {
    if (isTillpointError(error) && error.code === 'nfc.transmit_failed') return { kind: 'unknown-card' };
    throw error;
  }
  const nodes = parseBerTlv(fci);
  const fciTemplate = nodes?.find((n) => n.tag === '6F');
  if (!fciTemplate?.children) return { kind: 'unknown-card' };
  // 6F > A5 > BF0C > 61 (Directory Entry) > 4F (ADF name = AID), 50 (Application Label)
  const aids = findTlv(fciTemplate.children, '61').flatMap((entry) => {
    const aid = entry.children?.find((n) => n.tag === '4F');
    if (!aid || aid.value.length < 5 || aid.value.length > 16) return [];
    const label = entry.children?.find((n) => n.tag === '50');
    return [{ aid: tlvHex(aid.value), label: label ? printable(label.value) : null }];
  });
  return aids.length > 0 ? { kind: 'bank-card', aids } : { kind: 'unknown-card' };
}

/**
 * EMV Book 1, 4.3: the label is "ans" (printable ASCII); anything else is replaced. It is the issuer's text,
 * so a card number in it is masked like one anywhere else (src/core/pan.ts).
 */
function printable(bytes: Uint8Array): string {
  return maskPanRuns(
    Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?')).join(''),
  );
}
