import { randomUUID } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';
import { nfcErrorToTillpointError } from '../../core/nfc-error.js';
import {
  checkCounter,
  issueSvCard,
  planSvWrite,
  SV_POINTER_PAGE,
  type SvCardState,
} from '../../core/stored-value.js';
import type { SaleDto } from '../../shared/dto.js';
import type { CardLink } from '../nfc/nfc-port.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { SvTransaction } from '../store/sv-store.js';
import { readSv, uidBytes, verifyWritten, writePages, type SvRead } from './sv-card-io.js';
import type { SvServiceDeps } from './sv-service.js';

interface SettlementDeps extends SvServiceDeps {
  readonly onDebitCommitted: (tx: SvTransaction, sale: SaleDto) => void;
  readonly onTopUpCommitted: (tx: SvTransaction) => void;
}

const pointerData = (slot: 0 | 1) => Uint8Array.of(1, slot, 0, 0);

/**
 * What the till knows against what the card shows. Every read of a stored-value card goes through
 * readChecked: the counter must not be older than the highest this till has seen (a replay or a clone), a
 * write this till committed whose pointer flip did not land is finished, and a torn inactive slot is
 * repaired. settle() finishes or undoes a write whose outcome was unknown (card pulled, crash), from the
 * card itself: the record in the live slot says whether the write landed.
 */
export function createSvSettlement(deps: SettlementDeps) {
  const { store, scheme, file, log } = deps;
  const stamp = () => deps.now().toISOString();
  const write = <T>(fn: () => T): T =>
    withStoreErrors(file, 'change', () => deps.db.transaction(fn).immediate());

  function recordSeen(uid: string, counter: number, balance: number): void {
    store.recordSeen(
      {
        cardUid: uid,
        schemeId: scheme.id,
        lastCounter: counter,
        lastBalance: balance,
        currency: scheme.currency,
      },
      stamp(),
    );
  }

  async function flipTo(link: CardLink, slot: 0 | 1): Promise<void> {
    await link.writePage(SV_POINTER_PAGE, pointerData(slot));
    await verifyWritten(link, SV_POINTER_PAGE, pointerData(slot));
  }

  /** The live record is the one the pointer names; a record in the other slot with this counter is ours. */
  const matches = (r: { counter: number; balance: number }, tx: SvTransaction) =>
    r.counter === tx.counterAfter && r.balance === tx.balanceAfter;

  async function readChecked(link: CardLink): Promise<SvRead> {
    let read = await readSv(link, scheme);
    if (read.kind !== 'card') return read;
    const seen = withStoreErrors(file, 'read', () => store.seen(link.uid));
    let { state } = read;
    if (seen && state.active.counter < seen.lastCounter) {
      const other = state.inactive;
      if (
        other.valid &&
        other.record.counter === seen.lastCounter &&
        other.record.balance === seen.lastBalance
      ) {
        // this till committed that record (a top-up, a credit-back); its pointer flip never landed: finish it
        log(`stored-value: finishing the pointer flip on ${link.uid} (counter ${seen.lastCounter})`);
        await flipTo(link, state.activeSlot === 0 ? 1 : 0);
        read = await readSv(link, scheme);
        if (read.kind !== 'card') return read;
        state = read.state;
      }
    }
    const counter = checkCounter(state.active.counter, seen?.lastCounter ?? null);
    if (!counter.ok) throw nfcErrorToTillpointError(counter.error);
    if (seen && state.active.counter === seen.lastCounter && state.active.balance !== seen.lastBalance) {
      throw new TillpointError(
        'card.replayed',
        'This card shows a different balance for a change this till has seen (a clone). Keep the card; call a manager.',
        { counter: seen.lastCounter },
      );
    }
    const open = withStoreErrors(file, 'read', () => store.openForCard(link.uid));
    if (state.needsRepair && open === null) await repair(link, state);
    withStoreErrors(file, 'change', () => recordSeen(link.uid, state.active.counter, state.active.balance));
    return { kind: 'card', state };
  }

  /** "The next tap repairs it": the live record copied over a torn or uncommitted inactive slot. */
  async function repair(link: CardLink, state: SvCardState): Promise<void> {
    const plan = planSvWrite(uidBytes(link.uid), state, { kind: 'repair' }, scheme);
    if (!plan.ok) return;
    try {
      await writePages(link, plan.value.slotPages);
      // a torn pointer page (NTAG21x guarantees no tearing protection for user pages) is rewritten too
      if (plan.value.pointerPage)
        await link.writePage(plan.value.pointerPage.page, plan.value.pointerPage.data);
      log(`stored-value: repaired the inactive slot of ${link.uid}`);
    } catch (error) {
      log(`stored-value: repair of ${link.uid} did not finish; the next tap tries again`, String(error));
    }
  }

  function commitTopUp(tx: SvTransaction): void {
    const at = stamp();
    write(() => {
      store.setState(tx.id, 'committed', at);
      recordSeen(tx.cardUid, tx.counterAfter, tx.balanceAfter);
      if (tx.kind === 'topup') {
        // the cash taken goes to the hub like a sale does (the sync client sends the outbox)
        deps.sales.insertOutboxRow(`svcard:${tx.id}`, 'svcard.topup', { ...tx, state: 'committed' }, at);
      }
      deps.sales.appendJournalRow(`svcard.${tx.kind}`, null, { transactionId: tx.id, card: tx.cardUid }, at);
    });
    deps.outboxChanged();
    deps.onTopUpCommitted({ ...tx, state: 'committed' });
  }

  function commitDebit(tx: SvTransaction): void {
    if (tx.saleId === null) throw new Error('a debit pays a sale');
    const { dto } = deps.sales.completeWith(
      tx.saleId,
      (left, currency) => {
        // the card pays what was left when the session began, or the part the cashier asked for
        if (tx.amount > left.amount || currency !== tx.currency) {
          throw new TillpointError('sale.illegal_transition', 'The sale changed while the card was written.');
        }
        return {
          id: randomUUID(),
          method: 'stored-value',
          amount: { amount: tx.amount, currency },
          cardUid: tx.cardUid,
          schemeId: tx.schemeId,
          counter: tx.counterAfter,
          balanceAfter: { amount: tx.balanceAfter, currency },
          cardTransactionId: tx.id,
          createdAt: stamp(),
        };
      },
      (_sale, at) => {
        store.setState(tx.id, 'committed', at);
        recordSeen(tx.cardUid, tx.counterAfter, tx.balanceAfter);
      },
    );
    deps.outboxChanged();
    deps.onDebitCommitted({ ...tx, state: 'committed' }, dto);
  }

  /**
   * A write of value the customer is owed (a credit-back, a top-up being finished): the scheme's balance
   * limit was checked when the money was taken, so it does not refuse it now.
   */
  function planOwed(link: CardLink, state: SvCardState, amount: number) {
    const plan = planSvWrite(
      uidBytes(link.uid),
      state,
      { kind: 'topup', amount, terminalId: deps.terminalId },
      { ...scheme, maxBalance: Number.MAX_SAFE_INTEGER },
    );
    if (!plan.ok) throw nfcErrorToTillpointError(plan.error);
    return plan;
  }

  /** Puts `amount` back on a card whose abandoned debit landed after all. */
  async function creditBack(link: CardLink, debit: SvTransaction, state: SvCardState): Promise<void> {
    const plan = planOwed(link, state, debit.amount);
    const at = stamp();
    const credit: SvTransaction = {
      ...debit,
      id: randomUUID(),
      kind: 'credit-back',
      saleId: null,
      balanceBefore: state.active.balance,
      balanceAfter: plan.value.next.balance,
      counterBefore: state.active.counter,
      counterAfter: plan.value.next.counter,
      state: 'pending',
      tendered: null,
      change: null,
      createdAt: at,
      updatedAt: at,
    };
    // the debit happened on the card; the credit-back is owed from now on, until the card shows it
    write(() => {
      store.setState(debit.id, 'committed', at);
      recordSeen(debit.cardUid, debit.counterAfter, debit.balanceAfter);
      store.insert(credit);
    });
    await finishDelivery(link, credit, state);
  }

  /** Writes a top-up or credit-back record (again) and flips to it: value the customer is owed. */
  async function finishDelivery(link: CardLink, tx: SvTransaction, state: SvCardState | null): Promise<void> {
    if (state === null) {
      // a blank card that a top-up was issuing: issue it again (magic is written last, so this is safe)
      const record = {
        schemeId: scheme.id,
        currency: scheme.currency,
        balance: tx.balanceAfter,
        counter: 0,
        terminalId: deps.terminalId,
      };
      await writePages(link, issueSvCard(uidBytes(link.uid), record, scheme));
      commitTopUp(tx);
      return;
    }
    const other = state.inactive;
    if (!(other.valid && matches(other.record, tx))) {
      const plan = planOwed(link, state, tx.amount);
      await writePages(link, plan.value.slotPages);
      await verifyWritten(link, plan.value.readBack.page, plan.value.readBack.bytes);
    }
    commitTopUp(tx);
    await flipTo(link, state.activeSlot === 0 ? 1 : 0);
  }

  async function settle(link: CardLink, tx: SvTransaction): Promise<void> {
    const read = await readSv(link, scheme);
    if (read.kind === 'refused') throw nfcErrorToTillpointError(read.result.error);
    const state = read.kind === 'card' ? read.state : null;
    const landed = state !== null && matches(state.active, tx);
    const before = state !== null && state.active.counter === tx.counterBefore;
    log(`stored-value: settling ${tx.kind} ${tx.id} on ${link.uid} (${landed ? 'landed' : 'not landed'})`);

    if (tx.kind !== 'debit') {
      // a top-up or credit-back is owed to the customer: finish it whatever the card shows now
      if (landed) commitTopUp(tx);
      else if (before || (state === null && tx.counterBefore === -1)) await finishDelivery(link, tx, state);
      else
        throw new TillpointError('card.replayed', 'This card does not show the change the till expects.', {
          tx: tx.id,
        });
      return;
    }
    const saleOpen = tx.saleId !== null && deps.sales.get(tx.saleId).state === 'open';
    if (tx.state === 'pending' && saleOpen) {
      if (landed) return commitDebit(tx);
      if (before && state !== null && state.inactive.valid && matches(state.inactive.record, tx)) {
        // the record is on the card, only the flip is missing, and the customer confirmed: finish it
        await flipTo(link, state.activeSlot === 0 ? 1 : 0);
        return commitDebit(tx);
      }
    } else if (landed && state !== null) {
      return creditBack(link, tx, state);
    }
    // the debit never became live: nothing was taken
    write(() => store.setState(tx.id, 'aborted', stamp()));
  }

  return { readChecked, settle, commitTopUp, commitDebit };
}
