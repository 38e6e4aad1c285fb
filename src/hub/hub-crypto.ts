import { createHash, randomInt } from 'node:crypto';

export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * JSON with object keys sorted at every depth, so "same payload" means the same value, not the same key order
 * (a terminal's re-serialised outbox row must still be a duplicate, not a conflict).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Crockford base32 without I, L, O, U: read aloud and typed on a till without mix-ups. */
const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrollment code like `7QX2-M9KD-4HTR-B6WN` (80 bits). */
export function makeEnrollCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += codeAlphabet[randomInt(codeAlphabet.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Codes are kept only as hashes: a copy of the database does not hold a usable code. */
export const hashEnrollCode = (code: string) => sha256Hex(`tillpoint-enroll\n${code.toUpperCase()}`);
