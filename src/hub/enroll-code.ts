import { hashEnrollCode, makeEnrollCode } from './hub-crypto.js';
import type { HubStore } from './hub-store.js';

/** How long an unused enrollment code stays good. */
export const enrollCodeTtlMs = 24 * 60 * 60 * 1000;

/**
 * Makes a one-time code, stores its hash and returns the code for the operator to read out. Kept in the
 * database (not the hub's memory), so any hub process behind the load balancer can consume it.
 */
export async function issueEnrollCode(store: HubStore, now: Date = new Date()): Promise<string> {
  const code = makeEnrollCode();
  await store.createEnrollCode(hashEnrollCode(code), now, new Date(now.getTime() + enrollCodeTtlMs));
  return code;
}
