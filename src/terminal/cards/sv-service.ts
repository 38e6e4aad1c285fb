import { randomUUID } from 'node:crypto';
import { isTillpointError, TillpointError } from '../../core/errors.js';
import { money } from '../../core/money.js';
import { issueSvCard, planSvWrite, type SvScheme } from '../../core/stored-value.js';
import { cashTender } from '../../core/tender.js';
import { nfcErrorToTillpointError } from '../../core/nfc-error.js';
import type { SvSessionDto } from '../../shared/nfc-dto.js';
import type { CardLink } from '../nfc/nfc-port.js';
import type { SaleService } from '../sale-service.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { SvStore, SvTransaction } from '../store/sv-store.js';
import { uidBytes, verifyWritten, writePages, type SvRead } from './sv-card-io.js';
import { createSvSettlement } from './sv-settlement.js';

export interface SvServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: SvStore;
  readonly sales: SaleService;
  readonly scheme: SvScheme;
  readonly terminalId: string;
  readonly now: () => Date;
  /** the card on the reader now, if any */
  readonly cardOn: () => CardLink | null;
  readonly emitChanged: (session: SvSessionDto) => void;
  /** after a commit that wrote an outbox row */
  readonly outboxChanged: () => void;
  readonly log: (line: string, details?: unknown) => void;
  /** throws when the offline risk limits refuse a card debit of this amount (minor units) */
  readonly refuseOffline: (amount: number) => void;
}

type Session = { -readonly [K in keyof SvSessionDto]: SvSessionDto[K] } & { txId: string | null };

const live = (s: Session | null): s is Session =>
  s !== null &&
  (s.state === 'waiting' || s.state === 'ready' || s.state === 'writing' || s.state === 'interrupted');

const asProblem = (error: unknown) =>
  isTillpointError(error)
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: 'The card operation failed. Try again.' };

/**
 * Stored-value cards at the counter: pay a sale from the card's balance, or top it up with cash.
 * A session is what the cashier sees (waiting for the tap, balance and new balance, confirm); the money is
 * in sv_transactions, written 'pending' BEFORE the card is touched and settled after: a debit commits (with
 * the sale, in one transaction) only once the pointer flip has been read back; a top-up once its record is
 * on the card (the pointer is not authenticated, so a written record counts as delivered). A write whose
 * outcome is unknown (card pulled, crash) stays open until the same card is tapped again, and is then
 * finished or undone from what the card shows (sv-settlement.ts). Card operations run one at a time.
 */
export function createSvService(deps: SvServiceDeps) {
  const { store, scheme, file } = deps;
  const sessions = new Map<string, Session>();
  let current: Session | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const stamp = () => deps.now().toISOString();
  const m = (amount: number) => money(amount, scheme.currency);

  /** One card operation at a time: a tap and a confirm never interleave their APDUs. */
  function serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  }

  const dto = (s: Session): SvSessionDto => {
    const { txId: _t, ...rest } = s;
    return structuredClone(rest);
  };
  function update(s: Session, patch: Partial<Session>): void {
    Object.assign(s, patch, { updatedAt: stamp() });
    deps.emitChanged(dto(s));
  }

  const settlement = createSvSettlement({
    ...deps,
    onDebitCommitted: (tx, sale) => {
      // the session that wrote it; else (a debit settled on a later tap) the live payment of that sale. Not
      // just the first payment of the sale: a split tender's cancelled first try is one too
      const all = [...sessions.values()];
      const s =
        all.find((x) => x.txId === tx.id) ??
        all.find((x) => x.kind === 'pay' && x.saleId === tx.saleId && live(x));
      if (s && live(s)) update(s, { state: 'done', sale, problem: null, txId: tx.id });
    },
    onTopUpCommitted: (tx) => {
      const s = [...sessions.values()].find((x) => x.txId === tx.id);
      if (s && live(s)) {
        update(s, {
          state: 'done',
          problem: null,
          card: s.card && {
            ...s.card,
            blank: false,
            balance: m(tx.balanceBefore),
            newBalance: m(tx.balanceAfter),
          },
        });
      }
    },
  });

  function open(
    kind: Session['kind'],
    saleId: string | null,
    amount: number,
    tendered: number | null,
  ): Session {
    if (live(current)) {
      if (current.state === 'writing' || current.state === 'interrupted') {
        throw new TillpointError(
          'card.pending',
          'The last card operation is not finished. Tap the same card again to finish it, or cancel it.',
          { sessionId: current.id },
        );
      }
      update(current, { state: 'cancelled' });
    }
    const at = stamp();
    const change = tendered === null ? null : cashTender(m(amount), m(tendered)).change;
    const s: Session = {
      id: randomUUID(),
      kind,
      saleId,
      state: 'waiting',
      amount: m(amount),
      tendered: tendered === null ? null : m(tendered),
      change,
      card: null,
      problem: null,
      sale: null,
      createdAt: at,
      updatedAt: at,
      txId: null,
    };
    sessions.set(s.id, s);
    current = s;
    deps.emitChanged(dto(s));
    return s;
  }

  /** Shows what the tapped card holds and what the operation would leave on it. */
  async function readInto(s: Session, link: CardLink): Promise<void> {
    let read: SvRead;
    try {
      read = await settlement.readChecked(link);
    } catch (error) {
      update(s, { problem: asProblem(error), card: null, state: 'waiting' });
      return;
    }
    const amount = s.amount.amount;
    if (read.kind === 'refused') {
      update(s, {
        problem: asProblem(nfcErrorToTillpointError(read.result.error)),
        card: null,
        state: 'waiting',
      });
      return;
    }
    if (read.kind === 'blank') {
      if (s.kind === 'pay') {
        update(s, {
          problem: asProblem(new TillpointError('card.not_stored_value', 'This card holds no balance yet.')),
          card: null,
          state: 'waiting',
        });
      } else {
        const card = { uid: link.uid, blank: true, balance: m(0), newBalance: m(amount) };
        const over = amount > scheme.maxBalance;
        update(s, {
          card,
          state: over ? 'waiting' : 'ready',
          problem: over
            ? asProblem(new TillpointError('card.balance_limit', 'That is over the card limit.'))
            : null,
        });
      }
      return;
    }
    const planned = planSvWrite(
      uidBytes(link.uid),
      read.state,
      { kind: s.kind === 'pay' ? 'debit' : 'topup', amount, terminalId: deps.terminalId },
      scheme,
    );
    const balance = read.state.active.balance;
    const newBalance = s.kind === 'pay' ? balance - amount : balance + amount;
    update(s, {
      card: { uid: link.uid, blank: false, balance: m(balance), newBalance: m(Math.max(0, newBalance)) },
      state: planned.ok ? 'ready' : 'waiting',
      problem: planned.ok ? null : asProblem(nfcErrorToTillpointError(planned.error)),
    });
  }

  /** The debit or top-up itself: pending row, slot pages, read back, pointer, read back, commit. */
  async function write(s: Session, link: CardLink): Promise<void> {
    const read = await settlement.readChecked(link);
    const uid = uidBytes(link.uid);
    const amount = s.amount.amount;
    const before = read.kind === 'card' ? read.state.active : null;
    if (read.kind === 'refused' || (read.kind === 'blank' && s.kind === 'pay')) return readInto(s, link);
    const shownBalance = s.card?.blank ? 0 : s.card?.balance.amount;
    if ((before?.balance ?? 0) !== shownBalance || (read.kind === 'blank') !== (s.card?.blank ?? false)) {
      // the card changed since it was shown (another till, a repair): show it again before taking money
      return readInto(s, link);
    }
    if (s.kind === 'pay' && s.saleId !== null && deps.sales.amountDue(s.saleId).amount < amount) {
      throw new TillpointError('sale.illegal_transition', 'The sale changed. Start the card payment again.');
    }
    let pages;
    let readBack;
    let pointer;
    let next;
    if (before === null) {
      next = {
        schemeId: scheme.id,
        currency: scheme.currency,
        balance: amount,
        counter: 0,
        terminalId: deps.terminalId,
      };
      pages = issueSvCard(uid, next, scheme);
      readBack = { page: 4, bytes: Uint8Array.of(0x54, 0x50, 0x53, 0x56) };
      pointer = null;
    } else if (read.kind === 'card') {
      const plan = planSvWrite(
        uid,
        read.state,
        { kind: s.kind === 'pay' ? 'debit' : 'topup', amount, terminalId: deps.terminalId },
        scheme,
      );
      if (!plan.ok) return readInto(s, link);
      ({ next } = plan.value);
      pages = plan.value.slotPages;
      readBack = plan.value.readBack;
      pointer = plan.value.pointerPage;
    } else return;

    const at = stamp();
    const tx: SvTransaction = {
      id: randomUUID(),
      cardUid: link.uid,
      schemeId: scheme.id,
      kind: s.kind === 'pay' ? 'debit' : 'topup',
      saleId: s.kind === 'pay' ? s.saleId : null,
      amount,
      currency: scheme.currency,
      balanceBefore: before?.balance ?? 0,
      balanceAfter: next.balance,
      counterBefore: before?.counter ?? -1,
      counterAfter: next.counter,
      state: 'pending',
      tendered: s.tendered?.amount ?? null,
      change: s.change?.amount ?? null,
      terminalId: deps.terminalId,
      createdAt: at,
      updatedAt: at,
    };
    withStoreErrors(file, 'change', () => deps.db.transaction(() => store.insert(tx)).immediate());
    update(s, { state: 'writing', txId: tx.id, problem: null });

    try {
      await writePages(link, pages);
      await verifyWritten(link, readBack.page, readBack.bytes);
    } catch (error) {
      if (tx.kind === 'debit') {
        // nothing live changed: the record sits in the inactive slot (or half of it); the next read repairs it
        withStoreErrors(file, 'change', () => store.setState(tx.id, 'aborted', stamp()));
        update(s, { state: 'waiting', txId: null, card: null, problem: asProblem(error) });
      } else {
        update(s, { state: 'interrupted', problem: asProblem(pendingError(error)) });
      }
      return;
    }
    if (tx.kind === 'topup') settlement.commitTopUp(tx);
    if (pointer) {
      try {
        await link.writePage(pointer.page, pointer.data);
        await verifyWritten(link, pointer.page, pointer.data);
      } catch (error) {
        // Unknown whether the flip landed: the debit stays pending (the sale cannot change) until this card
        // is tapped again; a top-up is committed already and the next tap flips the pointer.
        update(s, { state: 'interrupted', problem: asProblem(pendingError(error)) });
        return;
      }
    }
    if (tx.kind === 'debit') settlement.commitDebit(tx);
  }

  const pendingError = (cause: unknown) =>
    new TillpointError(
      'card.pending',
      'The card was taken away during the write. Tap the same card again to finish.',
      { cause: asProblem(cause) },
    );

  function mustGet(sessionId: string): Session {
    const s = sessions.get(sessionId);
    if (!s) throw new TillpointError('card.session_not_found', 'That card operation has ended. Start again.');
    return s;
  }

  return {
    /** `part`: the part of what is left this card pays (absent: all of it). */
    payBegin(saleId: string, part?: number): Promise<SvSessionDto> {
      if (live(current) && current.kind === 'pay' && current.saleId === saleId)
        return Promise.resolve(dto(current));
      const pending = store.pendingForSale(saleId);
      const left = deps.sales.amountDue(saleId).amount;
      if (!pending && part !== undefined && (part < 1 || part > left)) {
        throw new TillpointError(
          'tender.invalid_amount',
          'That is more than is left to pay on this ticket. Take what is left, or less.',
          { saleId, part, left },
        );
      }
      const amount = pending ? pending.amount : (part ?? left);
      // a pending debit is finished whatever the limits say: its money may be on the card already
      if (!pending) deps.refuseOffline(amount);
      const s = open('pay', saleId, amount, null);
      if (pending) {
        // after a restart: the debit's outcome is on the card, so the cashier is asked for the same card
        update(s, { state: 'interrupted', txId: pending.id, problem: asProblem(pendingError(null)) });
        return Promise.resolve(dto(s));
      }
      return readIfPresent(s);
    },

    topUpBegin(amount: number, tendered: number): Promise<SvSessionDto> {
      return readIfPresent(open('topup', null, amount, tendered));
    },

    async confirm(sessionId: string): Promise<SvSessionDto> {
      const s = mustGet(sessionId);
      if (s.state !== 'ready') {
        throw new TillpointError('card.session_not_found', 'Tap the card first; then confirm.', {
          state: s.state,
        });
      }
      const link = deps.cardOn();
      if (!link)
        throw new TillpointError('nfc.no_card', 'There is no card on the reader. Place the card on it.');
      if (link.uid !== s.card?.uid) {
        throw new TillpointError(
          'card.other_card',
          'That is a different card. Tap the card you started with.',
        );
      }
      // checked again right before the write: the limits (or the hub's policy) may have changed since the tap
      if (s.kind === 'pay') deps.refuseOffline(s.amount.amount);
      await serially(() => write(s, link));
      return dto(s);
    },

    cancel(sessionId: string): SvSessionDto {
      const s = mustGet(sessionId);
      if (s.state === 'writing') {
        throw new TillpointError(
          'card.pending',
          'The card is being written. Keep it on the reader a moment.',
        );
      }
      if (s.state === 'interrupted' && s.kind === 'pay' && s.txId !== null) {
        // the next tap of that card gives the money back if the debit landed
        withStoreErrors(file, 'change', () => store.setState(s.txId as string, 'abandoned', stamp()));
      }
      if (live(s)) update(s, { state: 'cancelled' });
      if (current === s) current = null;
      return dto(s);
    },

    get: (sessionId: string): SvSessionDto => dto(mustGet(sessionId)),

    /**
     * A tap: settles a write this card left unfinished, then feeds the waiting session. Answers false when
     * neither applies (the tap is then a member card, a balance check ...).
     */
    onCard(link: CardLink): Promise<boolean> {
      return serially(async () => {
        const open = store.openForCard(link.uid);
        if (open) await settlement.settle(link, open);
        const s = current;
        if (live(s) && s.state !== 'writing') {
          if (s.state === 'interrupted' && s.txId !== null) {
            // readChecked finishes a committed write whose pointer flip did not land
            await settlement.readChecked(link).catch(() => undefined);
            const tx = store.byId(s.txId);
            if (tx?.state === 'committed') {
              if (live(s)) update(s, { state: 'done', problem: null });
              return true;
            }
            if (tx?.state === 'pending') {
              update(s, {
                problem: asProblem(new TillpointError('card.other_card', 'Tap the card you started with.')),
              });
              return true;
            }
            update(s, { state: 'waiting', txId: null });
          }
          if (s.state === 'waiting' || s.state === 'ready') await readInto(s, link);
          return true;
        }
        return open !== null;
      });
    },

    /** A balance check outside any session: what the card holds, or why it cannot be read. */
    peek: (link: CardLink) => serially(() => settlement.readChecked(link)),

    /**
     * Cancels this sale's card payment while it only waits for a tap or a confirm (a kiosk gives up the
     * basket); answers whether there was one. A write under way or interrupted is left for refuseIfActive.
     */
    cancelPayFor(saleId: string): boolean {
      const s = current;
      if (!live(s) || s.kind !== 'pay' || s.saleId !== saleId) return false;
      if (s.state !== 'waiting' && s.state !== 'ready') return false;
      update(s, { state: 'cancelled' });
      current = null;
      return true;
    },

    /** A sale whose card debit may have landed cannot change: the amount is on the card already. */
    refuseIfActive(saleId: string): void {
      const pending = withStoreErrors(file, 'read', () => store.pendingForSale(saleId));
      const writing = live(current) && current.saleId === saleId && current.state === 'writing';
      if (pending || writing) {
        throw new TillpointError(
          'card.pending',
          'A card payment for this sale is not finished. Tap the same card again to finish it, or cancel it.',
          { saleId },
        );
      }
    },
  };

  async function readIfPresent(s: Session): Promise<SvSessionDto> {
    const link = deps.cardOn();
    if (link) await serially(() => readInto(s, link));
    return dto(s);
  }
}

export type SvService = ReturnType<typeof createSvService>;
