import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';
import { staffPinPattern } from '../../core/permissions.js';
import { badgeHmacText, staffPinHashParams as sharedHashParams } from '../../shared/hub-staff.js';
import type { PinHash, PinHashParams } from '../kiosk/staff-pin.js';

export type { PinHash, PinHashParams };

/**
 * scrypt at N = 2^15, r = 8, p = 1 (RFC 7914's interactive order of cost; the hub hashes its published staff
 * with the same, src/shared/hub-staff.ts). A 4-6 digit PIN has at most a million candidates, so the hash alone
 * cannot save it: the pepper (HMAC with a key kept outside the database) is what makes a copied database
 * useless, and the lockout what stops guessing at the till.
 */
export const staffPinHashParams: PinHashParams = sharedHashParams;

/** A staff PIN is 4 to 6 digits; anything else is a typing slip, refused without counting. */
export function checkStaffPinFormat(pin: string): void {
  if (!staffPinPattern.test(pin)) {
    throw new TillpointError('staff.pin_format', 'A staff PIN is 4 to 6 digits.', { length: pin.length });
  }
}

const peppered = (pepper: Buffer, text: string): Buffer =>
  createHmac('sha256', pepper).update(text.normalize('NFKC')).digest();

function derive(pepper: Buffer, pin: string, salt: Buffer, params: PinHashParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 * N * r bytes (32 MiB here), exactly Node's default limit: 64 MiB leaves headroom
    maxmem: 64 * 1024 * 1024,
  };
  return new Promise((resolve, reject) =>
    scrypt(peppered(pepper, pin), salt, params.keylen, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashStaffPin(
  pepper: Buffer,
  pin: string,
  params: PinHashParams = staffPinHashParams,
): Promise<PinHash> {
  checkStaffPinFormat(pin);
  const salt = randomBytes(16);
  return { hash: await derive(pepper, pin, salt, params), salt, params };
}

/** Compared in constant time, so the answer's timing tells nothing. */
export async function staffPinMatches(pepper: Buffer, pin: string, stored: PinHash): Promise<boolean> {
  const key = await derive(pepper, pin, stored.salt, stored.params);
  return key.length === stored.hash.length && timingSafeEqual(key, stored.hash);
}

/** A badge's lookup key: the UID (hex, separators and case ignored) under the pepper, never the UID itself. */
export const badgeKey = (pepper: Buffer, uid: string): string =>
  peppered(pepper, badgeHmacText(uid)).toString('hex');
