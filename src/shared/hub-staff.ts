import { z } from 'zod';
import { staffRoles } from '../core/permissions.js';
import { uuid } from './dto.js';

/**
 * Staff published by the hub (`tillpoint hub staff add`), as the hub and the till both read it. The hub never
 * holds a PIN: it sends an scrypt hash of HMAC(staff key, PIN) made with the till's own cost and a salt of its
 * own, and a badge as HMAC(staff key, UID). The staff key ("org pepper") is a secret of the hub database that
 * each enrolled till fetches once over a signed request, sealed under its own link secret (README "Staff
 * published by the hub"). src/shared may not import node:crypto, so each side computes the HMACs itself
 * from the conventions here.
 */

/** scrypt at N = 2^15, r = 8, p = 1 (RFC 7914's interactive order of cost), 32 bytes: the till's and the hub's. */
export const staffPinHashParams = { N: 2 ** 15, r: 8, p: 1, keylen: 32 } as const;

/** The text a badge's UID is HMACed as: hex only (separators and case ignored), so every reader agrees. */
export const badgeHmacText = (uid: string): string => `badge:${uid.replace(/[^0-9a-f]/gi, '').toUpperCase()}`;

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

/** The cost a published hash was made with; bounded so a till can always verify it (scrypt's 128·N·r bytes). */
export const pinHashParamsWire = z
  .strictObject({
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, 'N is a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keylen: z.number().int().min(32).max(64),
  })
  .refine((p) => 128 * p.N * p.r <= 64 * 1024 * 1024, 'at most 64 MiB of scrypt memory (128 · N · r)');

export const pinHashWire = z.strictObject({
  /** base64 */
  hash: base64.min(43).max(88),
  /** base64 of 16 bytes */
  salt: base64.length(24),
  params: pinHashParamsWire,
});
export type PinHashWire = z.infer<typeof pinHashWire>;

export const staffUpsertPayload = z.strictObject({
  id: uuid,
  name: z.string().trim().min(1).max(80),
  role: z.enum(staffRoles),
  pinHash: pinHashWire,
  /** HMAC-SHA256(staff key, badgeHmacText(UID)) in hex, or null without a badge */
  badgeKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});
export type StaffUpsertPayload = z.infer<typeof staffUpsertPayload>;

export const staffRemovePayload = z.strictObject({ id: uuid });

/**
 * GET hubPaths.staffKey (signed): the staff key sealed for the asking till alone, AES-256-GCM under
 * HMAC-SHA256(link secret, staffKeyLabel) with the terminal id as associated data: `base64url(iv ‖ tag ‖
 * ciphertext)`. Someone reading the network (or a proxy's log) learns nothing that would let them test PINs
 * against the hashes the catalog feed carries.
 */
export const staffKeyLabel = 'tillpoint staff key v1';
export const staffKeyResponse = z.object({ sealed: z.string().regex(/^[A-Za-z0-9_-]{60,200}$/) });
export type StaffKeyResponse = z.infer<typeof staffKeyResponse>;
