import { BILL_TAX_RATE_ID } from '../../core/bill-line.js';
import type { DenominationCount } from '../../core/cash-count.js';
import type { ShiftRows, ShiftTender, StaffRef, TenderGroup } from '../../core/shift-report.js';
import { appendJournal } from '../store/journal-store.js';
import type { SqliteDatabase } from '../store/open-store.js';

/** The open or closed shift as stored (schema 9). */
export interface ShiftHead {
  readonly id: string;
  readonly state: 'open' | 'closed';
  readonly currency: string;
  readonly openedAt: string;
  readonly openedBy: StaffRef | null;
  readonly openingFloat: number;
  readonly zNumber: number | null;
  readonly zReport: string | null;
  readonly closedAt: string | null;
  readonly counted: number | null;
  readonly variance: number | null;
}

export interface NewMovement {
  readonly id: string;
  readonly shiftId: string;
  readonly kind: 'in' | 'out' | 'no-sale';
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly by: StaffRef | null;
  readonly at: string;
}

interface HeadRow {
  id: string;
  state: 'open' | 'closed';
  currency: string;
  opened_at: string;
  opened_by: string | null;
  opened_by_name: string | null;
  opening_float: number;
  z_number: number | null;
  z_report: string | null;
  closed_at: string | null;
  counted: number | null;
  variance: number | null;
}
const toHead = (r: HeadRow): ShiftHead => ({
  id: r.id,
  state: r.state,
  currency: r.currency,
  openedAt: r.opened_at,
  openedBy: r.opened_by === null ? null : { staffId: r.opened_by, name: r.opened_by_name ?? '' },
  openingFloat: r.opening_float,
  zNumber: r.z_number,
  zReport: r.z_report,
  closedAt: r.closed_at,
  counted: r.counted,
  variance: r.variance,
});

/** A payment's tender as the report names it: a static QR is the bank QR, a wallet its wallet. */
function tenderOf(
  method: string,
  wallet: string | null,
  attemptKind: string | null,
): Pick<TenderGroup, 'tender' | 'name'> {
  if (method === 'cash') return { tender: 'cash', name: null };
  if (method === 'stored-value') return { tender: 'stored-value', name: null };
  return { tender: (attemptKind === 'static-qr' ? 'bank-qr' : 'wallet') as ShiftTender, name: wallet };
}

/**
 * SQL of the shift service. The report's rows come from the shift's running totals (shift_tally, kept by
 * the triggers of migration 9 in each sale's own transaction) and the shift's few refunds, voids, top-ups and
 * movements, so the pure assembly in src/core/shift-report.ts sees a few dozen groups, not every sale.
 */
export function createShiftStore(db: SqliteDatabase) {
  const headColumns = `id, state, currency, opened_at, opened_by, opened_by_name, opening_float, z_number,
    z_report, closed_at, counted, variance`;
  const q = {
    open: db.prepare(`SELECT ${headColumns} FROM shifts WHERE state = 'open'`),
    byId: db.prepare(`SELECT ${headColumns} FROM shifts WHERE id = ?`),
    closed: db.prepare(
      `SELECT ${headColumns} FROM shifts WHERE state = 'closed' ORDER BY z_number DESC LIMIT ?`,
    ),
    insert: db.prepare(
      `INSERT INTO shifts (id, state, currency, opened_at, opened_by, opened_by_name, opening_float, opening_count)
       VALUES (?, 'open', ?, ?, ?, ?, ?, ?)`,
    ),
    close: db.prepare(
      `UPDATE shifts SET state = 'closed', closed_at = ?, closed_by = ?, closed_by_name = ?, counted = ?,
         closing_count = ?, expected = ?, variance = ?, note = ?, z_number = ?, z_report = ?
       WHERE id = ? AND state = 'open'`,
    ),
    lastZ: db.prepare(`SELECT last FROM z_sequence WHERE id = 1`).pluck(),
    openTicket: db
      .prepare(
        `SELECT s.id FROM sales s WHERE s.state = 'open' AND EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id)`,
      )
      .pluck(),
    setZ: db.prepare(`UPDATE z_sequence SET last = ? WHERE id = 1`),
    movement: db.prepare(
      `INSERT INTO cash_movements (id, shift_id, kind, amount, currency, reason, staff_id, staff_name, at)
       VALUES (@id, @shiftId, @kind, @amount, @currency, @reason, @staffId, @staffName, @at)`,
    ),
    outbox: db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, payload, state, attempts, created_at) VALUES (?, ?, ?, 'queued', 0, ?)`,
    ),
    // the report's rows: running totals (shift_tally, kept by triggers) and the few rows of the rest
    tally: db.prepare(
      `SELECT kind, key, name, count, amount, extra, first, last FROM shift_tally WHERE shift_id = ?`,
    ),
    // the cash parts of tickets voided in the shift (few: a void with paid parts is rare)
    voidedCash: db
      .prepare(
        `SELECT coalesce(sum(p.amount), 0) FROM sales s JOIN payments p ON p.sale_id = s.id
         WHERE s.shift_id = ? AND s.state = 'voided' AND p.method = 'cash'`,
      )
      .pluck(),
    // bills of the shift's tickets the biller refused and that are not refunded yet: owed to customers
    billRefundsOwed: db.prepare(
      `SELECT count(*) AS count, coalesce(sum(b.amount), 0) AS amount FROM bill_payments b
       JOIN sales s ON s.id = b.sale_id
       WHERE s.shift_id = ? AND b.state = 'rejected'
         AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.sale_id = b.sale_id AND r.state <> 'failed')`,
    ),
    taxRates: db.prepare(`SELECT id, name, rate_bps AS rateBps FROM tax_rates`),
    refunds: db.prepare(
      `SELECT r.tender, r.method, r.wallet, a.kind AS attemptKind, count(*) AS count, sum(r.amount) AS amount
       FROM refunds r LEFT JOIN payment_attempts a ON a.id = r.attempt_id
       WHERE r.shift_id = ? AND r.state = 'refunded' GROUP BY r.tender, r.method, r.wallet, a.kind`,
    ),
    voids: db.prepare(
      `SELECT count(*) AS count, coalesce(sum(total), 0) AS amount
       FROM sales WHERE shift_id = ? AND state = 'voided' AND total > 0`,
    ),
    topUps: db.prepare(
      `SELECT count(*) AS count, coalesce(sum(amount), 0) AS amount
       FROM sv_transactions WHERE shift_id = ? AND kind = 'topup' AND state = 'committed'`,
    ),
    movements: db.prepare(
      `SELECT kind, count(*) AS count, sum(amount) AS amount FROM cash_movements WHERE shift_id = ? GROUP BY kind`,
    ),
  };

  return {
    openShift(): ShiftHead | null {
      const row = q.open.get() as HeadRow | undefined;
      return row ? toHead(row) : null;
    },
    byId(id: string): ShiftHead | null {
      const row = q.byId.get(id) as HeadRow | undefined;
      return row ? toHead(row) : null;
    },
    closed(limit: number): ShiftHead[] {
      return (q.closed.all(limit) as HeadRow[]).map(toHead);
    },
    insert(s: {
      id: string;
      currency: string;
      at: string;
      by: StaffRef | null;
      float: number;
      count: readonly DenominationCount[];
    }): void {
      q.insert.run(
        s.id,
        s.currency,
        s.at,
        s.by?.staffId ?? null,
        s.by?.name ?? null,
        s.float,
        JSON.stringify(s.count),
      );
    },
    lastZ: (): number => q.lastZ.get() as number,
    /** the open ticket with items on it, if any */
    openTicket: (): string | null => (q.openTicket.get() as string | undefined) ?? null,
    close(c: {
      id: string;
      at: string;
      by: StaffRef | null;
      counted: number;
      count: readonly DenominationCount[];
      expected: number;
      variance: number;
      note: string | null;
      zNumber: number;
      zReport: string;
    }): void {
      q.setZ.run(c.zNumber);
      const changed = q.close.run(
        c.at,
        c.by?.staffId ?? null,
        c.by?.name ?? null,
        c.counted,
        JSON.stringify(c.count),
        c.expected,
        c.variance,
        c.note,
        c.zNumber,
        c.zReport,
        c.id,
      ).changes;
      if (changed !== 1) throw new Error(`shift ${c.id} was not open`);
    },
    insertMovement(m: NewMovement): void {
      q.movement.run({ ...m, staffId: m.by?.staffId ?? null, staffName: m.by?.name ?? null });
    },
    insertOutbox(key: string, kind: string, payload: unknown, at: string): void {
      q.outbox.run(key, kind, JSON.stringify(payload), at);
    },
    journal(kind: string, data: unknown, at: string): void {
      appendJournal(db, { kind, saleId: null, data, at });
    },
    /** The shift's rows for the report; `localHour` turns a UTC 'YYYY-MM-DDTHH' into the till's hour. */
    rows(head: ShiftHead, localHour: (utcHour: string) => number): ShiftRows {
      type Agg = { count: number; amount: number };
      const tally = q.tally.all(head.id) as (Agg & {
        kind: 'sales' | 'hour' | 'tax' | 'tender' | 'promotion' | 'rounding';
        key: string;
        name: string;
        extra: number;
        first: number | null;
        last: number | null;
      })[];
      const of = (kind: (typeof tally)[number]['kind']) => tally.filter((t) => t.kind === kind);
      const sales = of('sales')[0];
      const rounding = of('rounding')[0];
      const rates = new Map(
        (q.taxRates.all() as { id: string; name: string; rateBps: number }[]).map((r) => [r.id, r]),
      );
      const refunds = q.refunds.all(head.id) as (Agg & {
        tender: string;
        method: 'cash' | 'wallet';
        wallet: string | null;
        attemptKind: string | null;
      })[];
      return {
        shiftId: head.id,
        currency: head.currency,
        openedAt: head.openedAt,
        openedBy: head.openedBy,
        openingFloat: head.openingFloat,
        sales: { count: sales?.count ?? 0, total: sales?.amount ?? 0, discounts: sales?.extra ?? 0 },
        receipts: { first: sales?.first ?? null, last: sales?.last ?? null },
        payments: of('tender').map((t) => ({
          tender: t.key as ShiftTender,
          name: t.key === 'wallet' || t.key === 'bank-qr' ? t.name : null,
          count: t.count,
          amount: t.amount,
        })),
        promotions: of('promotion').map((t) => ({ label: t.key, count: t.count, amount: t.amount })),
        refunds: refunds.map((r) => ({
          ...tenderOf(r.tender, r.wallet, r.attemptKind),
          method: r.method,
          count: r.count,
          amount: r.amount,
        })),
        voids: q.voids.get(head.id) as Agg,
        topUps: q.topUps.get(head.id) as Agg,
        rounding: { count: rounding?.count ?? 0, amount: rounding?.amount ?? 0 },
        voidedCash: q.voidedCash.get(head.id) as number,
        taxes: of('tax').map((t) => ({
          rateId: t.key,
          name: rates.get(t.key)?.name ?? t.key,
          rateBps: rates.get(t.key)?.rateBps ?? 0,
          tax: t.extra,
          total: t.amount,
        })),
        movements: q.movements.all(head.id) as ShiftRows['movements'],
        byHour: of('hour').map((h) => ({ hour: localHour(h.key), count: h.count, amount: h.amount })),
        billPayments: billPaymentsOf(of('tax')),
        billRefundsOwed: q.billRefundsOwed.get(head.id) as Agg,
      };
    },
  };
}
export type ShiftStore = ReturnType<typeof createShiftStore>;

/** A bill's ticket has only its bill line: the tax tally of the bill rate counts those tickets and their money. */
const billPaymentsOf = (taxes: readonly { key: string; count: number; amount: number }[]) => {
  const bill = taxes.find((t) => t.key === BILL_TAX_RATE_ID);
  return { count: bill?.count ?? 0, amount: bill?.amount ?? 0 };
};
