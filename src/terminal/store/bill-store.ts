import type { BillPaymentDto, BillState, BillerDto } from '../../shared/bill-dto.js';
import type { BillerWire } from '../../shared/biller-wire.js';
import type { SqliteDatabase } from './open-store.js';
import { appendJournal } from './journal-store.js';

/** bill_billers and bill_payments (migration 0018): the billers as last listed, and each bill payment. */

interface BillerRow {
  id: string;
  gln: string;
  kind: BillerDto['kind'];
  name: string;
  name_en: string;
  account_pattern: string;
  prepay: number;
  denominations: string | null;
  max_prepay: number;
  currency: string;
}

export interface BillRow {
  id: string;
  biller_id: string;
  account: string;
  kind: 'bill' | 'prepay';
  state: BillState;
  amount: number | null;
  bill_amount: number | null;
  late_fee: number | null;
  currency: string;
  masked_name: string | null;
  due_date: string | null;
  charge_uniq_id: string | null;
  offline: number;
  sale_id: string | null;
  idempotency_key: string;
  confirmation_no: string | null;
  reject_code: string | null;
  reject_reason: string | null;
  tries: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export type NewBill = Pick<
  BillRow,
  | 'id'
  | 'biller_id'
  | 'account'
  | 'kind'
  | 'amount'
  | 'bill_amount'
  | 'late_fee'
  | 'currency'
  | 'masked_name'
  | 'due_date'
  | 'charge_uniq_id'
  | 'offline'
  | 'idempotency_key'
  | 'created_at'
>;

export const toBiller = (r: BillerRow): BillerDto => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  nameEn: r.name_en,
  gln: r.gln,
  accountPattern: r.account_pattern,
  prepay: r.prepay === 1,
  denominations:
    r.denominations === null
      ? null
      : (JSON.parse(r.denominations) as number[]).map((amount) => ({ amount, currency: r.currency })),
  maxPrepay: { amount: r.max_prepay, currency: r.currency },
});

export function createBillStore(db: SqliteDatabase) {
  const q = {
    billers: db.prepare('SELECT * FROM bill_billers ORDER BY position'),
    clearBillers: db.prepare('DELETE FROM bill_billers'),
    insertBiller: db.prepare(
      `INSERT INTO bill_billers (id, gln, kind, name, name_en, account_pattern, prepay, denominations, max_prepay,
         currency, position, fetched_at)
       VALUES (@id, @gln, @kind, @name, @name_en, @account_pattern, @prepay, @denominations, @max_prepay,
         @currency, @position, @fetched_at)`,
    ),
    insert: db.prepare(
      `INSERT INTO bill_payments (id, biller_id, account, kind, state, amount, bill_amount, late_fee, currency,
         masked_name, due_date, charge_uniq_id, offline, idempotency_key, created_at, updated_at)
       VALUES (@id, @biller_id, @account, @kind, 'quoted', @amount, @bill_amount, @late_fee, @currency,
         @masked_name, @due_date, @charge_uniq_id, @offline, @idempotency_key, @created_at, @created_at)`,
    ),
    get: db.prepare('SELECT * FROM bill_payments WHERE id = ?'),
    bySale: db.prepare('SELECT * FROM bill_payments WHERE sale_id = ?'),
    unsettled: db.prepare(
      `SELECT id FROM bill_payments WHERE state IN ('on_ticket', 'paid') ORDER BY created_at`,
    ),
    current: db.prepare(
      `SELECT b.* FROM bill_payments b LEFT JOIN sales s ON s.id = b.sale_id
       WHERE b.state = 'quoted' OR (b.state = 'on_ticket' AND s.state = 'open')
       ORDER BY b.created_at DESC, b.rowid DESC LIMIT 1`,
    ),
    offlinePending: db.prepare(
      `SELECT count(*) AS count, coalesce(sum(amount), 0) AS total FROM bill_payments
       WHERE offline = 1 AND state IN ('on_ticket', 'paid') AND id <> ?`,
    ),
    refunded: db.prepare(`SELECT 1 FROM refunds WHERE sale_id = ? AND state <> 'failed' LIMIT 1`),
    onTicket: db.prepare(
      `UPDATE bill_payments SET state = 'on_ticket', amount = @amount, sale_id = @sale_id, updated_at = @at
       WHERE id = @id AND state = 'quoted'`,
    ),
    setState: db.prepare(`UPDATE bill_payments SET state = @state, updated_at = @at WHERE id = @id`),
    tried: db.prepare(
      `UPDATE bill_payments SET tries = tries + 1, last_error = @error, updated_at = @at WHERE id = @id`,
    ),
    settled: db.prepare(
      `UPDATE bill_payments SET state = @state, confirmation_no = @confirmation_no, reject_code = @reject_code,
         reject_reason = @reject_reason, tries = tries + 1, last_error = NULL, updated_at = @at
       WHERE id = @id AND state = 'paid'`,
    ),
  };

  const billers = (): BillerDto[] => (q.billers.all() as BillerRow[]).map(toBiller);

  return {
    billers,
    /** the biller service's list replaces the kept one (in the caller's transaction) */
    replaceBillers(list: readonly BillerWire[], at: string): void {
      q.clearBillers.run();
      list.forEach((b, position) =>
        q.insertBiller.run({
          id: b.charge_inst,
          gln: b.gln,
          kind: b.sub_order_type,
          name: b.name,
          name_en: b.name_en,
          account_pattern: b.bill_key_pattern,
          prepay: b.prepay ? 1 : 0,
          denominations: b.denominations ? JSON.stringify(b.denominations) : null,
          max_prepay: b.max_prepay,
          currency: b.currency,
          position,
          fetched_at: at,
        }),
      );
    },
    insert: (bill: NewBill) => void q.insert.run(bill),
    get: (id: string) => (q.get.get(id) as BillRow | undefined) ?? null,
    bySale: (saleId: string) => (q.bySale.get(saleId) as BillRow | undefined) ?? null,
    unsettledIds: () => (q.unsettled.all() as { id: string }[]).map((r) => r.id),
    current: () => (q.current.get() as BillRow | undefined) ?? null,
    /** offline prepayments taken and not yet paid to their biller, besides `exceptId` */
    offlinePending: (exceptId: string) => q.offlinePending.get(exceptId) as { count: number; total: number },
    saleRefunded: (saleId: string) => q.refunded.get(saleId) !== undefined,
    putOnTicket: (id: string, amount: number, saleId: string, at: string) =>
      q.onTicket.run({ id, amount, sale_id: saleId, at }).changes === 1,
    setState: (id: string, state: BillState, at: string) => void q.setState.run({ id, state, at }),
    tried: (id: string, error: string, at: string) => void q.tried.run({ id, error, at }),
    settle(
      id: string,
      outcome: {
        state: 'confirmed' | 'rejected';
        confirmationNo: string | null;
        rejectCode: string | null;
        rejectReason: string | null;
      },
      at: string,
    ): boolean {
      return (
        q.settled.run({
          id,
          state: outcome.state,
          confirmation_no: outcome.confirmationNo,
          reject_code: outcome.rejectCode,
          reject_reason: outcome.rejectReason,
          at,
        }).changes === 1
      );
    },
    /** a bill's money event in the hash-chained journal, through its one writer */
    appendJournal(kind: string, saleId: string | null, data: unknown, at: string): void {
      appendJournal(db, { kind, saleId, data, at });
    },
    toDto(r: BillRow): BillPaymentDto {
      const biller = billers().find((b) => b.id === r.biller_id);
      const m = (amount: number | null) => (amount === null ? null : { amount, currency: r.currency });
      return {
        id: r.id,
        billerId: r.biller_id,
        billerName: biller?.name ?? r.biller_id,
        billerNameEn: biller?.nameEn ?? r.biller_id,
        account: r.account,
        kind: r.kind,
        state: r.state,
        amount: m(r.amount),
        billAmount: m(r.bill_amount),
        lateFee: m(r.late_fee),
        maskedName: r.masked_name,
        dueDate: r.due_date,
        offline: r.offline === 1,
        saleId: r.sale_id,
        confirmationNo: r.confirmation_no,
        rejection: r.reject_code === null ? null : { code: r.reject_code, reason: r.reject_reason ?? '' },
        refundOwed: r.state === 'rejected' && r.sale_id !== null && q.refunded.get(r.sale_id) === undefined,
        lastError: r.last_error,
        createdAt: r.created_at,
      };
    },
    list(states: readonly BillState[] | undefined, limit: number): BillRow[] {
      const where = states ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
      return db
        .prepare(`SELECT * FROM bill_payments ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
        .all(...(states ?? []), limit) as BillRow[];
    },
  };
}

export type BillStore = ReturnType<typeof createBillStore>;
