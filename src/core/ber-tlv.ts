/**
 * A small BER-TLV reader (ISO/IEC 8825-1 as EMV Book 3 Annex B uses it): tags of up to 3 bytes, definite
 * lengths of up to 3 bytes, constructed tags (bit 6 of the first byte) parsed into children. Never throws:
 * null on malformed input.
 */
export interface TlvNode {
  /** upper-case hex of the tag bytes, e.g. "6F", "BF0C" */
  readonly tag: string;
  readonly value: Uint8Array;
  /** set for constructed tags */
  readonly children: readonly TlvNode[] | null;
}

const MAX_DEPTH = 8;

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

export function parseBerTlv(bytes: Uint8Array, depth = 0): TlvNode[] | null {
  if (depth > MAX_DEPTH) return null;
  const nodes: TlvNode[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    // EMV Book 3 Annex B1: '00' and 'FF' bytes may pad before, between or after data objects
    if (bytes[pos] === 0x00 || bytes[pos] === 0xff) {
      pos++;
      continue;
    }
    const tagStart = pos;
    const first = bytes[pos++]!;
    if ((first & 0x1f) === 0x1f) {
      // 8.1.2.4: subsequent tag bytes have bit 8 set except the last
      let more = true;
      while (more) {
        if (pos >= bytes.length || pos - tagStart >= 3) return null;
        more = (bytes[pos++]! & 0x80) !== 0;
      }
    }
    const tag = hex(bytes.subarray(tagStart, pos));
    if (pos >= bytes.length) return null;
    let length = bytes[pos++]!;
    if (length & 0x80) {
      // 8.1.3.5 long form; 0x80 (indefinite) is not allowed in EMV
      const count = length & 0x7f;
      if (count === 0 || count > 3 || pos + count > bytes.length) return null;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
    }
    if (pos + length > bytes.length) return null;
    const value = bytes.subarray(pos, pos + length);
    let children: TlvNode[] | null = null;
    if (first & 0x20) {
      children = parseBerTlv(value, depth + 1);
      if (children === null) return null;
    }
    nodes.push({ tag, value, children });
    pos += length;
  }
  return nodes;
}

/** every node with `tag` at any depth, in order */
export function findTlv(nodes: readonly TlvNode[], tag: string): TlvNode[] {
  const found: TlvNode[] = [];
  for (const node of nodes) {
    if (node.tag === tag) found.push(node);
    if (node.children) found.push(...findTlv(node.children, tag));
  }
  return found;
}

export const tlvHex = hex;
