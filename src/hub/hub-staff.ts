import {
  createCipheriv,
  createHmac,
  randomBytes,
  randomUUID,
  scrypt,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { TillpointError } from '../core/errors.js';
import { staffPinPattern, type StaffRole } from '../core/permissions.js';
import {
  badgeHmacText,
  staffKeyLabel,
  staffPinHashParams,
  staffUpsertPayload,
  type PinHashWire,
  type StaffUpsertPayload,
} from '../shared/hub-staff.js';
import { canonicalJson } from './hub-crypto.js';
import type { HubStore } from './hub-store.js';

/**
 * Staff the hub publishes to every till: `tillpoint hub staff add | list | remove`. The hub keeps no PIN:
 * only the published change (an scrypt hash of HMAC(staff key, PIN)), and the staff key itself in its
 * database (hub_secrets). The list is what was published, folded in seq order, so a till and the hub can
 * never disagree about who is on it.
 */

const STAFF_KEY = 'staff-key';
const staffKinds = ['staff.upsert', 'staff.remove'] as const;

/** The hub's staff key, made on first use (32 random bytes). */
export async function hubStaffKey(store: HubStore, now: Date = new Date()): Promise<Buffer> {
  const stored = await store.secret(STAFF_KEY, randomBytes(32).toString('base64url'), now);
  return Buffer.from(stored, 'base64url');
}

/** The staff key sealed for one terminal (see staffKeyResponse in src/shared/hub-staff.ts). */
export function sealStaffKey(key: Buffer, terminalId: string, terminalSecret: string): string {
  const wrap = createHmac('sha256', terminalSecret).update(staffKeyLabel).digest();
  // NIST SP 800-38D 8.2: a random 96-bit IV per message
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrap, iv).setAAD(
    Buffer.from(`${staffKeyLabel}\n${terminalId}`),
  );
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

const peppered = (key: Buffer, text: string): Buffer =>
  createHmac('sha256', key).update(text.normalize('NFKC')).digest();

function derive(key: Buffer, pin: string, salt: Buffer, params: PinHashWire['params']): Promise<Buffer> {
  // the till's derivation exactly (src/terminal/staff/staff-pin-hash.ts): a hash made here verifies there
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(peppered(key, pin), salt, params.keylen, options, (error, out) =>
      error ? reject(error) : resolve(out),
    ),
  );
}

export interface HubStaffMember {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly hasBadge: boolean;
  /** the seq of the change that published this member as they are now */
  readonly seq: number;
}

/** Who the hub's published staff are now: every staff change folded in seq order. */
async function current(store: HubStore): Promise<Map<string, StaffUpsertPayload & { seq: number }>> {
  const members = new Map<string, StaffUpsertPayload & { seq: number }>();
  for (const change of await store.catalogOfKinds(staffKinds)) {
    const payload = JSON.parse(change.payload) as { id: string };
    if (change.kind === 'staff.remove') members.delete(payload.id);
    else members.set(payload.id, { ...(payload as StaffUpsertPayload), seq: change.seq });
  }
  return members;
}

export async function listHubStaff(store: HubStore): Promise<HubStaffMember[]> {
  return [...(await current(store)).values()].map((m) => ({
    id: m.id,
    name: m.name,
    role: m.role,
    hasBadge: m.badgeKey !== null,
    seq: m.seq,
  }));
}

export interface NewHubStaff {
  readonly name: string;
  readonly role: StaffRole;
  readonly pin: string;
  /** the badge's card UID (hex, separators ignored) */
  readonly badge?: string;
}

/**
 * Hashes the PIN with the staff key and publishes the member. A PIN another hub member has is refused (a PIN
 * names its owner at the till); the till's own staff are unknown here, so a till that finds two owners for
 * one PIN refuses it there (staff.pin_ambiguous).
 */
export async function addHubStaff(
  store: HubStore,
  member: NewHubStaff,
  now: Date = new Date(),
): Promise<HubStaffMember & { cursor: string }> {
  if (!staffPinPattern.test(member.pin)) {
    throw new TillpointError('staff.pin_format', 'A staff PIN is 4 to 6 digits.', {
      length: member.pin.length,
    });
  }
  if (member.badge !== undefined && !/^[0-9A-Fa-f:]{4,40}$/.test(member.badge.trim())) {
    throw new TillpointError('invalid_params', 'A badge is the card UID in hex, like 04:A2:19:7C.');
  }
  const key = await hubStaffKey(store, now);
  const members = await current(store);
  for (const other of members.values()) {
    const stored = Buffer.from(other.pinHash.hash, 'base64');
    const mine = await derive(
      key,
      member.pin,
      Buffer.from(other.pinHash.salt, 'base64'),
      other.pinHash.params,
    );
    if (mine.length === stored.length && timingSafeEqual(mine, stored)) {
      throw new TillpointError('staff.pin_taken', 'Another member of staff already has this PIN.');
    }
  }
  const badgeKey =
    member.badge === undefined ? null : peppered(key, badgeHmacText(member.badge)).toString('hex');
  if (badgeKey !== null && [...members.values()].some((m) => m.badgeKey === badgeKey)) {
    throw new TillpointError('staff.badge_taken', 'This badge already belongs to another member of staff.');
  }
  const salt = randomBytes(16);
  const params = staffPinHashParams;
  const hash = await derive(key, member.pin, salt, params);
  const parsed = staffUpsertPayload.safeParse({
    id: randomUUID(),
    name: member.name,
    role: member.role,
    pinHash: { hash: hash.toString('base64'), salt: salt.toString('base64'), params },
    badgeKey,
  });
  if (!parsed.success) {
    throw new TillpointError('invalid_params', 'A name is 1 to 80 characters.', {
      issues: parsed.error.issues.map((i) => i.message),
    });
  }
  const outcome = await store.publishCatalog(
    [{ kind: 'staff.upsert', payload: canonicalJson(parsed.data) }],
    randomUUID(),
    now,
  );
  const p = parsed.data;
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    hasBadge: badgeKey !== null,
    seq: outcome.lastSeq,
    cursor: String(outcome.lastSeq),
  };
}

/** Publishes the member's removal: each till removes them on its next pull. */
export async function removeHubStaff(
  store: HubStore,
  id: string,
  now: Date = new Date(),
): Promise<{ removed: string; cursor: string }> {
  if (!(await current(store)).has(id)) {
    throw new TillpointError(
      'hub.staff_not_found',
      'The hub has published no member of staff with this id.',
      {
        id,
      },
    );
  }
  const outcome = await store.publishCatalog(
    [{ kind: 'staff.remove', payload: canonicalJson({ id }) }],
    randomUUID(),
    now,
  );
  return { removed: id, cursor: String(outcome.lastSeq) };
}
