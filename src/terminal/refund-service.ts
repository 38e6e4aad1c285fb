import { randomUUID } from 'node:crypto';
import { backoffCeilingMs, type BackoffPolicy } from '../core/backoff.js';
import { TillpointError } from '../core/errors.js';
import { money } from '../core/money.js';
import { refundMethodFor, refundRefusal } from '../core/refund.js';
import { checkRefundOfPart } from '../core/split-tender.js';
import type { PaymentDto, RefundDto, RefundListItemDto, RefundStateDto, SaleDto } from '../shared/dto.js';
import { refundIdempotencyKey, type SaleRefundedPayload } from '../shared/hub-api.js';
import type { PaymentProvider } from './payments/provider.js';
import { saleIdempotencyKey, type SaleService } from './sale-service.js';
import type { MemberStore } from './store/member-store.js';
import type { SqliteDatabase } from './store/open-store.js';
import { toRefund, type RefundRow, type RefundStore } from './store/refund-store.js';
import { withStoreErrors } from './store/store-errors.js';
import type { SaleCashier } from './sale-service.js';

export interface RefundServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly refunds: RefundStore;
  readonly sales: SaleService;
  readonly members: MemberStore;
  /** the till's currency: it refunds nothing else */
  readonly currency: string;
  /** the configured payment provider by id */
  readonly provider: (id: string) => PaymentProvider | null;
  readonly now: () => Date;
  readonly log: (line: string, details?: unknown) => void;
  /** called after a commit that changed the outbox */
  readonly outboxChanged: () => void;
  /** inside the transaction that made a refund 'refunded': its receipt's print jobs */
  /** `cashier`: who made the refund on this call; null when a pending wallet refund settles on its own */
  readonly refundedInTransaction?: (refund: RefundDto, at: string, cashier: SaleCashier | null) => void;
  /** how soon a refund that got no answer is asked again on its own (default 10 s, doubling to 5 min) */
  readonly retry?: BackoffPolicy;
}

const refundRetry: BackoffPolicy = { baseMs: 10_000, capMs: 300_000 };

/**
 * Full refunds of completed sales (sale.refund). A sale is refunded only once the hub has it:
 * its outbox row `sale:<id>` must be 'sent'. Cash (and a stored-value card sale, see refundMethodFor) is paid
 * out of the drawer: the refund, its outbox row and journal row are one transaction. A wallet refund is
 * written 'pending' BEFORE the provider is asked (like a payment attempt before its charge), its id being
 * the out_refund_no; the provider's answer makes it 'refunded' (with its outbox and journal rows, in one
 * transaction) or 'failed'; no answer leaves it pending, asked again with the same id (so a refund can never
 * be paid out twice): on the next sale.refund, at start, when the hub answers again (wakeAll), when its
 * provider answers a payment call again (providerAnswered), and on its own after a delay that doubles with
 * every unanswered try (10 s up to 5 min), so a lost reply does not leave it pending while the till runs.
 */
export function createRefundService(deps: RefundServiceDeps) {
  const { db, file, refunds } = deps;
  /** one provider call per refund at a time: a second caller waits for the answer of the first */
  const inFlight = new Map<string, Promise<RefundDto>>();
  /** providers a refund got no answer from: their next answer to a payment call wakes those refunds */
  const unanswered = new Set<string>();
  const retryPolicy = deps.retry ?? refundRetry;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryAt = Infinity;
  /** the wake-up in progress, and whether another was asked for meanwhile */
  let waking: Promise<void> | null = null;
  let wakeAgain = false;
  let closed = false;

  const stamp = () => deps.now().toISOString();
  const read = <T>(fn: () => T): T => withStoreErrors(file, 'read', fn);
  const write = <T>(fn: () => T): T => withStoreErrors(file, 'refund', () => db.transaction(fn).immediate());

  function mustRead(id: string): RefundRow {
    const row = read(() => refunds.read(id));
    if (!row) throw new Error(`refund ${id} vanished`);
    return row;
  }

  /** Takes back the points the sale earned (never below zero: points already used stay used). */
  function reversePoints(sale: SaleDto): number {
    if (sale.customer === null || sale.pointsEarned === 0) return 0;
    const member = deps.members.byId(sale.customer.id);
    if (!member) return 0;
    const points = Math.min(member.points, sale.pointsEarned);
    if (points > 0) deps.members.addPoints(member.id, -points);
    return points;
  }

  /** In the caller's transaction, right after the row became 'refunded': the hub's entry and the journal's. */
  function recordRefunded(id: string, at: string, cashier: SaleCashier | null): void {
    const dto = toRefund(mustRead(id));
    const payload: SaleRefundedPayload = { ...dto, state: 'refunded', refundedAt: dto.refundedAt ?? at };
    deps.sales.insertOutboxRow(refundIdempotencyKey(id), 'sale.refunded', payload, at);
    deps.sales.appendJournalRow(
      'sale.refunded',
      dto.saleId,
      { refund: id, amount: dto.amount, method: dto.method, tender: dto.tender, points: dto.pointsReversed },
      at,
    );
    deps.refundedInTransaction?.(payload, at, cashier);
  }

  type Payment = SaleDto['payments'][number];

  /**
   * In the caller's transaction: the refund row of `amount` of one payment. Cash (and a stored-value card
   * payment, see refundMethodFor) is paid out of the drawer at once: 'refunded', with its outbox and journal
   * rows. A wallet refund is written 'pending' (its id is the out_refund_no), to be asked about after the
   * commit. `points`: membership points taken back with it.
   */
  function insertRefund(
    sale: SaleDto,
    payment: Payment,
    amount: number,
    reason: string,
    returnId: string | null,
    at: string,
    points: () => number,
    cashier: SaleCashier | null = null,
  ): RefundRow {
    const id = randomUUID();
    const common = {
      id,
      saleId: sale.id,
      paymentId: payment.id,
      tender: payment.method,
      amount,
      currency: payment.amount.currency,
      reason,
      returnId,
      at,
    };
    if (payment.method === 'wallet' && refundMethodFor(payment.method) === 'wallet') {
      refunds.insert({
        ...common,
        method: 'wallet',
        state: 'pending',
        attemptId: payment.attemptId,
        wallet: payment.wallet,
        providerId: payment.providerId,
        pointsReversed: 0,
      });
      deps.sales.appendJournalRow(
        'refund.started',
        sale.id,
        {
          refund: id,
          amount: money(amount, payment.amount.currency),
          method: 'wallet',
          attempt: payment.attemptId,
        },
        at,
      );
    } else {
      refunds.insert({
        ...common,
        method: 'cash',
        state: 'refunded',
        attemptId: null,
        wallet: null,
        providerId: null,
        pointsReversed: points(),
      });
      recordRefunded(id, at, cashier);
    }
    return mustRead(id);
  }

  /** A wallet payment is refunded only through a provider this till still has. */
  function assertRefundable(sale: SaleDto, payment: Payment): void {
    if (payment.method === 'wallet' && !deps.provider(payment.providerId)) {
      throw new TillpointError(
        'payment.unknown_provider',
        `The payment provider ${payment.providerId} that took this payment is not set up on this till, so it cannot refund it. Call a manager.`,
        { saleId: sale.id, providerId: payment.providerId },
      );
    }
  }

  /** After the commit: a cash refund is done; a wallet refund is asked about (and settled) now. */
  function settle(row: RefundRow, cashier: SaleCashier | null = null): RefundDto | Promise<RefundDto> {
    if (row.state === 'pending') return ask(row, cashier);
    deps.outboxChanged();
    return toRefund(row);
  }

  /**
   * Pays back `amount` (minor units, 0 < amount ≤ what is left of that payment) of one payment of a sale:
   * cash out of the drawer at once (cash and stored-value payments), or the wallet's refund (pending until
   * the provider answers). No sync check: the caller decides whether it may.
   */
  function refundPayment(
    sale: SaleDto,
    payment: PaymentDto,
    amount: number,
    reason: string,
    returnId: string | null,
    cashier: SaleCashier | null = null,
  ): RefundDto | Promise<RefundDto> {
    const refunded = read(() => refunds.forPayment(payment.id))
      .filter((r) => r.state !== 'failed')
      .map((r) => r.amount);
    checkRefundOfPart(payment.amount.amount, refunded, amount);
    assertRefundable(sale, payment);
    const row = write(() => insertRefund(sale, payment, amount, reason, returnId, stamp(), () => 0, cashier));
    return settle(row, cashier);
  }

  /**
   * sale.void of a ticket with paid parts: every part is given back first. The ticket is voided, its
   * sale.voided outbox entry written and every part's refund row (cash paid out at once, wallets pending)
   * in ONE transaction; then each wallet refund is asked of its provider, the answer awaited.
   */
  async function voidPaidParts(
    saleId: string,
    reason: string,
    cashier: SaleCashier | null = null,
  ): Promise<SaleDto> {
    const before = read(() => deps.sales.get(saleId));
    for (const p of before.payments) assertRefundable(before, p);
    const rows: RefundRow[] = [];
    deps.sales.voidWith(saleId, (sale, at) => {
      for (const p of sale.payments) {
        rows.push(insertRefund(sale, p, p.amount.amount, reason, null, at, () => 0, cashier));
      }
    });
    for (const row of rows) {
      if (row.state !== 'pending') continue;
      try {
        await ask(row, cashier);
      } catch (error) {
        // the ticket is voided and the refund kept pending: it is asked again like any other
        deps.log(`refund ${row.id} of voided sale ${saleId}: asking failed, kept pending`, error);
      }
    }
    return read(() => deps.sales.get(saleId));
  }

  /** Asks the provider about a pending wallet refund (the same out_refund_no every time) and settles it. */
  function ask(pending: RefundRow, cashier: SaleCashier | null = null): Promise<RefundDto> {
    const running = inFlight.get(pending.id);
    if (running) return running;
    const work = (async (): Promise<RefundDto> => {
      const provider = deps.provider(pending.provider_id ?? '');
      if (!provider || pending.attempt_id === null) {
        const problem = {
          code: 'payment.unknown_provider',
          message: `The payment provider ${pending.provider_id ?? ''} is no longer set up on this till; the refund waits until it is.`,
        };
        write(() => refunds.noteTry(pending.id, problem, stamp()));
        return toRefund(mustRead(pending.id));
      }
      const outcome = await provider.refund({
        outTradeNo: pending.attempt_id,
        outRefundNo: pending.id,
        amount: money(pending.amount, pending.currency),
      });
      // Closed meanwhile: the row stays pending and the next start asks again with the same number.
      if (closed) return toRefund(pending);
      if (outcome.status === 'refunded') {
        const settled = write(() => {
          // settled by another try meanwhile: nothing more to record (points come back only once)
          if (refunds.read(pending.id)?.state !== 'pending') return false;
          const at = stamp();
          const points = reversePoints(deps.sales.get(pending.sale_id));
          refunds.markRefunded(pending.id, points, at);
          recordRefunded(pending.id, at, cashier);
          return true;
        });
        if (settled) deps.outboxChanged();
      } else if (outcome.status === 'failed') {
        write(() => {
          const at = stamp();
          if (refunds.markFailed(pending.id, outcome.reason, at)) {
            deps.sales.appendJournalRow(
              'refund.failed',
              pending.sale_id,
              { refund: pending.id, reason: outcome.reason },
              at,
            );
          }
        });
      } else {
        deps.log(`refund ${pending.id}: no answer from ${provider.id}, kept pending`, outcome.reason);
        write(() => refunds.noteTry(pending.id, outcome.reason, stamp()));
        unanswered.add(provider.id);
        retryLater(mustRead(pending.id).tries);
      }
      return toRefund(mustRead(pending.id));
    })().finally(() => inFlight.delete(pending.id));
    inFlight.set(pending.id, work);
    return work;
  }

  /** Asks again on its own after the unanswered try number `tries` (the earliest such time wins). */
  function retryLater(tries: number): void {
    if (closed) return;
    const at = Date.now() + backoffCeilingMs(Math.max(1, tries), retryPolicy);
    if (retryTimer && retryAt <= at) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryAt = at;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      retryAt = Infinity;
      wake();
    }, at - Date.now());
    retryTimer.unref?.();
  }

  /** Asks about every pending refund (of one provider, or all), one after another; never two sweeps at once. */
  async function sweep(providerId: string | null): Promise<void> {
    for (const listed of read(() => refunds.pending())) {
      if (closed) return;
      if (providerId !== null && listed.provider_id !== providerId) continue;
      // settled meanwhile by another sweep or a sale.refund: nothing to ask
      const pending = read(() => refunds.read(listed.id));
      if (pending?.state !== 'pending') continue;
      try {
        await ask(pending);
      } catch (error) {
        deps.log(`resuming refund ${pending.id} failed`, error);
      }
    }
  }

  /** Starts a sweep of every pending refund unless one runs; then one more after it. */
  function wake(): Promise<void> {
    if (closed) return Promise.resolve();
    if (waking) {
      wakeAgain = true;
      return waking;
    }
    const run = sweep(null).finally(() => {
      waking = null;
      if (wakeAgain && !closed) {
        wakeAgain = false;
        void wake();
      }
    });
    waking = run;
    return run;
  }

  return {
    /**
     * sale.refund. Idempotent: a sale already refunded answers that refund; a pending one is asked about
     * again (never a new refund); only after a failed try (no money moved) is a new one started.
     */
    refund(
      saleId: string,
      reason: string,
      cashier: SaleCashier | null = null,
    ): RefundDto | Promise<RefundDto> {
      const sale = read(() => deps.sales.get(saleId));
      // a voided ticket's paid parts have refund rows too: those are no refund of a completed sale
      const live = sale.state === 'completed' ? read(() => refunds.liveForSale(saleId)) : null;
      if (live?.state === 'refunded') return toRefund(live);
      if (live?.state === 'pending') return ask(live, cashier);
      if (read(() => refunds.hasReturns(saleId))) {
        throw new TillpointError(
          'sale.refund_after_return',
          'Part of this sale was already returned. Return the rest item by item instead of refunding it in full.',
          { saleId },
        );
      }
      const refusal = refundRefusal({
        saleId,
        state: sale.state,
        saleCurrency: sale.currency,
        tillCurrency: deps.currency,
        paymentCurrencies: sale.payments.map((p) => p.amount.currency),
        outboxState: read(() => refunds.outboxState(saleIdempotencyKey(saleId))),
      });
      if (refusal) throw refusal;
      const payment = sale.payments[0];
      if (!payment) throw new Error(`sale ${saleId} has no payment`);
      assertRefundable(sale, payment);
      // a full refund takes back the points the sale earned: a cash one at once, a wallet one when settled
      const row = write(() =>
        insertRefund(
          sale,
          payment,
          payment.amount.amount,
          reason,
          null,
          stamp(),
          () => reversePoints(sale),
          cashier,
        ),
      );
      return settle(row, cashier);
    },

    refundPayment,
    voidPaidParts,

    /**
     * A partial return (return-service): in the caller's transaction, the refund row of `amount` of one
     * payment, checked against what that payment has left; `settle` it after the commit.
     */
    insertPart(
      sale: SaleDto,
      payment: PaymentDto,
      amount: number,
      reason: string,
      returnId: string,
      at: string,
      cashier: SaleCashier | null,
    ): RefundRow {
      const refunded = refunds
        .forPayment(payment.id)
        .filter((r) => r.state !== 'failed')
        .map((r) => r.amount);
      checkRefundOfPart(payment.amount.amount, refunded, amount);
      assertRefundable(sale, payment);
      return insertRefund(sale, payment, amount, reason, returnId, at, () => 0, cashier);
    },
    settle,

    /** refund.list: newest first, with the sale's receipt number and the provider's tries */
    list(states: readonly RefundStateDto[] | undefined, limit: number): RefundListItemDto[] {
      return read(() => refunds.list(states, limit)).map((r) => ({
        ...toRefund(r),
        saleNumber: r.sale_number,
        tries: r.tries,
      }));
    },

    /** At start: every wallet refund a crash or a lost network left pending is asked about again. */
    resumePending: (): Promise<void> => wake(),

    /** The hub answers again (the network is back): every pending refund is asked about now. */
    wakeAll(): void {
      void wake();
    },

    /**
     * A provider answered a payment call: if a refund of its got no answer before, it is asked again now
     * (once per unanswered try, not at every poll of a payment).
     */
    providerAnswered(providerId: string): void {
      if (closed || !unanswered.delete(providerId)) return;
      void sweep(providerId);
    },

    close(): void {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    },
  };
}

export type RefundService = ReturnType<typeof createRefundService>;
