import { createHash, randomInt } from 'node:crypto';

export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Moved to src/core/canonical-json.ts (the till's journal chain hashes the same bytes); kept here for callers. */
export { canonicalJson } from '../core/canonical-json.js';

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
