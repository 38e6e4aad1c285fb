import { randomUUID } from 'node:crypto';
import { BILL_CATEGORY_ID, billIdOf, billProductId } from '../../core/bill-line.js';
import type { Product } from '../../core/catalog.js';
import { TillpointError } from '../../core/errors.js';
import { parsePaymentSlip } from '../../core/gs1-payment-slip.js';
import { money } from '../../core/money.js';
import type { OfflineTenderLimits } from '../../core/offline-policy.js';
import type { BillPaymentDto, BillerDto, BillState } from '../../shared/bill-dto.js';
import type { SaleDto } from '../../shared/dto.js';
import type { SaleService } from '../sale-service.js';
import type { BillRow, BillStore } from '../store/bill-store.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { BillerClient } from './biller-client.js';

/**
 * The bill payment use cases. The order is the issue's: look up → the customer confirms → the ticket is paid
 * with any tender (the sale engine) → the biller is paid with the idempotency key `bill:<id>`. Every state
 * is written before the biller is called, so a crash or a lost reply is resolved by asking again with the same
 * key (the biller answers the first answer again). The till itself pays its offline prepayments when the
 * biller answers again: the biller's credentials are the till's, so the hub has no part in paying.
 */

/** Offline prepayments without a policy: a small shop's float-sized exposure. */
export const defaultOfflineBillLimits: Required<
  Pick<OfflineTenderLimits, 'maxAmount' | 'maxCount' | 'maxTotal'>
> = {
  maxAmount: 20_000,
  maxCount: 20,
  maxTotal: 100_000,
};

export interface BillServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: BillStore;
  readonly sales: () => SaleService;
  /** null: this till has no biller service configured (lookups answer bill.biller_unreachable) */
  readonly client: BillerClient | null;
  readonly currency: string;
  readonly now: () => Date;
  /** offline-policy.json's billPrepayments, or the defaults */
  readonly offlineLimits: () => OfflineTenderLimits;
  /** characters a wedge scanner types for FNC1 (GS); default '~' */
  readonly fnc1Substitutes?: readonly string[];
  /** the shift rule for starting a ticket (shift.not_open) */
  readonly assertSaleAllowed?: () => void;
  /**
   * In the transaction that records the biller's confirmation of a ticket's bill: the paper receipt went out
   * at completion saying "pending", so the printer gets a copy that carries the confirmation number.
   */
  readonly billerConfirmed?: (saleId: string, at: string) => void;
  readonly log: (line: string, details?: unknown) => void;
}

/** The line a bill puts on its ticket, built from its row (the sale engine's productById for `bill:` ids). */
export function billProduct(store: BillStore, productId: string): Product | null {
  const id = billIdOf(productId);
  const row = id === null ? null : store.get(id);
  if (!row || row.amount === null) return null;
  const biller = store.billers().find((b) => b.id === row.biller_id);
  return {
    id: productId,
    sku: `BILL-${row.biller_id}`,
    name: `${biller?.name ?? row.biller_id} ${row.account}`,
    altName: biller?.nameEn ?? null,
    barcode: null,
    categoryId: BILL_CATEGORY_ID,
    price: money(row.amount, row.currency),
    taxRateId: 'bill-collected',
  };
}

/** How long a looked-up bill nobody confirmed stays on the customer display after a reload. */
const QUOTE_SHOWN_MS = 5 * 60_000;

const fail = (code: ConstructorParameters<typeof TillpointError>[0], message: string, details?: unknown) =>
  new TillpointError(code, message, details);

export function createBillService(deps: BillServiceDeps) {
  const { store, file } = deps;
  const stamp = () => deps.now().toISOString();
  const write = <T>(fn: () => T): T =>
    withStoreErrors(file, 'change', () => deps.db.transaction(fn).immediate());
  const dto = (row: BillRow): BillPaymentDto => store.toDto(row);
  const mustGet = (id: string): BillRow => {
    const row = store.get(id);
    if (!row) throw fail('bill.not_found', 'That bill payment is not on this till.', { billId: id });
    return row;
  };

  /** The billers: asked of the biller service when it answers (and kept), else the kept list. */
  async function billers(): Promise<BillerDto[]> {
    const answered = deps.client ? await deps.client.billers() : null;
    if (answered?.kind === 'ok') {
      write(() => store.replaceBillers(answered.value, stamp()));
    } else if (answered) {
      deps.log('bills: the biller list could not be refreshed', answered);
    }
    return store.billers();
  }

  function billerOf(id: string, list: readonly BillerDto[]): BillerDto {
    const biller = list.find((b) => b.id === id);
    if (!biller)
      throw fail('bill.unknown_biller', 'This till does not collect for that biller.', { billerId: id });
    return biller;
  }

  async function lookup(p: { billerId?: string; account?: string; slip?: string }): Promise<BillPaymentDto> {
    const list = store.billers().length > 0 ? store.billers() : await billers();
    let biller: BillerDto;
    let account: string;
    if (p.slip !== undefined) {
      const slip = parsePaymentSlip(p.slip, {
        referenceYear: deps.now().getUTCFullYear(),
        fnc1Substitutes: deps.fnc1Substitutes ?? ['~'],
      });
      if (!slip.ok) throw fail(slip.error.code, slip.error.message, slip.error.details);
      const byGln = list.find((b) => b.gln === slip.value.gln);
      if (!byGln)
        throw fail('bill.unknown_biller', 'This till does not collect for that biller.', {
          gln: slip.value.gln,
        });
      biller = byGln;
      account = slip.value.reference;
    } else {
      biller = billerOf(p.billerId ?? '', list);
      account = (p.account ?? '').replace(/\s+/g, '');
    }
    if (!new RegExp(biller.accountPattern).test(account)) {
      throw fail('bill.account_format', 'That account number does not look right for this biller.', {
        billerId: biller.id,
      });
    }
    const found = deps.client
      ? await deps.client.search(biller.id, account)
      : ({ kind: 'unreachable', error: 'no biller service configured' } as const);
    const base = {
      id: randomUUID(),
      biller_id: biller.id,
      account,
      currency: deps.currency,
      created_at: stamp(),
    };
    let row: Parameters<BillStore['insert']>[0];
    if (found.kind === 'ok') {
      const owed = found.value.amount + found.value.bill_fines;
      if (owed === 0 && !biller.prepay) {
        throw fail('bill.no_bill', 'The biller has no bill owing on this account.', { billerId: biller.id });
      }
      row = {
        ...base,
        kind: owed > 0 ? 'bill' : 'prepay',
        amount: owed > 0 ? owed : null,
        bill_amount: owed > 0 ? found.value.amount : null,
        late_fee: owed > 0 ? found.value.bill_fines : null,
        masked_name: found.value.bill_user_name,
        due_date: found.value.due_date,
        charge_uniq_id: found.value.charge_uniq_id,
        offline: 0,
        idempotency_key: `bill:${base.id}`,
      };
    } else if (found.kind === 'refused') {
      if (found.code === 'BILL_KEY_INVALID') {
        throw fail('bill.account_format', 'That account number does not look right for this biller.', found);
      }
      if (found.code === 'BILLER_UNKNOWN')
        throw fail('bill.unknown_biller', 'The biller does not know this till.', found);
      throw fail('bill.no_bill', 'The biller has no bill owing on this account.', found);
    } else {
      // Offline: no lookup. Only a prepayment (预存) to a biller that takes one, queued until it answers.
      if (!biller.prepay) {
        throw fail(
          'bill.prepay_not_accepted',
          'The biller cannot be reached: only prepayments can be taken now.',
          {
            billerId: biller.id,
            why: found.error,
          },
        );
      }
      row = {
        ...base,
        kind: 'prepay',
        amount: null,
        bill_amount: null,
        late_fee: null,
        masked_name: null,
        due_date: null,
        charge_uniq_id: null,
        offline: 1,
        idempotency_key: `bill:${base.id}`,
      };
    }
    write(() => {
      store.insert(row);
      store.appendJournal(
        'bill.looked_up',
        null,
        { billId: row.id, billerId: biller.id, offline: row.offline },
        stamp(),
      );
    });
    return dto(mustGet(row.id));
  }

  function checkAmount(row: BillRow, biller: BillerDto, amount: number | undefined): number {
    if (row.kind === 'bill') {
      if (amount !== undefined && amount !== row.amount) {
        throw fail('bill.amount_invalid', 'The bill is paid in full: the amount is the biller’s.', {
          amount,
        });
      }
      return row.amount ?? 0;
    }
    if (amount === undefined || amount <= 0) {
      throw fail('bill.amount_invalid', 'Choose the amount to prepay.', { billId: row.id });
    }
    if (biller.denominations && !biller.denominations.some((d) => d.amount === amount)) {
      throw fail('bill.amount_invalid', 'The biller takes only the amounts shown.', { amount });
    }
    if (amount > biller.maxPrepay.amount) {
      throw fail('bill.amount_invalid', 'That is more than the biller takes in one prepayment.', { amount });
    }
    if (row.offline === 1) {
      const limits = { ...defaultOfflineBillLimits, ...deps.offlineLimits() };
      const pending = store.offlinePending(row.id);
      const over =
        amount > limits.maxAmount ||
        pending.count + 1 > limits.maxCount ||
        pending.total + amount > limits.maxTotal;
      if (over) {
        throw fail('bill.offline_limit', 'This offline prepayment is over the limit allowed while offline.', {
          amount,
          pending,
          limits,
        });
      }
    }
    return amount;
  }

  function confirm(billId: string, amount: number | undefined): SaleDto {
    const row = mustGet(billId);
    if (row.state === 'on_ticket' && row.sale_id !== null) return deps.sales().get(row.sale_id);
    if (row.state !== 'quoted') {
      throw fail('bill.illegal_transition', 'This bill payment was confirmed already.', { state: row.state });
    }
    const chosen = checkAmount(row, billerOf(row.biller_id, store.billers()), amount);
    const open = deps.sales().current();
    if (open && open.lines.length > 0) {
      throw fail('bill.illegal_transition', 'Complete or void the open ticket before paying a bill.', {
        saleId: open.id,
      });
    }
    if (!open) deps.assertSaleAllowed?.();
    const sale = open ?? deps.sales().start();
    write(() => {
      if (!store.putOnTicket(billId, chosen, sale.id, stamp())) {
        throw fail('bill.illegal_transition', 'This bill payment was confirmed already.', { billId });
      }
      store.appendJournal('bill.confirmed', sale.id, { billId, amount: chosen }, stamp());
    });
    try {
      return deps.sales().addProduct(sale.id, billProductId(billId), 1);
    } catch (error) {
      write(() => store.setState(billId, 'quoted', stamp()));
      throw error;
    }
  }

  const settling = new Map<string, Promise<BillPaymentDto>>();

  /** Pays the biller for a bill whose ticket completed; a voided ticket cancels the bill. */
  async function pay(billId: string): Promise<BillPaymentDto> {
    const running = settling.get(billId);
    if (running) return running;
    const work = payOnce(billId).finally(() => settling.delete(billId));
    settling.set(billId, work);
    return work;
  }

  async function payOnce(billId: string): Promise<BillPaymentDto> {
    let row = mustGet(billId);
    if (row.state === 'on_ticket') {
      const sale = row.sale_id === null ? null : deps.sales().get(row.sale_id);
      const onIt = sale?.lines.some((l) => l.productId === billProductId(billId)) ?? false;
      if (sale?.state === 'open' && onIt) {
        throw fail('bill.illegal_transition', 'Take the payment for the bill first.', { saleId: sale.id });
      }
      const next: BillState = sale?.state === 'completed' && onIt ? 'paid' : 'cancelled';
      write(() => {
        store.setState(billId, next, stamp());
        store.appendJournal(`bill.${next}`, row.sale_id, { billId }, stamp());
      });
      row = mustGet(billId);
    }
    if (row.state !== 'paid') return dto(row);
    if (!deps.client) return dto(row);
    const answer = await deps.client.pay({
      out_order_no: row.idempotency_key,
      charge_inst: row.biller_id,
      bill_key: row.account,
      amount: row.amount ?? 0,
      currency: row.currency,
      charge_uniq_id: row.kind === 'bill' ? row.charge_uniq_id : null,
    });
    const at = stamp();
    write(() => {
      if (answer.kind === 'ok') {
        const confirmed = answer.value.status === 'SUCCESS';
        store.settle(
          billId,
          {
            state: confirmed ? 'confirmed' : 'rejected',
            confirmationNo: answer.value.confirmation_no,
            rejectCode: answer.value.reject_code,
            rejectReason: answer.value.reject_reason,
          },
          at,
        );
        store.appendJournal(
          confirmed ? 'bill.biller_confirmed' : 'bill.biller_rejected',
          row.sale_id,
          { billId, confirmationNo: answer.value.confirmation_no, reject: answer.value.reject_code },
          at,
        );
        if (confirmed && row.sale_id !== null) deps.billerConfirmed?.(row.sale_id, at);
      } else {
        // not settled: tried again with the same key (a refusal such as 409 is kept for the cashier to see)
        const error =
          answer.kind === 'refused' ? `${answer.code}: ${answer.message}` : `${answer.kind}: ${answer.error}`;
        store.tried(billId, error, at);
      }
    });
    return dto(mustGet(billId));
  }

  let timer: NodeJS.Timeout | null = null;
  /** Every bill whose ticket completed and whose biller has not answered: asked again (same key). */
  async function settleAll(): Promise<void> {
    for (const id of store.unsettledIds()) {
      try {
        await pay(id);
      } catch (error) {
        if (!(error instanceof TillpointError && error.code === 'bill.illegal_transition')) {
          deps.log('bills: settling failed', { billId: id, error });
        }
      }
    }
  }

  /**
   * Before a bill's ticket is refunded: the money is the biller's once it confirmed (bill.not_reversible).
   * A payment still waiting for a biller that never received it (every try unreachable) is reversed: taken
   * off the queue first, so the till never pays the biller for money it gave back. Answers how to undo that
   * when the refund itself fails.
   */
  function reverseForRefund(saleId: string): () => void {
    const row = store.bySale(saleId);
    if (!row || row.state === 'rejected' || row.state === 'cancelled') return () => undefined;
    const neverDelivered = row.tries === 0 || (row.last_error ?? '').startsWith('unreachable');
    if (row.state === 'confirmed' || (row.state === 'paid' && (!neverDelivered || settling.has(row.id)))) {
      throw fail(
        'bill.not_reversible',
        'The biller has (or may have) this payment: it can no longer be reversed at the till.',
        { billId: row.id, state: row.state },
      );
    }
    if (row.state !== 'paid') return () => undefined;
    write(() => {
      store.setState(row.id, 'cancelled', stamp());
      store.appendJournal('bill.reversed', saleId, { billId: row.id }, stamp());
    });
    return () => write(() => store.setState(row.id, 'paid', stamp()));
  }

  return {
    reverseForRefund,
    billers,
    lookup,
    confirm,
    pay,
    settleAll,
    get: (billId: string) => dto(mustGet(billId)),
    /** the bill the customer is checking: a quote older than QUOTE_SHOWN_MS was given up, not shown again */
    current: (): BillPaymentDto | null => {
      const row = store.current();
      const givenUp =
        row?.state === 'quoted' && deps.now().getTime() - Date.parse(row.created_at) > QUOTE_SHOWN_MS;
      return row && !givenUp ? dto(row) : null;
    },
    list: (states: readonly BillState[] | undefined, limit: number) => store.list(states, limit).map(dto),
    /** the receipt's line: the biller's confirmation number, or "pending" */
    forSale: (saleId: string): BillPaymentDto | null => {
      const row = store.bySale(saleId);
      return row ? dto(row) : null;
    },
    start(intervalMs = 30_000): void {
      if (timer) return;
      void settleAll();
      timer = setInterval(() => void settleAll(), intervalMs);
      timer.unref();
    },
    close(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type BillService = ReturnType<typeof createBillService>;
