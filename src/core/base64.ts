/**
 * Base64 (RFC 4648 section 4) for the EMV consumer-presented QR, which carries BER-TLV bytes as base64
 * (EMVCo QRCPS-CPM 5.2). src/core has no atob/Buffer. Decoding is strict: only the standard alphabet, padding
 * only at the end and only as much as the length needs; it may also be left off (RFC 4648 section 3.2),
 * which some wallets do. Returns null instead of throwing.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base64ToBytes(text: string): Uint8Array | null {
  const body = text.replace(/={1,2}$/, '');
  const padded = body.length !== text.length;
  if (body.length % 4 === 1) return null;
  if (padded && text.length % 4 !== 0) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let o = 0;
  for (const c of body) {
    const v = VALUES.get(c);
    if (v === undefined) return null;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
      buffer &= (1 << bits) - 1;
    }
  }
  // RFC 4648 3.5: the bits left over must be zero in a canonical encoding.
  if (buffer !== 0) return null;
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[n & 63];
  }
  return out;
}
