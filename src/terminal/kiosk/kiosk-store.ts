import type { HelpReasonDto } from '../../shared/kiosk-dto.js';
import type { PaymentAttemptStateDto } from '../../shared/dto.js';
import { appendJournal } from '../store/journal-store.js';
import type { SqliteDatabase } from '../store/open-store.js';
import type { PinHash, PinHashParams } from './staff-pin.js';

export interface StoredHelpRequest {
  readonly id: string;
  readonly saleId: string | null;
  readonly reason: HelpReasonDto;
  readonly lineIds: readonly string[];
  readonly raisedAt: string;
}

export interface PinTries {
  readonly failures: number;
  readonly lockedUntil: string | null;
}

/** How a help request ended: staff cleared it, its sale completed or was voided, its items were removed. */
export type HelpClearedBy = 'staff' | 'completed' | 'voided' | 'removed';

/**
 * The SQL side of the kiosk (migration 7): the staff PIN's hash and tries, help requests, line approvals.
 * Writes are meant to run inside the caller's transaction.
 */
export function createKioskStore(db: SqliteDatabase) {
  const q = {
    pin: db.prepare('SELECT hash, salt, params FROM kiosk_staff_pin WHERE id = 1'),
    setPin: db.prepare(
      `INSERT INTO kiosk_staff_pin (id, hash, salt, params, set_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, salt = excluded.salt, params = excluded.params,
         set_at = excluded.set_at`,
    ),
    tries: db.prepare('SELECT failures, locked_until FROM kiosk_pin_tries WHERE id = 1'),
    setTries: db.prepare(
      `INSERT INTO kiosk_pin_tries (id, failures, locked_until, last_failure_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until,
         last_failure_at = coalesce(excluded.last_failure_at, last_failure_at)`,
    ),
    openHelp: db.prepare(
      `SELECT id, sale_id, reason, line_ids, raised_at FROM kiosk_help_requests WHERE cleared_at IS NULL`,
    ),
    insertHelp: db.prepare(
      `INSERT INTO kiosk_help_requests (id, sale_id, reason, line_ids, raised_at) VALUES (?, ?, ?, ?, ?)`,
    ),
    updateHelp: db.prepare(
      `UPDATE kiosk_help_requests SET sale_id = ?, reason = ?, line_ids = ? WHERE id = ? AND cleared_at IS NULL`,
    ),
    clearHelp: db.prepare(
      `UPDATE kiosk_help_requests SET cleared_at = ?, cleared_by = ? WHERE id = ? AND cleared_at IS NULL`,
    ),
    saleState: db.prepare('SELECT state FROM sales WHERE id = ?').pluck(),
    // the lines whose product needs a staff check, as the catalog says now (migration 6's needs_staff)
    needsStaff: db
      .prepare(
        `SELECT l.id FROM sale_lines l JOIN products p ON p.id = l.product_id
         WHERE l.sale_id = ? AND p.needs_staff IS NOT NULL ORDER BY l.position`,
      )
      .pluck(),
    approved: db.prepare('SELECT line_id FROM kiosk_line_approvals WHERE sale_id = ?').pluck(),
    approve: db.prepare(
      'INSERT OR IGNORE INTO kiosk_line_approvals (line_id, sale_id, approved_at) VALUES (?, ?, ?)',
    ),
    latestAttempt: db.prepare(
      `SELECT id, state FROM payment_attempts WHERE sale_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    ),
    succeededAttempt: db
      .prepare(`SELECT id FROM payment_attempts WHERE sale_id = ? AND state = 'succeeded' LIMIT 1`)
      .pluck(),
  };

  return {
    readPin(): PinHash | null {
      const row = q.pin.get() as { hash: Buffer; salt: Buffer; params: string } | undefined;
      return row ? { hash: row.hash, salt: row.salt, params: JSON.parse(row.params) as PinHashParams } : null;
    },
    writePin(pin: PinHash, at: string): void {
      q.setPin.run(pin.hash, pin.salt, JSON.stringify(pin.params), at);
    },
    readTries(): PinTries {
      const row = q.tries.get() as { failures: number; locked_until: string | null } | undefined;
      return { failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? null };
    },
    writeTries(tries: PinTries, failedAt: string | null): void {
      q.setTries.run(tries.failures, tries.lockedUntil, failedAt);
    },
    openHelp(): StoredHelpRequest | null {
      const row = q.openHelp.get() as
        | { id: string; sale_id: string | null; reason: HelpReasonDto; line_ids: string; raised_at: string }
        | undefined;
      if (!row) return null;
      return {
        id: row.id,
        saleId: row.sale_id,
        reason: row.reason,
        lineIds: JSON.parse(row.line_ids) as string[],
        raisedAt: row.raised_at,
      };
    },
    insertHelp(h: StoredHelpRequest): void {
      q.insertHelp.run(h.id, h.saleId, h.reason, JSON.stringify(h.lineIds), h.raisedAt);
    },
    updateHelp(h: StoredHelpRequest): void {
      q.updateHelp.run(h.saleId, h.reason, JSON.stringify(h.lineIds), h.id);
    },
    clearHelp(id: string, by: HelpClearedBy, at: string): void {
      q.clearHelp.run(at, by, id);
    },
    saleState: (saleId: string) => (q.saleState.get(saleId) as string | undefined) ?? null,
    needsStaffLines: (saleId: string) => q.needsStaff.all(saleId) as string[],
    approvedLines: (saleId: string) => new Set(q.approved.all(saleId) as string[]),
    approve(saleId: string, lineIds: readonly string[], at: string): void {
      for (const id of lineIds) q.approve.run(id, saleId, at);
    },
    latestAttempt: (saleId: string) =>
      (q.latestAttempt.get(saleId) as { id: string; state: PaymentAttemptStateDto } | undefined) ?? null,
    succeededAttempt: (saleId: string) => (q.succeededAttempt.get(saleId) as string | undefined) ?? null,
    /** the till's append-only journal: staff PIN events and kiosk exits, beside the money events */
    journal(kind: string, saleId: string | null, data: unknown, at: string): void {
      appendJournal(db, { kind, saleId, data, at });
    },
  };
}

export type KioskStore = ReturnType<typeof createKioskStore>;
