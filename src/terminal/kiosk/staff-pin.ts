import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';

/** The public PIN of a kiosk in demo mode without a PIN of its own (the kiosk tells staff it is the demo one). */
export const DEMO_STAFF_PIN = '1234';

/** How a PIN hash was made; kept with the hash so the cost can be raised without locking staff out. */
export interface PinHashParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keylen: number;
}

/**
 * scrypt at N = 2^15, r = 8, p = 1 (RFC 7914's interactive-login order of cost; OWASP's minimum for scrypt):
 * a 4-8 digit PIN has few candidates, so each guess at a stolen database must cost real time and memory.
 */
export const pinHashParams: PinHashParams = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };

export interface PinHash {
  readonly hash: Buffer;
  readonly salt: Buffer;
  readonly params: PinHashParams;
}

/** A staff PIN is 4 to 8 digits (what the kiosk's PIN pad offers); anything else is refused, not counted. */
export function checkPinFormat(pin: string): void {
  if (!/^\d{4,8}$/.test(pin)) {
    throw new TillpointError('kiosk.pin_format', 'A staff PIN is 4 to 8 digits.', { length: pin.length });
  }
}

function derive(pin: string, salt: Buffer, params: PinHashParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 * N * r bytes (32 MiB here), Node's default limit exactly; leave headroom
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) =>
    scrypt(pin.normalize('NFKC'), salt, params.keylen, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes a new PIN with a fresh random 16-byte salt. */
export async function hashPin(pin: string): Promise<PinHash> {
  checkPinFormat(pin);
  const salt = randomBytes(16);
  return { hash: await derive(pin, salt, pinHashParams), salt, params: pinHashParams };
}

/** Whether `pin` is the hashed one; compared in constant time, so the answer's timing tells nothing. */
export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const key = await derive(pin, stored.salt, stored.params);
  if (key.length !== stored.hash.length) return false;
  return timingSafeEqual(key, stored.hash);
}
