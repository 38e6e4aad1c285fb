import type { StaffRole } from '../../core/permissions.js';
import { appendJournal } from '../store/journal-store.js';
import type { SqliteDatabase } from '../store/open-store.js';
import type { PinHash, PinHashParams } from './staff-pin-hash.js';

export interface StaffRow {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly pin: PinHash;
  readonly hasBadge: boolean;
  readonly addedAt: string;
  /** added on this till, or published by the hub (changed and removed only by the hub) */
  readonly source: StaffSource;
  /** the secret the PIN hash and the badge key are HMACed with: the till's pepper or the hub's staff key */
  readonly pinPepper: 'till' | 'org';
}

export type StaffSource = 'local' | 'hub';

/** A member of staff as the hub published them (staff.upsert), decoded. */
export interface HubStaffRow {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly pin: PinHash;
  readonly badgeKey: string | null;
}

export interface StaffTries {
  readonly failures: number;
  readonly lockouts: number;
  readonly lockedUntil: string | null;
}

interface RawRow {
  id: string;
  name: string;
  role: StaffRole;
  pin_hash: Buffer;
  pin_salt: Buffer;
  pin_params: string;
  badge_key: string | null;
  added_at: string;
  source: StaffSource;
  pin_pepper: 'till' | 'org';
}
const toRow = (r: RawRow): StaffRow => ({
  id: r.id,
  name: r.name,
  role: r.role,
  pin: { hash: r.pin_hash, salt: r.pin_salt, params: JSON.parse(r.pin_params) as PinHashParams },
  hasBadge: r.badge_key !== null,
  addedAt: r.added_at,
  source: r.source,
  pinPepper: r.pin_pepper,
});

/** The staff tables (schema 8, and 14: who published a member) and the till's journal rows about staff. */
export function createStaffStore(db: SqliteDatabase) {
  const active = 'SELECT * FROM staff WHERE removed_at IS NULL';
  const q = {
    any: db.prepare('SELECT EXISTS (SELECT 1 FROM staff WHERE removed_at IS NULL)').pluck(),
    all: db.prepare(`${active} ORDER BY added_at, rowid`),
    byId: db.prepare(`${active} AND id = ?`),
    byBadge: db.prepare(`${active} AND badge_key = ?`),
    insert: db.prepare(
      `INSERT INTO staff (id, name, role, pin_hash, pin_salt, pin_params, badge_key, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    remove: db.prepare(
      `UPDATE staff SET removed_at = ? WHERE id = ? AND removed_at IS NULL AND source = 'local'`,
    ),
    anyHub: db
      .prepare(`SELECT EXISTS (SELECT 1 FROM staff WHERE removed_at IS NULL AND source = 'hub')`)
      .pluck(),
    sourceOf: db.prepare('SELECT source, removed_at FROM staff WHERE id = ?'),
    badgeOwner: db
      .prepare('SELECT id FROM staff WHERE badge_key = ? AND removed_at IS NULL AND id <> ?')
      .pluck(),
    upsertHub: db.prepare(
      `INSERT INTO staff (id, name, role, pin_hash, pin_salt, pin_params, badge_key, added_at, source, pin_pepper)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'hub', 'org')
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash,
         pin_salt = excluded.pin_salt, pin_params = excluded.pin_params, badge_key = excluded.badge_key,
         removed_at = NULL
       WHERE staff.source = 'hub'`,
    ),
    removeHub: db.prepare(
      `UPDATE staff SET removed_at = ? WHERE id = ? AND removed_at IS NULL AND source = 'hub'`,
    ),
    tries: db.prepare('SELECT failures, lockouts, locked_until FROM staff_pin_tries WHERE id = 1'),
    setTries: db.prepare(
      `INSERT INTO staff_pin_tries (id, failures, lockouts, locked_until, last_failure_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts,
         locked_until = excluded.locked_until,
         last_failure_at = coalesce(excluded.last_failure_at, last_failure_at)`,
    ),
  };
  return {
    any: (): boolean => q.any.get() === 1,
    all: (): StaffRow[] => (q.all.all() as RawRow[]).map(toRow),
    byId: (id: string): StaffRow | null => {
      const r = q.byId.get(id) as RawRow | undefined;
      return r ? toRow(r) : null;
    },
    byBadge: (key: string): StaffRow | null => {
      const r = q.byBadge.get(key) as RawRow | undefined;
      return r ? toRow(r) : null;
    },
    insert(
      row: { id: string; name: string; role: StaffRole; pin: PinHash; badgeKey: string | null },
      at: string,
    ) {
      const { pin } = row;
      q.insert.run(
        row.id,
        row.name,
        row.role,
        pin.hash,
        pin.salt,
        JSON.stringify(pin.params),
        row.badgeKey,
        at,
      );
    },
    /** a member of the till's own staff; the hub's are removed by the hub */
    remove: (id: string, at: string): boolean => q.remove.run(at, id).changes === 1,
    sourceOf: (id: string): { source: StaffSource; removed: boolean } | null => {
      const r = q.sourceOf.get(id) as { source: StaffSource; removed_at: string | null } | undefined;
      return r ? { source: r.source, removed: r.removed_at !== null } : null;
    },
    anyHub: (): boolean => q.anyHub.get() === 1,
    /** another active member with this badge key */
    badgeTakenBy: (key: string, exceptId: string): string | null =>
      (q.badgeOwner.get(key, exceptId) as string | undefined) ?? null,
    /** a hub member added, changed, or back after a removal; a local row with the same id is left alone */
    upsertHub(row: HubStaffRow, at: string): void {
      q.upsertHub.run(
        row.id,
        row.name,
        row.role,
        row.pin.hash,
        row.pin.salt,
        JSON.stringify(row.pin.params),
        row.badgeKey,
        at,
      );
    },
    removeHub: (id: string, at: string): boolean => q.removeHub.run(at, id).changes === 1,
    readTries(): StaffTries {
      const r = q.tries.get() as
        { failures: number; lockouts: number; locked_until: string | null } | undefined;
      return r ? { failures: r.failures, lockouts: r.lockouts, lockedUntil: r.locked_until } : noTries;
    },
    writeTries(tries: StaffTries, failedAt: string | null): void {
      q.setTries.run(tries.failures, tries.lockouts, tries.lockedUntil, failedAt);
    },
    /** the till's append-only journal (schema 1) */
    journal(kind: string, saleId: string | null, data: unknown, at: string): void {
      appendJournal(db, { kind, saleId, data, at });
    },
  };
}

export const noTries: StaffTries = { failures: 0, lockouts: 0, lockedUntil: null };
export type StaffStore = ReturnType<typeof createStaffStore>;
