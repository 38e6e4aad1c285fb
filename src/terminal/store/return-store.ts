import type { SqliteDatabase } from './open-store.js';
import type { RefundRow } from './refund-store.js';

export interface ReturnRow {
  id: string;
  sale_id: string;
  amount: number;
  currency: string;
  reason: string;
  points_reversed: number;
  unsynced_cash: number;
  staff_id: string | null;
  staff_name: string | null;
  shift_id: string | null;
  created_at: string;
}

export interface ReturnLineRow {
  line_id: string;
  name: string;
  quantity: number;
  amount: number;
}

export interface NewReturn {
  readonly id: string;
  readonly saleId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly pointsReversed: number;
  readonly unsyncedCash: number;
  readonly staffId: string | null;
  readonly staffName: string | null;
  readonly shiftId: string | null;
  readonly at: string;
  readonly lines: readonly { readonly lineId: string; readonly quantity: number; readonly amount: number }[];
}

/** The SQL side of partial returns (schema 12). Writes run inside the caller's transaction. */
export function createReturnStore(db: SqliteDatabase) {
  const q = {
    get: db.prepare('SELECT * FROM returns WHERE id = ?'),
    forSale: db.prepare('SELECT * FROM returns WHERE sale_id = ? ORDER BY created_at, rowid'),
    lines: db.prepare(
      `SELECT rl.line_id, l.name, rl.quantity, rl.amount FROM return_lines rl
       JOIN sale_lines l ON l.id = rl.line_id WHERE rl.return_id = ? ORDER BY l.position`,
    ),
    refunds: db.prepare('SELECT * FROM refunds WHERE return_id = ? ORDER BY created_at, rowid'),
    insert: db.prepare(
      `INSERT INTO returns (id, sale_id, amount, currency, reason, points_reversed, unsynced_cash, staff_id,
         staff_name, shift_id, created_at)
       VALUES (@id, @saleId, @amount, @currency, @reason, @pointsReversed, @unsyncedCash, @staffId, @staffName,
         @shiftId, @at)`,
    ),
    insertLine: db.prepare(
      'INSERT INTO return_lines (return_id, line_id, quantity, amount) VALUES (?, ?, ?, ?)',
    ),
    openShift: db.prepare(`SELECT id FROM shifts WHERE state = 'open'`).pluck(),
    unsyncedInShift: db
      .prepare('SELECT coalesce(sum(unsynced_cash), 0) FROM returns WHERE shift_id = ?')
      .pluck(),
    // a till without an open shift: the returns made outside any shift on the same (UTC) day
    unsyncedNoShift: db
      .prepare(
        `SELECT coalesce(sum(unsynced_cash), 0) FROM returns
         WHERE shift_id IS NULL AND substr(created_at, 1, 10) = ?`,
      )
      .pluck(),
    pointsReversed: db
      .prepare('SELECT coalesce(sum(points_reversed), 0) FROM returns WHERE sale_id = ?')
      .pluck(),
  };

  return {
    read: (id: string): ReturnRow | null => (q.get.get(id) as ReturnRow | undefined) ?? null,
    forSale: (saleId: string): ReturnRow[] => q.forSale.all(saleId) as ReturnRow[],
    lines: (returnId: string): ReturnLineRow[] => q.lines.all(returnId) as ReturnLineRow[],
    refunds: (returnId: string): RefundRow[] => q.refunds.all(returnId) as RefundRow[],
    openShiftId: (): string | null => (q.openShift.get() as string | undefined) ?? null,
    /** the cash paid out by returns of unsynced sales in the shift (or, without one, that day outside shifts) */
    unsyncedCash: (shiftId: string | null, day: string): number =>
      (shiftId === null ? q.unsyncedNoShift.get(day) : q.unsyncedInShift.get(shiftId)) as number,
    pointsReversed: (saleId: string): number => q.pointsReversed.get(saleId) as number,
    insert(r: NewReturn): void {
      const { lines, ...row } = r;
      q.insert.run(row);
      for (const line of lines) q.insertLine.run(row.id, line.lineId, line.quantity, line.amount);
    },
  };
}

export type ReturnStore = ReturnType<typeof createReturnStore>;
