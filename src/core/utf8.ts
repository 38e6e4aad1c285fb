/**
 * UTF-8 encoding of a JavaScript string (RFC 3629), for the EMV CRC which runs over bytes. src/core has no
 * TextEncoder (no DOM, no Node), so this is the small encoder. Lone surrogates become U+FFFD (EF BF BD),
 * exactly as TextEncoder does (WHATWG Encoding "UTF-8 encode" after USVString conversion).
 */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        cp = 0xfffd;
      }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      cp = 0xfffd;
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else {
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    }
  }
  return Uint8Array.from(out);
}

/**
 * Strict UTF-8 decoding (RFC 3629 section 4 / Unicode 15 Table 3-7, well-formed byte sequences), for NDEF
 * text read off a tag. src/core has no TextDecoder. Answers null for anything ill-formed instead of
 * substituting U+FFFD: a stray continuation byte, a truncated sequence, an overlong form (C0, C1, E0 80..9F,
 * F0 80..8F), an encoded surrogate (ED A0..BF) or a code point past U+10FFFF (F4 90.., F5..FF).
 */
export function utf8Decode(bytes: Uint8Array): string | null {
  const units: number[] = [];
  let text = '';
  const at = (i: number) => (i < bytes.length ? (bytes[i] as number) : -1);
  const isTail = (b: number) => b >= 0x80 && b <= 0xbf;
  for (let i = 0; i < bytes.length;) {
    const b0 = at(i);
    let cp: number;
    if (b0 < 0x80) {
      cp = b0;
      i += 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      const b1 = at(i + 1);
      if (!isTail(b1)) return null;
      cp = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
      i += 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      const b1 = at(i + 1);
      const b2 = at(i + 2);
      const lo = b0 === 0xe0 ? 0xa0 : 0x80;
      const hi = b0 === 0xed ? 0x9f : 0xbf;
      if (b1 < lo || b1 > hi || !isTail(b2)) return null;
      cp = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      i += 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      const b1 = at(i + 1);
      const b2 = at(i + 2);
      const b3 = at(i + 3);
      const lo = b0 === 0xf0 ? 0x90 : 0x80;
      const hi = b0 === 0xf4 ? 0x8f : 0xbf;
      if (b1 < lo || b1 > hi || !isTail(b2) || !isTail(b3)) return null;
      cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      i += 4;
    } else {
      return null;
    }
    if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    // Flush in chunks: String.fromCharCode(...units) must stay below the engine's argument limit.
    if (units.length >= 4096) text += String.fromCharCode(...units.splice(0));
  }
  return text + String.fromCharCode(...units);
}

/** True when `text` has no lone surrogate, so utf8Bytes(text) decodes back to exactly `text`. */
export function isWellFormedText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return false;
  }
  return true;
}
