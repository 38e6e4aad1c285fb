/**
 * The hub's pairing code: the first 100 bits of its TLS certificate's SHA-256 fingerprint in Crockford
 * base32 (no I, L, O, U), `ABCDE-FGHJK-MNPQR-STVWX`. The hub prints it at start; the operator reads it off
 * the hub's screen (or it rides in the enrollment code after a `/`), and the till enrolls only with a hub
 * whose certificate gives the same code, then pins that certificate's whole fingerprint for every later
 * call. Finding another certificate with the same 100 bits is a second-preimage search of 2^100 hashes.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const codeChars = 20;

/** `fingerprintHex`: the SHA-256 of the certificate's DER, hex (colons and case ignored). */
export function pairingCodeOf(fingerprintHex: string): string {
  const hex = fingerprintHex.replace(/[^0-9a-fA-F]/g, '');
  if (hex.length !== 64) throw new Error('a SHA-256 fingerprint has 64 hex digits');
  // 100 bits = 25 hex digits = 20 base32 digits
  let bits = BigInt(`0x${hex.slice(0, 25)}`);
  const out: string[] = [];
  for (let i = 0; i < codeChars; i++) {
    out.unshift(alphabet[Number(bits & 31n)]!);
    bits >>= 5n;
  }
  return [0, 5, 10, 15].map((at) => out.slice(at, at + 5).join('')).join('-');
}

/**
 * A pairing code as typed (any case, with or without dashes and spaces; O read as 0, I and L as 1, as
 * Crockford allows), in the printed form; null when it is not one.
 */
export function normalizePairingCode(typed: string): string | null {
  const chars = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (chars.length !== codeChars || [...chars].some((c) => !alphabet.includes(c))) return null;
  return [0, 5, 10, 15].map((at) => chars.slice(at, at + 5)).join('-');
}

/**
 * An enrollment code may carry the pairing code after a slash (`7QX2-M9KD-4HTR-B6WN/ABCDE-FGHJK-MNPQR-STVWX`,
 * what `tillpoint hub enroll-code` prints for a hub with TLS): split into the two.
 */
export function splitEnrollCode(given: string): { code: string; pairingCode: string | null } {
  const at = given.indexOf('/');
  if (at === -1) return { code: given.trim(), pairingCode: null };
  return { code: given.slice(0, at).trim(), pairingCode: given.slice(at + 1).trim() };
}
