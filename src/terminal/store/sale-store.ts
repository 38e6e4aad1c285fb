import type {
  CustomerDto,
  DiscountDto,
  PaymentDto,
  SaleDto,
  SaleLineDto,
  SaleStateDto,
  SaleSummaryDto,
  SaleTotalsDto,
} from '../../shared/dto.js';
import { parseReceiptCode, parseRefundReceiptCode } from '../../core/receipt-code.js';
import { leftToPay, paidOf } from '../../core/split-tender.js';
import { money } from '../../core/money.js';
import { TillpointError } from '../../core/errors.js';
import type { JournalHead } from '../../core/journal-chain.js';
import { appendJournal } from './journal-store.js';
import type { SqliteDatabase } from './open-store.js';
import { latestRefundSql, toRefund, type RefundRow } from './refund-store.js';

/** A line as priced by the domain, plus the category it was sold under (kept so the cart can be rebuilt). */
export type StoredLine = SaleLineDto & { readonly categoryId: string };

export interface SaleHead {
  readonly id: string;
  readonly state: SaleStateDto;
  readonly currency: string;
  readonly ticketDiscount: DiscountDto | null;
  readonly customerId: string | null;
}

export interface CustomerRow {
  id: string;
  name: string;
  card_uid: string | null;
  discount_bps: number;
  points: number;
}

export const toCustomer = (row: CustomerRow): CustomerDto => ({
  id: row.id,
  name: row.name,
  cardUid: row.card_uid,
  discountBps: row.discount_bps,
  points: row.points,
});

interface SaleRow {
  id: string;
  number: number | null;
  state: SaleStateDto;
  currency: string;
  created_at: string;
  completed_at: string | null;
  voided_at: string | null;
  ticket_discount: string | null;
  subtotal: number;
  discount: number;
  tax: number;
  tax_added: number;
  total: number;
  taxes: string;
  customer_id: string | null;
  points_earned: number;
  receipt_code: string | null;
  staff_id: string | null;
  staff_name: string | null;
}

interface LineRow {
  id: string;
  product_id: string;
  sku: string;
  name: string;
  barcode: string | null;
  category_id: string;
  quantity: number;
  unit_price: number;
  discount: string | null;
  gross: number;
  line_discount: number;
  ticket_discount_share: number;
  net: number;
  tax_rate_id: string;
  tax_inclusive: number;
  tax: number;
  total: number;
}

interface PaymentRow {
  id: string;
  method: 'cash' | 'wallet' | 'stored-value';
  amount: number;
  tendered: number | null;
  change: number | null;
  currency: string;
  created_at: string;
  attempt_id: string | null;
  wallet: string | null;
  provider_id: string | null;
  confirmation: 'provider' | 'cashier' | null;
  promotion_label: string | null;
  promotion_discount: number | null;
  sv_transaction_id: string | null;
  rounding: number;
  // joined from sv_transactions
  sv_card_uid: string | null;
  sv_scheme_id: string | null;
  sv_counter_after: number | null;
  sv_balance_after: number | null;
}

function toPayment(p: PaymentRow): PaymentDto {
  const m = (amount: number) => ({ amount, currency: p.currency });
  if (p.method === 'wallet') {
    return {
      id: p.id,
      method: 'wallet',
      attemptId: p.attempt_id ?? '',
      wallet: p.wallet ?? '',
      providerId: p.provider_id ?? '',
      amount: m(p.amount),
      createdAt: p.created_at,
      confirmation: p.confirmation ?? 'provider',
      promotion:
        p.promotion_label === null
          ? null
          : { label: p.promotion_label, discount: m(p.promotion_discount ?? 0) },
    };
  }
  if (p.method === 'stored-value') {
    return {
      id: p.id,
      method: 'stored-value',
      amount: m(p.amount),
      cardUid: p.sv_card_uid ?? '',
      schemeId: p.sv_scheme_id ?? '',
      counter: p.sv_counter_after ?? 0,
      balanceAfter: m(p.sv_balance_after ?? 0),
      cardTransactionId: p.sv_transaction_id ?? '',
      createdAt: p.created_at,
    };
  }
  return {
    id: p.id,
    method: 'cash',
    amount: m(p.amount),
    tendered: m(p.tendered ?? 0),
    change: m(p.change ?? 0),
    createdAt: p.created_at,
    rounding: m(p.rounding),
  };
}

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/**
 * The SQL side of sales: rows in, DTOs out. It knows nothing of pricing or legal transitions (the domain
 * in src/core decides those); every multi-row write here is meant to run inside the caller's transaction.
 */
export function createSaleStore(db: SqliteDatabase) {
  const q = {
    head: db.prepare('SELECT id, state, currency, ticket_discount, customer_id FROM sales WHERE id = ?'),
    sale: db.prepare('SELECT * FROM sales WHERE id = ?'),
    lines: db.prepare('SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY position'),
    payments: db.prepare(
      `SELECT p.*, t.card_uid AS sv_card_uid, t.scheme_id AS sv_scheme_id, t.counter_after AS sv_counter_after,
         t.balance_after AS sv_balance_after
       FROM payments p LEFT JOIN sv_transactions t ON t.id = p.sv_transaction_id
       WHERE p.sale_id = ? ORDER BY p.created_at, p.id`,
    ),
    customer: db.prepare('SELECT id, name, card_uid, discount_bps, points FROM customers WHERE id = ?'),
    refund: db.prepare(latestRefundSql),
    returned: db.prepare(
      `SELECT rl.line_id, sum(rl.quantity) AS quantity, sum(rl.amount) AS amount
       FROM return_lines rl JOIN sale_lines l ON l.id = rl.line_id
       WHERE l.sale_id = ? GROUP BY rl.line_id ORDER BY min(l.position)`,
    ),
    setCustomer: db.prepare(`UPDATE sales SET customer_id = ? WHERE id = ? AND state = 'open'`),
    setPoints: db.prepare(`UPDATE sales SET points_earned = ? WHERE id = ?`),
    setCashier: db.prepare(`UPDATE sales SET staff_id = ?, staff_name = ? WHERE id = ? AND state = 'open'`),
    openId: db.prepare(`SELECT id FROM sales WHERE state = 'open'`).pluck(),
    paymentCount: db.prepare(`SELECT count(*) FROM payments WHERE sale_id = ?`).pluck(),
    insertSale: db.prepare(`INSERT INTO sales (id, state, currency, created_at) VALUES (?, 'open', ?, ?)`),
    deleteLines: db.prepare('DELETE FROM sale_lines WHERE sale_id = ?'),
    insertLine: db.prepare(
      `INSERT INTO sale_lines (sale_id, position, id, product_id, sku, name, barcode, category_id, quantity,
         unit_price, discount, gross, line_discount, ticket_discount_share, net, tax_rate_id, tax_inclusive, tax, total)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateTotals: db.prepare(
      `UPDATE sales SET ticket_discount = ?, subtotal = ?, discount = ?, tax = ?, tax_added = ?, total = ?, taxes = ?
       WHERE id = ? AND state = 'open'`,
    ),
    complete: db.prepare(
      `UPDATE sales SET state = 'completed', number = ?, receipt_code = ?, completed_at = ?
       WHERE id = ? AND state = 'open'`,
    ),
    void: db.prepare(`UPDATE sales SET state = 'voided', voided_at = ? WHERE id = ? AND state = 'open'`),
    insertPayment: db.prepare(
      `INSERT INTO payments (id, sale_id, method, amount, tendered, change, currency, created_at,
         attempt_id, wallet, provider_id, confirmation, promotion_label, promotion_discount, sv_transaction_id,
         rounding)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertOutbox: db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, payload, state, attempts, created_at) VALUES (?, ?, ?, 'queued', 0, ?)`,
    ),
  };

  function toLine(row: LineRow, currency: string): StoredLine {
    const m = (amount: number) => ({ amount, currency });
    return {
      id: row.id,
      productId: row.product_id,
      sku: row.sku,
      name: row.name,
      barcode: row.barcode,
      categoryId: row.category_id,
      quantity: row.quantity,
      unitPrice: m(row.unit_price),
      discount: parseJson<DiscountDto>(row.discount),
      gross: m(row.gross),
      lineDiscount: m(row.line_discount),
      ticketDiscountShare: m(row.ticket_discount_share),
      net: m(row.net),
      taxRateId: row.tax_rate_id,
      taxInclusive: row.tax_inclusive === 1,
      tax: m(row.tax),
      total: m(row.total),
    };
  }

  function readLines(saleId: string, currency: string): StoredLine[] {
    return (q.lines.all(saleId) as LineRow[]).map((row) => toLine(row, currency));
  }

  function readSale(saleId: string): SaleDto | null {
    const row = q.sale.get(saleId) as SaleRow | undefined;
    if (!row) return null;
    const m = (amount: number) => ({ amount, currency: row.currency });
    const payments = (q.payments.all(saleId) as PaymentRow[]).map(toPayment);
    const total = money(row.total, row.currency);
    return {
      id: row.id,
      number: row.number,
      state: row.state,
      currency: row.currency,
      createdAt: row.created_at,
      completedAt: row.completed_at,
      voidedAt: row.voided_at,
      // the DTO carries no category: strip the storage-only field
      lines: readLines(saleId, row.currency).map(({ categoryId: _c, ...line }) => line),
      ticketDiscount: parseJson<DiscountDto>(row.ticket_discount),
      totals: {
        subtotal: m(row.subtotal),
        discount: m(row.discount),
        tax: m(row.tax),
        taxAdded: m(row.tax_added),
        total: m(row.total),
        taxes: JSON.parse(row.taxes) as SaleTotalsDto['taxes'],
      },
      payments,
      customer: row.customer_id === null ? null : readCustomer(row.customer_id),
      pointsEarned: row.points_earned,
      receiptCode: row.receipt_code,
      refund: readRefund(saleId),
      // a voided ticket's paid parts were given back: nothing is left to pay on it
      paid: m(paidOf(payments)),
      remaining: row.state === 'open' ? leftToPay(total, payments) : m(0),
      ...(row.staff_id === null ? {} : { cashier: { staffId: row.staff_id, name: row.staff_name ?? '' } }),
      ...readReturned(saleId, row.currency),
    };
  }

  /** What partial returns took back of each line; nothing when there were none (payloads stay as they were). */
  function readReturned(saleId: string, currency: string): Pick<SaleDto, 'returned'> {
    const rows = q.returned.all(saleId) as { line_id: string; quantity: number; amount: number }[];
    if (rows.length === 0) return {};
    return {
      returned: rows.map((r) => ({
        lineId: r.line_id,
        quantity: r.quantity,
        amount: money(r.amount, currency),
      })),
    };
  }

  function readRefund(saleId: string) {
    const row = q.refund.get(saleId) as RefundRow | undefined;
    return row ? toRefund(row) : null;
  }

  function readCustomer(customerId: string): CustomerDto | null {
    const row = q.customer.get(customerId) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }

  function readHead(saleId: string): SaleHead | null {
    const row = q.head.get(saleId) as
      Pick<SaleRow, 'id' | 'state' | 'currency' | 'ticket_discount' | 'customer_id'> | undefined;
    if (!row) return null;
    return {
      id: row.id,
      state: row.state,
      currency: row.currency,
      ticketDiscount: parseJson<DiscountDto>(row.ticket_discount),
      customerId: row.customer_id,
    };
  }

  /** Replaces an open sale's lines and totals with a freshly priced version. */
  function writePriced(
    saleId: string,
    lines: readonly StoredLine[],
    totals: SaleTotalsDto,
    ticketDiscount: DiscountDto | null,
  ): void {
    const changed = q.updateTotals.run(
      ticketDiscount === null ? null : JSON.stringify(ticketDiscount),
      totals.subtotal.amount,
      totals.discount.amount,
      totals.tax.amount,
      totals.taxAdded.amount,
      totals.total.amount,
      JSON.stringify(totals.taxes),
      saleId,
    );
    if (changed.changes !== 1) throw new Error(`sale ${saleId} is not open`);
    q.deleteLines.run(saleId);
    lines.forEach((l, position) =>
      q.insertLine.run(
        saleId,
        position,
        l.id,
        l.productId,
        l.sku,
        l.name,
        l.barcode,
        l.categoryId,
        l.quantity,
        l.unitPrice.amount,
        l.discount === null ? null : JSON.stringify(l.discount),
        l.gross.amount,
        l.lineDiscount.amount,
        l.ticketDiscountShare.amount,
        l.net.amount,
        l.taxRateId,
        l.taxInclusive ? 1 : 0,
        l.tax.amount,
        l.total.amount,
      ),
    );
  }

  return {
    readSale,
    readHead,
    readLines,
    openSaleId: (): string | null => (q.openId.get() as string | undefined) ?? null,
    /** how many payments (paid parts, on an open sale) a sale has */
    paymentCount: (saleId: string): number => q.paymentCount.get(saleId) as number,
    insertOpenSale(id: string, currency: string, createdAt: string): void {
      q.insertSale.run(id, currency, createdAt);
    },
    writePriced,
    markCompleted(saleId: string, number: number, receiptCode: string, at: string): void {
      if (q.complete.run(number, receiptCode, at, saleId).changes !== 1) {
        throw new Error(`sale ${saleId} is not open`);
      }
    },
    markVoided(saleId: string, at: string): void {
      if (q.void.run(at, saleId).changes !== 1) throw new Error(`sale ${saleId} is not open`);
    },
    insertPayment(saleId: string, p: PaymentDto): void {
      const cash = p.method === 'cash' ? p : null;
      const wallet = p.method === 'wallet' ? p : null;
      const card = p.method === 'stored-value' ? p : null;
      q.insertPayment.run(
        p.id,
        saleId,
        p.method,
        p.amount.amount,
        cash ? cash.tendered.amount : null,
        cash ? cash.change.amount : null,
        p.amount.currency,
        p.createdAt,
        wallet?.attemptId ?? null,
        wallet?.wallet ?? null,
        wallet?.providerId ?? null,
        wallet?.confirmation ?? null,
        wallet?.promotion?.label ?? null,
        wallet?.promotion?.discount.amount ?? null,
        card?.cardTransactionId ?? null,
        cash?.rounding?.amount ?? 0,
      );
    },
    /** attaches (or detaches, null) a member to an open sale */
    setCustomer(saleId: string, customerId: string | null): void {
      if (q.setCustomer.run(customerId, saleId).changes !== 1) throw new Error(`sale ${saleId} is not open`);
    },
    /** who takes the payment of an open sale (printed as the cashier); names as they are now */
    setCashier(saleId: string, cashier: { staffId: string; name: string }): void {
      q.setCashier.run(cashier.staffId, cashier.name, saleId);
    },
    setPointsEarned(saleId: string, points: number): void {
      q.setPoints.run(points, saleId);
    },
    insertOutbox(idempotencyKey: string, kind: string, payload: unknown, at: string): void {
      q.insertOutbox.run(idempotencyKey, kind, JSON.stringify(payload), at);
    },
    appendJournal(kind: string, saleId: string | null, data: unknown, at: string): JournalHead {
      return appendJournal(db, { kind, saleId, data, at });
    },
    list: (params: SalesQuery) => listSales(db, params),
  };
}

export type SaleStore = ReturnType<typeof createSaleStore>;

export interface SalesQuery {
  readonly query?: string;
  readonly limit?: number;
  readonly beforeNumber?: number;
}

/**
 * Completed and voided sales, newest first; `query` matches a receipt code (src/core/receipt-code.ts), a
 * receipt number or a line's name, SKU or barcode.
 */
function listSales(db: SqliteDatabase, params: SalesQuery): SaleSummaryDto[] {
  const where: string[] = [`s.state <> 'open'`];
  const args: (string | number)[] = [];
  const text = params.query?.trim() ?? '';
  if (parseRefundReceiptCode(text) !== null) {
    throw new TillpointError(
      'return.of_return',
      'That is a refund receipt. A refund cannot be returned; scan the receipt of the original sale.',
    );
  }
  if (text !== '') {
    if (/^#?\d{1,15}$/.test(text)) {
      // digits: a receipt number, or a barcode / SKU typed or scanned in full (not "every sale with a 1")
      const digits = text.replace('#', '');
      where.push(
        `(s.number = ? OR EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id AND (l.barcode = ? OR l.sku = ?)))`,
      );
      args.push(Number(digits), digits, digits);
    } else {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id AND
        (l.name LIKE ? ESCAPE '\\' OR l.sku LIKE ? ESCAPE '\\' OR l.barcode = ?))`);
      args.push(like, like, text);
    }
    const code = parseReceiptCode(text);
    // or a receipt code (a cashier's return); one whose check character does not match finds no sale
    if (code !== null) {
      where.push(`(${where.pop() ?? 'FALSE'} OR s.receipt_code = ?)`);
      args.push(code);
    }
  }
  if (params.beforeNumber !== undefined) {
    where.push('s.number < ?');
    args.push(params.beforeNumber);
  }
  args.push(params.limit ?? 50);
  const rows = db
    .prepare(
      `SELECT s.id, s.number, s.state, s.created_at, s.completed_at, s.total, s.currency,
         (SELECT coalesce(sum(quantity), 0) FROM sale_lines l WHERE l.sale_id = s.id) AS item_count,
         (SELECT group_concat(DISTINCT method) FROM payments p WHERE p.sale_id = s.id) AS tenders,
         (SELECT r.state FROM refunds r WHERE r.sale_id = s.id
            AND r.return_id IS NULL
            ORDER BY (r.state <> 'failed') DESC, r.created_at DESC, r.rowid DESC LIMIT 1) AS refund
       FROM sales s WHERE ${where.join(' AND ')}
       ORDER BY coalesce(s.completed_at, s.voided_at) DESC, s.rowid DESC LIMIT ?`,
    )
    .all(...args) as {
    id: string;
    number: number | null;
    state: SaleStateDto;
    created_at: string;
    completed_at: string | null;
    total: number;
    currency: string;
    item_count: number;
    tenders: string | null;
    refund: SaleSummaryDto['refund'];
  }[];
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    state: r.state,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    total: { amount: r.total, currency: r.currency },
    itemCount: r.item_count,
    tenders: r.tenders === null ? [] : r.tenders.split(','),
    refund: r.refund,
  }));
}
