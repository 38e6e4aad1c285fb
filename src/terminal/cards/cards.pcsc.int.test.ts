import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  LONG_PPSE_FCI,
  startCard,
  startPcscd,
  type CardEmulator,
  type PcscdProcess,
} from '../../../e2e/nfc/pcsc-harness.js';
import type { EventName, ParamsOf, ResultOf, MethodName } from '../../shared/contract.js';
import { createDispatcher, newCallSession } from '../../shared/dispatch.js';
import type { NfcTapDto, SvSessionDto } from '../../shared/nfc-dto.js';
import { waitFor } from '../../../e2e/wait-for.js';
import { pcscSkipReason } from '../nfc/pcsc-test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';

/**
 * Membership and stored-value cards through the whole terminal: a real pcscd, the vpcd virtual
 * reader, an emulated NTAG215 / ISO 14443-4 card, and the terminal service on a real SQLite file.
 */
const MEMBER_UID = '04A2240A1B2C80'; // Li Wei, 10 % (assets/demo-members.json)
const SV_UID = '04C0FFEE123480';

const unavailable = await pcscSkipReason();

let pcscd: PcscdProcess;
let card: CardEmulator;
let dir: string;
let terminal: Terminal;
let events: { event: EventName; payload: unknown }[];

beforeAll(async () => {
  if (unavailable) return;
  pcscd = await startPcscd();
});
afterAll(async () => {
  await pcscd?.stop();
});

beforeEach(async () => {
  if (unavailable) return;
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-cards-'));
  card = await startCard();
  await open();
});
afterEach(async () => {
  if (unavailable) return;
  // the card leaves while the till still watches (pcscd and vpcd then start the next test from a clean reader)
  await card?.remove().catch(() => undefined);
  await noCard().catch(() => undefined);
  await terminal?.close();
  await card?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<void> {
  events = [];
  terminal = await openTerminal({
    dataDir: dir,
    nfc: 'pcsc',
    // the demo card key (no stored-value.json here): the emulated cards are written with it
    demo: true,
    log: (l, d) => process.env.CARDS_LOG && console.log('LOG', l, d ?? ''),
  });
  terminal.onEvent((event, payload) => events.push({ event, payload }));
  await until('a reader', async () => (await call('nfc.status', {})).readers.length > 0);
  await noCard();
}

/** pcscd polls every 400 ms: a tap right after a removal it has not seen yet would go unnoticed. */
async function noCard(): Promise<void> {
  await until('no card on any reader', async () =>
    (await call('nfc.status', {})).readers.every((r) => r.card === null),
  );
}

async function removeCard(): Promise<void> {
  await card.remove();
  await noCard();
}

async function call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const handler = terminal.handlers[method] as (p: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
  return handler(params);
}

/** polls `check` (a failure says what it waited for) */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  await waitFor(what, check, { timeoutMs: 8_000 });
}

/** The next event of that name after `from`, matching `match`. */
async function next<T>(event: EventName, match: (p: T) => boolean, from = events.length): Promise<T> {
  let found: T | undefined;
  await until(`a ${event} event`, () => {
    found = events.slice(from).find((e) => e.event === event && match(e.payload as T))?.payload as
      T | undefined;
    return found !== undefined;
  });
  return found as T;
}

const sessionIn = (id: string, state: SvSessionDto['state']) => (s: SvSessionDto) =>
  s.id === id && s.state === state;

async function saleWith(productCount = 1) {
  let sale = await call('sale.start', {});
  const products = await call('catalog.search', { query: '', limit: productCount });
  for (const p of products) sale = await call('sale.addProduct', { saleId: sale.id, productId: p.id });
  return sale;
}

/** Issues a blank NTAG215 with `amount` through a cash top-up. */
async function issueCard(amount: number): Promise<void> {
  const session = await call('svcard.topUpBegin', { amount, tendered: amount });
  await card.tap('ntag215', SV_UID);
  const ready = await next<SvSessionDto>('svcard.changed', sessionIn(session.id, 'ready'));
  expect(ready.card).toMatchObject({ blank: true, newBalance: { amount } });
  const done = await call('svcard.confirm', { sessionId: session.id });
  expect(done.state).toBe('done');
  await removeCard();
}

const dbRows = (sql: string) => {
  const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

describe.skipIf(unavailable !== null)('cards through pcscd', () => {
  test('a member card attaches the member and their discount to the open ticket; the sale earns points', async () => {
    const sale = await saleWith(2);
    const from = events.length;
    await card.tap('ntag215', MEMBER_UID);
    const tap = await next<NfcTapDto>('nfc.tap', (t) => t.kind === 'member', from);
    expect(tap.customer?.name).toBe('Li Wei');
    expect(tap.attachedToSaleId).toBe(sale.id);
    const attached = await call('sale.current', {});
    expect(attached?.customer?.name).toBe('Li Wei');
    expect(attached?.ticketDiscount).toEqual({ kind: 'percent', bps: 1000 });
    expect(attached?.totals.discount.amount).toBeGreaterThan(0);
    const due = attached!.totals.total.amount;
    const done = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: due } });
    expect(done.pointsEarned).toBe(Math.floor(due / 100));
    const members = await call('member.list', {});
    expect(members.find((m) => m.name === 'Li Wei')?.points).toBe(120 + Math.floor(due / 100));
  });

  test('enrolling the card on the reader makes a member whose next tap attaches them', async () => {
    await expect(call('member.enroll', { name: 'Zhang San', discountBps: 500 })).rejects.toMatchObject({
      code: 'nfc.no_card',
    });
    await card.tap('ntag213', '04E1E2E3E4E5E6');
    await until('the card on the reader', async () =>
      (await call('nfc.status', {})).readers.some((r) => r.card !== null),
    );
    const member = await call('member.enroll', { name: 'Zhang San', discountBps: 500 });
    expect(member).toMatchObject({ name: 'Zhang San', cardUid: '04E1E2E3E4E5E6', points: 0 });
    await expect(call('member.enroll', { name: 'Someone Else', discountBps: 0 })).rejects.toMatchObject({
      code: 'invalid_params',
    });
    await removeCard();
    const sale = await saleWith(1);
    const from = events.length;
    await card.retap();
    const tap = await next<NfcTapDto>('nfc.tap', (t) => t.kind === 'member', from);
    expect(tap).toMatchObject({ customer: { name: 'Zhang San' }, attachedToSaleId: sale.id });
    expect((await call('sale.current', {}))?.ticketDiscount).toEqual({ kind: 'percent', bps: 500 });
  });

  test('a staff badge is matched before members: a one-time token, no UID, no member attached; it signs in', async () => {
    // the member card's UID also registered as a staff badge: the badge wins
    await terminal.staff.add({ name: 'Mei Manager', role: 'manager', pin: '2468', badge: MEMBER_UID });
    const sale = await saleWith(1);
    const from = events.length;
    await card.tap('ntag215', MEMBER_UID);
    const tap = await next<NfcTapDto>('nfc.tap', () => true, from);
    expect(tap).toMatchObject({ kind: 'staff-badge', customer: null, attachedToSaleId: null, problem: null });
    // every screen hears nfc.tap, the customer display too: the badge's UID is not in it
    expect(JSON.stringify(events.slice(from))).not.toContain(MEMBER_UID);
    expect((await call('sale.current', {}))?.customer).toBeNull();
    expect(sale.customer).toBeNull();

    const session = newCallSession();
    const dispatch = createDispatcher(terminal.handlers, () => {}, terminal.staffGate);
    const signIn = (badgeTap: string | undefined) =>
      dispatch('staff.signIn', { badgeTap }, { capability: 'full', session });
    expect(await signIn(tap.badgeTap)).toMatchObject({
      ok: true,
      value: { signedIn: { name: 'Mei Manager' } },
    });
    expect(await signIn(tap.badgeTap)).toMatchObject({
      ok: false,
      error: { code: 'staff.badge_tap_expired' },
    });
    // a customer display (read-only) cannot sign in with what it heard
    const display = await dispatch('staff.signIn', { badgeTap: tap.badgeTap }, { capability: 'read' });
    expect(display.ok).toBe(false);
  });

  test('a bank card is sent to the card terminal, with its AIDs and nothing else', async () => {
    const from = events.length;
    await card.tapIso14443_4(LONG_PPSE_FCI);
    const tap = await next<NfcTapDto>('nfc.tap', () => true, from);
    expect(tap.kind).toBe('bank-card');
    expect(tap.problem?.code).toBe('nfc.bank_card');
    expect(tap.applications.map((a) => a.aid)).toContain('A0000000031010');
  });

  test('issue by top-up, pay a sale from the balance, read back the new balance', async () => {
    await issueCard(5_000);
    const sale = await saleWith(1);
    const due = sale.totals.total.amount;
    const session = await call('svcard.payBegin', { saleId: sale.id });
    expect(session.state).toBe('waiting');
    await card.retap();
    const ready = await next<SvSessionDto>('svcard.changed', sessionIn(session.id, 'ready'));
    expect(ready.card).toMatchObject({ balance: { amount: 5_000 }, newBalance: { amount: 5_000 - due } });
    const done = await call('svcard.confirm', { sessionId: session.id });
    expect(done.state).toBe('done');
    expect(done.sale?.state).toBe('completed');
    expect(done.sale?.payments[0]).toMatchObject({
      method: 'stored-value',
      cardUid: SV_UID,
      counter: 1,
      balanceAfter: { amount: 5_000 - due },
    });
    expect(
      dbRows(`SELECT kind, state, counter_before, counter_after FROM sv_transactions ORDER BY created_at`),
    ).toEqual([
      { kind: 'topup', state: 'committed', counter_before: -1, counter_after: 0 },
      { kind: 'debit', state: 'committed', counter_before: 0, counter_after: 1 },
    ]);
    // a balance check outside any session shows what the card now holds
    await removeCard();
    const from = events.length;
    await card.retap();
    const tap = await next<NfcTapDto>('nfc.tap', () => true, from);
    expect(tap).toMatchObject({ kind: 'stored-value', balance: { amount: 5_000 - due } });
  });

  test('not enough balance: a clear problem, nothing written, another tender still possible', async () => {
    await issueCard(100);
    const sale = await saleWith(1);
    const session = await call('svcard.payBegin', { saleId: sale.id });
    await card.retap();
    const seen = await next<SvSessionDto>('svcard.changed', (s) => s.id === session.id && s.problem !== null);
    expect(seen.problem?.code).toBe('card.insufficient_balance');
    await expect(call('svcard.confirm', { sessionId: session.id })).rejects.toMatchObject({
      code: 'card.session_not_found',
    });
    await call('svcard.cancel', { sessionId: session.id });
    const paid = await call('sale.complete', {
      saleId: sale.id,
      tender: { method: 'cash', tendered: sale.totals.total.amount },
    });
    expect(paid.state).toBe('completed');
  });

  test('split tender: a card with too little pays its whole balance as a part; the rest in cash', async () => {
    await issueCard(100);
    const sale = await saleWith(1);
    const due = sale.totals.total.amount;
    expect(due).toBeGreaterThan(100);
    const first = await call('svcard.payBegin', { saleId: sale.id });
    await card.retap();
    const short = await next<SvSessionDto>('svcard.changed', (s) => s.id === first.id && s.problem !== null);
    expect(short.problem?.code).toBe('card.insufficient_balance');
    await call('svcard.cancel', { sessionId: first.id });
    // the card is still on the reader: the part's session reads it at once
    const part = await call('svcard.payBegin', { saleId: sale.id, amount: short.card!.balance.amount });
    const ready =
      part.state === 'ready' ? part : await next<SvSessionDto>('svcard.changed', sessionIn(part.id, 'ready'));
    expect(ready.card).toMatchObject({ balance: { amount: 100 }, newBalance: { amount: 0 } });
    const done = await call('svcard.confirm', { sessionId: part.id });
    expect(done.state).toBe('done');
    const open = await call('sales.get', { saleId: sale.id });
    expect(open).toMatchObject({ state: 'open', remaining: { amount: due - 100 } });
    const paid = await call('sale.payCash', { saleId: sale.id, tendered: due - 100 });
    expect(paid.state).toBe('completed');
    expect(paid.payments.map((p) => [p.method, p.amount.amount])).toEqual([
      ['stored-value', 100],
      ['cash', due - 100],
    ]);
  });

  test('card pulled during the slot write: old balance kept, the next tap repairs it, paying again works once', async () => {
    await issueCard(5_000);
    const sale = await saleWith(1);
    const due = sale.totals.total.amount;
    const session = await call('svcard.payBegin', { saleId: sale.id });
    await card.retap();
    await next<SvSessionDto>('svcard.changed', sessionIn(session.id, 'ready'));
    await card.removeAfterWrites(5);
    const after = await call('svcard.confirm', { sessionId: session.id });
    expect(after.state).toBe('waiting');
    expect(after.problem?.code).toBe('nfc.card_removed');
    await noCard();
    await card.retap();
    const ready = await next<SvSessionDto>('svcard.changed', sessionIn(session.id, 'ready'));
    expect(ready.card?.balance.amount).toBe(5_000);
    const done = await call('svcard.confirm', { sessionId: session.id });
    expect(done.state).toBe('done');
    expect(dbRows(`SELECT state FROM sv_transactions WHERE kind = 'debit' ORDER BY created_at`)).toEqual([
      { state: 'aborted' },
      { state: 'committed' },
    ]);
    expect(done.sale?.payments).toHaveLength(1);
    expect(done.sale?.payments[0]).toMatchObject({ balanceAfter: { amount: 5_000 - due } });
  });

  test('card pulled during the pointer flip: interrupted; the same card again finishes it, charged once', async () => {
    await issueCard(5_000);
    const sale = await saleWith(1);
    const due = sale.totals.total.amount;
    const session = await call('svcard.payBegin', { saleId: sale.id });
    await card.retap();
    await next<SvSessionDto>('svcard.changed', sessionIn(session.id, 'ready'));
    // 16 slot pages, then the pointer page (the 17th write) never arrives
    await card.removeAfterWrites(17);
    const after = await call('svcard.confirm', { sessionId: session.id });
    expect(after.state).toBe('interrupted');
    await expect(call('sale.void', { saleId: sale.id })).rejects.toMatchObject({ code: 'card.pending' });
    await noCard();
    await card.retap();
    const done = await next<SvSessionDto>('svcard.changed', sessionIn(session.id, 'done'));
    expect(done.sale?.state).toBe('completed');
    expect(done.sale?.payments[0]).toMatchObject({ balanceAfter: { amount: 5_000 - due }, counter: 1 });
    expect(dbRows(`SELECT state FROM sv_transactions WHERE kind = 'debit'`)).toEqual([
      { state: 'committed' },
    ]);
  });

  test('a tampered record is refused; an older record put back (a replay) is refused', async () => {
    await issueCard(5_000);
    const before = await card.dump();
    // spend some, so the till has seen counter 1
    const sale = await saleWith(1);
    const session = await call('svcard.payBegin', { saleId: sale.id });
    await card.retap();
    await next<SvSessionDto>('svcard.changed', sessionIn(session.id, 'ready'));
    await call('svcard.confirm', { sessionId: session.id });
    await removeCard();

    // the whole card restored from the dump taken before the payment: counter 0 again
    await card.load(before.pages);
    let from = events.length;
    await card.retap();
    let tap = await next<NfcTapDto>('nfc.tap', () => true, from);
    expect(tap.problem?.code).toBe('card.replayed');
    await removeCard();

    // a byte of the live balance changed (slot 0 holds the live record after the restore: page 7 = balance)
    const page7 = before.pages.slice(7 * 4, 8 * 4);
    page7[3] = (page7[3]! + 1) & 0xff;
    await card.poke(7, page7);
    from = events.length;
    await card.retap();
    tap = await next<NfcTapDto>('nfc.tap', () => true, from);
    expect(tap.problem?.code).toBe('card.tampered');
  });

  test("another scheme's card is refused as such, and its record is left as it was", async () => {
    // a card issued by another shop's till (its own scheme id and key) on this machine's reader
    await terminal.close();
    const otherDir = mkdtempSync(join(tmpdir(), 'tillpoint-cards-other-'));
    const other = await openTerminal({
      dataDir: otherDir,
      nfc: 'pcsc',
      svScheme: { schemeId: 'OTHR', key: 'ab'.repeat(32), currency: 'CNY', maxBalance: 100_000 },
    });
    try {
      const session = await (other.handlers['svcard.topUpBegin']({
        amount: 1_000,
        tendered: 1_000,
      }) as Promise<SvSessionDto>);
      await card.tap('ntag215', SV_UID);
      await until(
        'the top-up session ready',
        async () => (await other.handlers['svcard.get']({ sessionId: session.id })).state === 'ready',
      );
      expect((await other.handlers['svcard.confirm']({ sessionId: session.id })).state).toBe('done');
      await card.remove();
    } finally {
      await other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
    const issued = await card.dump();
    await open();
    const sale = await saleWith(1);
    const session = await call('svcard.payBegin', { saleId: sale.id });
    await card.retap();
    const refused = await next<SvSessionDto>(
      'svcard.changed',
      (s) => s.id === session.id && s.problem !== null,
    );
    expect(refused.problem?.code).toBe('card.wrong_scheme');
    expect((await card.dump()).pages).toEqual(issued.pages);
  });

  test('a crash after the flip: on restart the sale waits for the same card, which settles it once', async () => {
    await issueCard(5_000);
    const sale = await saleWith(1);
    const session = await call('svcard.payBegin', { saleId: sale.id });
    await card.retap();
    await next<SvSessionDto>('svcard.changed', sessionIn(session.id, 'ready'));
    await card.removeAfterWrites(17);
    await call('svcard.confirm', { sessionId: session.id });
    // the flip did not land; put it on the card as if it had (the write reached the card, the answer did not)
    await card.poke(5, '01010000');
    await terminal.close();
    await open();
    await expect(
      call('sale.setQuantity', { saleId: sale.id, lineId: sale.lines[0]!.id, quantity: 3 }),
    ).rejects.toMatchObject({
      code: 'card.pending',
    });
    const resumed = await call('svcard.payBegin', { saleId: sale.id });
    expect(resumed.state).toBe('interrupted');
    await card.retap();
    const done = await next<SvSessionDto>('svcard.changed', sessionIn(resumed.id, 'done'));
    expect(done.sale?.payments).toHaveLength(1);
    expect(dbRows(`SELECT count(*) AS n FROM payments`)).toEqual([{ n: 1 }]);
  });
});
