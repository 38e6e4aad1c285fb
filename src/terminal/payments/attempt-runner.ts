import { randomUUID } from 'node:crypto';
import { logAt, type Log } from '../../shared/log.js';
import {
  canPaymentTransition,
  isFinalPaymentState,
  nextPaymentState,
  type PaymentEvent,
} from '../../core/payment-state.js';
import { money } from '../../core/money.js';
import type { PaymentAttemptDto, SaleDto } from '../../shared/dto.js';
import type { SaleService } from '../sale-service.js';
import type { SqliteDatabase } from '../store/open-store.js';
import {
  attemptDto,
  type AttemptPatch,
  type PaymentStore,
  type StoredAttempt,
} from '../store/payment-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { PaymentProvider, ProviderOutcome } from './provider.js';

export interface AttemptRunnerDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: PaymentStore;
  readonly sales: SaleService;
  readonly provider: (id: string) => PaymentProvider | null;
  readonly now: () => Date;
  /** after each committed transition */
  readonly changed: (attempt: PaymentAttemptDto) => void;
  /** after a wallet payment completed its sale (the outbox grew) */
  readonly saleCompleted: (sale: SaleDto) => void;
  /** the provider could (true) or could not (false) be reached */
  readonly reachable: (online: boolean) => void;
  /** the provider gave a clear answer (paid, paying, declined, reversed, not found) */
  readonly answered?: (providerId: string) => void;
  readonly log: Log;
  /** delays between queries while the payer types a password: the last one repeats */
  readonly pollIntervalsMs: readonly number[];
  /** how many queries an unknown outcome gets before the till reverses on its own */
  readonly unknownQueries: number;
}

/** Why the till itself ended an attempt; the codes are ErrorCodes, so the renderer has a message for each. */
const reasons = {
  timeout: {
    code: 'payment.timeout',
    message: 'The payment was not confirmed in time; it is being cancelled.',
  },
  cancelled: { code: 'payment.cancelled', message: 'The cashier cancelled the payment.' },
  unresolved: {
    code: 'payment.unknown_outcome',
    message: 'The payment service could not confirm the payment; it is being cancelled.',
  },
  saleClosed: {
    code: 'payment.sale_closed',
    message: 'The sale could not take this payment any more; the payment is being refunded.',
  },
  restart: { code: 'payment.never_sent', message: 'The till restarted before the payment was sent.' },
} as const;

/**
 * Drives payment attempts through the one transition table (src/core/payment-state.ts). Every transition
 * is committed to SQLite before it is emitted and before the next provider call, so after a crash the
 * database says exactly how far an attempt got; `succeeded` completes the sale in the same transaction.
 * One driver per attempt at a time: it polls (with backoff) while the payer is paying or the outcome is
 * unknown, reverses at the deadline, and repeats a reverse until the provider confirms it.
 */
export function createAttemptRunner(deps: AttemptRunnerDeps) {
  const { store, file } = deps;
  const drivers = new Map<string, Promise<void>>();
  const wakers = new Map<string, () => void>();
  let closed = false;

  const stamp = () => deps.now().toISOString();
  const read = (id: string) => withStoreErrors(file, 'read', () => store.read(id));

  /**
   * Applies `event` if the table allows it from the attempt's CURRENT state; answers the new attempt, or
   * null when it no longer applies (a late reply after a cancel: the reverse wins, by design).
   */
  function move(
    id: string,
    event: PaymentEvent,
    patch: AttemptPatch = {},
    data: unknown = {},
  ): StoredAttempt | null {
    if (closed) return null;
    const current = read(id);
    if (!current || !canPaymentTransition(current.state, event)) {
      if (current) deps.log(`payment ${id}: ${event} ignored in state ${current.state}`);
      return null;
    }
    const to = nextPaymentState(current.state, event);
    if (to === 'succeeded') return succeed(current, patch, data);
    const at = stamp();
    const ok = withStoreErrors(file, 'change', () =>
      deps.db.transaction(() => store.transition(id, current.state, event, to, patch, at, data)).immediate(),
    );
    if (!ok) return null;
    const after = read(id);
    // every committed transition, so support can follow one payment (by its out_trade_no) through the log
    deps.log(`payment ${id}: ${current.state} -> ${to} (${event})`, { providerId: current.providerId, data });
    if (after) deps.changed(attemptDto(after));
    return after;
  }

  /**
   * Paid: the attempt's final state and its wallet payment in ONE transaction, with the sale's completion
   * and outbox row when it paid the rest (a part leaves the sale open with the part kept).
   */
  function succeed(a: StoredAttempt, patch: AttemptPatch, data: unknown): StoredAttempt | null {
    const confirmation = patch.confirmation ?? 'provider';
    let completed: SaleDto;
    try {
      completed = deps.sales.completeWith(
        a.saleId,
        (left, currency) => {
          // the attempt pays what was left when it began, or a part of it; never more than is left now
          const charged = a.amount + (a.promotion?.discount.amount ?? 0);
          if (charged > left.amount || left.currency !== a.currency) {
            throw new Error(
              `left to pay ${left.amount} ${left.currency} is less than the attempt's ${charged}`,
            );
          }
          return {
            id: randomUUID(),
            method: 'wallet',
            attemptId: a.id,
            wallet: patch.wallet ?? a.wallet ?? a.providerId,
            providerId: a.providerId,
            amount: money(a.amount, currency),
            createdAt: stamp(),
            confirmation,
            promotion: a.promotion,
          };
        },
        (_sale, at) => {
          const ok = store.transition(
            a.id,
            a.state,
            'paid',
            'succeeded',
            { ...patch, confirmation },
            at,
            data,
          );
          if (!ok) throw new Error(`payment ${a.id} moved on while completing its sale`);
        },
      ).dto;
    } catch (error) {
      // Money arrived for a sale that can no longer take it: give it back rather than keep it unrecorded.
      logAt(deps.log, 'error')(`payment ${a.id}: paid but the sale cannot complete; reversing`, error);
      return move(a.id, 'reverse', { reason: reasons.saleClosed }, { paidButSaleClosed: String(error) });
    }
    const after = read(a.id);
    deps.log(`payment ${a.id}: ${a.state} -> succeeded (paid), receipt ${completed.number ?? a.saleId}`, {
      providerId: a.providerId,
      confirmation,
    });
    if (after) deps.changed(attemptDto(after));
    deps.saleCompleted(completed);
    return after;
  }

  /** What a provider's answer does to an attempt. */
  function apply(id: string, outcome: ProviderOutcome): StoredAttempt | null {
    const a = read(id);
    if (!a || isFinalPaymentState(a.state)) return a;
    deps.reachable(outcome.status !== 'unreachable');
    if (outcome.status !== 'unknown' && outcome.status !== 'timeout' && outcome.status !== 'unreachable') {
      deps.answered?.(a.providerId);
    }
    switch (outcome.status) {
      case 'succeeded':
        return move(
          id,
          'paid',
          {
            confirmation: 'provider',
            transactionId: outcome.transactionId,
            ...(outcome.wallet ? { wallet: outcome.wallet } : {}),
          },
          { transactionId: outcome.transactionId },
        );
      case 'paying':
        return a.state === 'paying' ? a : move(id, 'userpaying');
      case 'declined':
        return move(id, 'declined', { reason: outcome.reason }, outcome.reason);
      case 'reversed':
        // reversed at the provider (by us before a crash, or by its own timeout): confirm it here too
        move(id, 'reverse', {}, { provider: 'reversed' });
        return move(id, 'reversed', {}, { provider: 'reversed' });
      case 'not_found':
        // the charge never arrived; a reverse makes sure a late one cannot pay (ORDER_REVERSED)
        return a.state === 'paying' && a.kind !== 'customer-code'
          ? a
          : move(id, 'reverse', { reason: reasons.unresolved }, { provider: 'not_found' });
      case 'unknown':
      case 'timeout':
      case 'unreachable':
        return a.state === 'charging' ? move(id, 'unknown', { reason: outcome.reason }, outcome.reason) : a;
    }
  }

  function sleep(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakers.delete(id);
        resolve();
      }
      wakers.set(id, done);
    });
  }

  const pastDeadline = (a: StoredAttempt) => deps.now().getTime() >= Date.parse(a.deadlineAt);

  /** One step for an attempt that is not final: a query, a reverse, or the deadline's reverse. */
  async function step(a: StoredAttempt, unknownTries: { count: number }): Promise<void> {
    const provider = deps.provider(a.providerId);
    switch (a.state) {
      case 'created':
        // committed before anything was sent: nothing to undo at the provider
        move(a.id, 'cancel', { reason: reasons.restart });
        return;
      case 'charging':
        // only after a restart: the charge may or may not have arrived
        move(a.id, 'unknown', { reason: reasons.unresolved }, { resumedFrom: 'charging' });
        return;
      case 'paying':
      case 'unknown': {
        if (pastDeadline(a)) {
          move(a.id, 'reverse', { reason: reasons.timeout }, { deadline: a.deadlineAt });
          return;
        }
        if (a.state === 'unknown' && unknownTries.count >= deps.unknownQueries) {
          move(a.id, 'reverse', { reason: reasons.unresolved }, { queries: unknownTries.count });
          return;
        }
        if (!provider) {
          move(a.id, 'reverse', { reason: reasons.unresolved }, { provider: 'not configured' });
          return;
        }
        const outcome = await provider.query(a.id);
        // a query that never reached the provider tells nothing: offline, the attempt waits for the network
        // (or its deadline) instead of being reversed after a few failed tries (reconciliation)
        if (a.state === 'unknown' && outcome.status !== 'unreachable') unknownTries.count += 1;
        apply(a.id, outcome);
        return;
      }
      case 'reversing': {
        if (!provider) {
          logAt(
            deps.log,
            'error',
          )(`payment ${a.id}: provider ${a.providerId} is no longer configured; cannot reverse yet`);
          return;
        }
        const result = await provider.reverse(a.id);
        deps.reachable(result.status === 'reversed' || result.reason.code !== 'payment.offline');
        if (result.status === 'reversed') {
          deps.answered?.(a.providerId);
          move(a.id, 'reversed', { refunded: result.refunded }, result);
        }
        return;
      }
      default:
        return;
    }
  }

  async function loop(id: string): Promise<void> {
    const unknownTries = { count: 0 };
    let round = 0;
    while (!closed) {
      const a = read(id);
      if (!a || isFinalPaymentState(a.state)) return;
      // the static-QR scheme never confirms: wait for the cashier, but still give up at the deadline
      const before = a.state;
      try {
        await step(a, unknownTries);
      } catch (error) {
        // a step that threw (the provider's calls cannot: guarded-provider.ts; a busy disk can) is tried
        // again after the poll delay: a driver that stopped would leave the attempt unfinished for good
        logAt(deps.log, 'error')(`payment ${id}: step in ${a.state} failed; trying again`, error);
      }
      const after = read(id);
      if (!after || isFinalPaymentState(after.state)) return;
      if (after.state !== before && after.state !== 'paying') continue;
      const intervals = deps.pollIntervalsMs;
      const delay = intervals[Math.min(round, intervals.length - 1)] ?? 1_000;
      round += 1;
      const untilDeadline = Date.parse(after.deadlineAt) - deps.now().getTime();
      await sleep(id, after.state === 'reversing' ? delay : Math.max(0, Math.min(delay, untilDeadline)));
    }
  }

  /** Starts the driver for an attempt unless one runs already. */
  function drive(id: string): Promise<void> {
    const running = drivers.get(id);
    if (running) return running;
    const run = loop(id)
      .catch((error: unknown) => logAt(deps.log, 'error')(`payment ${id}: driver stopped`, error))
      .finally(() => drivers.delete(id));
    drivers.set(id, run);
    return run;
  }

  return {
    move,
    apply,
    read,
    drive,
    /** Back online: every waiting driver queries or reverses now instead of at its next poll. */
    wakeAll(): void {
      for (const wake of [...wakers.values()]) wake();
    },
    /** Cuts a driver's wait short (a cancel should reverse now, not after the next poll). */
    wake(id: string): void {
      wakers.get(id)?.();
    },
    /**
     * On start, before the till answers anything: every attempt that is not final gets one step now (a
     * query or a reverse), then its driver carries on in the background.
     */
    async resumeAll(): Promise<void> {
      const pending = withStoreErrors(file, 'read', () => store.unfinished());
      await Promise.all(
        pending.map(async (a) => {
          // Local-only steps (created -> reversed, charging -> unknown) are followed by the provider call
          // they lead to, so each attempt has been queried or reversed once before the till answers.
          const tries = { count: 0 };
          try {
            for (let i = 0; i < 3; i += 1) {
              const current = read(a.id);
              if (!current || isFinalPaymentState(current.state)) break;
              await step(current, tries);
              if (read(a.id)?.state === current.state) break;
            }
          } catch (error) {
            deps.log(`payment ${a.id}: resume step failed`, error);
          }
          const after = read(a.id);
          if (after && !isFinalPaymentState(after.state)) void drive(a.id);
        }),
      );
    },
    close(): void {
      closed = true;
      for (const wake of [...wakers.values()]) wake();
    },
  };
}

export type AttemptRunner = ReturnType<typeof createAttemptRunner>;
