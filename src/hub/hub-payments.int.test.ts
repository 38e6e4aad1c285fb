import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPaths, outboxResponse, type ItemResult } from '../shared/hub-api.js';
import { issueEnrollCode } from './enroll-code.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { paymentsReport } from './payments-report.js';
import { salesReport } from './sales-report.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';
import {
  paymentEntry,
  postJson,
  saleEntry,
  samplePaymentFinal,
  sendBatch,
  type Credentials,
} from './hub-test-client.js';

/** payment.final entries: the hub keeps the final state of every payment, on SQLite and on PostgreSQL. */

const pgOrReason = await pgBackend();

/** A day within the hub's date window (it refuses entries dated more than 90 days back): yesterday. */
const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const results = (body: unknown): ItemResult[] => outboxResponse.parse(body).results;

function paymentsSuite(makeBackend: () => Backend) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;

  async function enroll(name: string): Promise<Credentials> {
    const code = await issueEnrollCode(store);
    return (await postJson(`${hub.url}${hubPaths.enroll}`, { code, name })).body as Credentials;
  }

  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    hub = await startHub({ port: 0, store });
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
    await backend.cleanup();
  });

  it('accepts a final state once: a resend is a duplicate, another payload under the key a conflict', async () => {
    const till = await enroll('till p');
    const paid = samplePaymentFinal({ updatedAt: `${day}T10:00:00.123456Z` });
    const [accepted] = results((await sendBatch(hub.url, till, { entries: [paymentEntry(paid)] })).body);
    expect(accepted).toMatchObject({ idempotencyKey: `payment:${paid.id}`, status: 'accepted' });

    const reversed = { ...paid, state: 'reversed' as const, refunded: true };
    const again = await sendBatch(hub.url, till, {
      entries: [
        { ...paymentEntry(paid), payload: Object.fromEntries(Object.entries(paid).reverse()) },
        paymentEntry(reversed),
      ],
    });
    const [dup, conflict] = results(again.body);
    expect(dup).toEqual({ ...accepted, status: 'duplicate' });
    expect(conflict).toMatchObject({ status: 'conflict' });

    const report = await paymentsReport(store, { terminalId: till.terminalId });
    expect(report.payments).toEqual([
      {
        terminalId: till.terminalId,
        terminalName: 'till p',
        attemptId: paid.id,
        saleId: paid.saleId,
        kind: 'customer-code',
        providerId: 'sandbox',
        wallet: 'alipay',
        amount: 1250,
        currency: 'CNY',
        // the first state, never the conflicting one
        state: 'succeeded',
        refunded: false,
        reasonCode: null,
        reasonMessage: null,
        finalAt: `${day}T10:00:00.123Z`,
        hubSeq: (accepted as { hubSeq: number }).hubSeq,
      },
    ]);
  });

  it('rejects a payment.final that is malformed or keyed other than payment:<attemptId>', async () => {
    const till = await enroll('till r');
    const payment = samplePaymentFinal();
    const res = await sendBatch(hub.url, till, {
      entries: [
        { ...paymentEntry(payment), idempotencyKey: `payment:${samplePaymentFinal().id}` },
        paymentEntry({ ...payment, state: 'paying' as never }),
        paymentEntry({ ...payment, amount: { amount: 12.5, currency: 'CNY' } }),
      ],
    });
    const [wrongKey, notFinal, fractional] = results(res.body);
    expect(wrongKey).toMatchObject({
      status: 'rejected',
      reason: `a payment.final entry must be keyed "payment:${payment.id}" (its attempt id)`,
    });
    expect(notFinal).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/state/) as string });
    expect(fractional).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/amount/) as string,
    });
    expect((await paymentsReport(store, { terminalId: till.terminalId })).payments).toEqual([]);
  });

  it('lists final states by terminal and state, oldest first, with totals; the sales report is unchanged', async () => {
    const a = await enroll('till a');
    const b = await enroll('till b');
    const at = (m: number) => `${day}T09:${String(m).padStart(2, '0')}:00.000Z`;
    const declined = samplePaymentFinal({
      state: 'declined',
      updatedAt: at(1),
      reason: { code: 'payment.declined', message: 'Insufficient balance' },
    });
    const refunded = samplePaymentFinal({
      state: 'reversed',
      refunded: true,
      updatedAt: at(3),
      wallet: 'wechat',
    });
    const paidA = samplePaymentFinal({ updatedAt: at(2), amount: { amount: 700, currency: 'CNY' } });
    const paidB = samplePaymentFinal({ updatedAt: at(0), amount: { amount: 300, currency: 'CNY' } });
    await sendBatch(hub.url, a, {
      entries: [paymentEntry(refunded), paymentEntry(declined), paymentEntry(paidA), saleEntry()],
    });
    await sendBatch(hub.url, b, { entries: [paymentEntry(paidB)] });

    const ofA = await paymentsReport(store, { terminalId: a.terminalId });
    expect(ofA.payments.map((p) => [p.attemptId, p.state, p.reasonCode])).toEqual([
      [declined.id, 'declined', 'payment.declined'],
      [paidA.id, 'succeeded', null],
      [refunded.id, 'reversed', null],
    ]);
    expect(ofA.totals).toEqual([
      { currency: 'CNY', state: 'declined', payments: 1, amount: 1250, refunded: 0 },
      { currency: 'CNY', state: 'reversed', payments: 1, amount: 1250, refunded: 1 },
      { currency: 'CNY', state: 'succeeded', payments: 1, amount: 700, refunded: 0 },
    ]);
    const succeeded = await paymentsReport(store, { state: 'succeeded' });
    const mine = succeeded.payments.filter((p) => [a.terminalId, b.terminalId].includes(p.terminalId));
    expect(mine.map((p) => [p.terminalName, p.amount])).toEqual([
      ['till b', 300],
      ['till a', 700],
    ]);
    // payment.final entries are no sales: the sales report counts the one sale
    const sales = await salesReport(store, 'UTC');
    expect(sales.rows.filter((r) => r.terminalId === a.terminalId)).toMatchObject([
      { payments: 1, amount: 1250 },
    ]);
  });

  it('reads the payments report page by page past 500 rows', async () => {
    const till = await enroll('till many');
    const base = Date.parse(`${day}T00:00:00.000Z`);
    const entries = Array.from({ length: 501 }, (_, i) =>
      paymentEntry(samplePaymentFinal({ updatedAt: new Date(base + (i % 7) * 1000).toISOString() })),
    );
    await sendBatch(hub.url, till, { entries: entries.slice(0, 250) });
    await sendBatch(hub.url, till, { entries: entries.slice(250) });
    const report = await paymentsReport(store, { terminalId: till.terminalId });
    expect(report.payments).toHaveLength(501);
    expect(new Set(report.payments.map((p) => p.attemptId)).size).toBe(501);
    const order = report.payments.map((p) => `${p.finalAt} ${p.attemptId}`);
    expect(order).toEqual([...order].sort());
  });
}

describe('payment.final on SQLite', () => paymentsSuite(sqliteBackend));

const pgBackendOrSkip = pgOrReason;
describe.skipIf(typeof pgBackendOrSkip === 'string')('payment.final on PostgreSQL', () =>
  paymentsSuite(() => pgBackendOrSkip as Backend),
);
