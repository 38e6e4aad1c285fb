import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettlementLine } from '../core/reconcile.js';
import { hubPaths } from '../shared/hub-api.js';
import { issueEnrollCode } from './enroll-code.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';
import {
  paymentEntry,
  postJson,
  refundedEntry,
  samplePaymentFinal,
  sendBatch,
  type Credentials,
} from './hub-test-client.js';
import { reconcileDay, reconciliationCsv } from './reconcile-day.js';

/**
 * Settlement reconciliation at the hub, on SQLite and PostgreSQL: payments and refunds reported by a till
 * through the real HTTP API, a provider's day with every kind of mismatch; all found, none invented, the
 * run kept for the report.
 */
const pgOrReason = await pgBackend();
const day = '2026-12-07';
const onDay = '2026-12-07T03:00:00.000Z'; // 11:00 Beijing time

const refundEntry = (attemptId: string, _saleId: string, amount: number) => {
  const entry = refundedEntry({ attemptId, amount, providerId: 'wx', wallet: 'wechat', at: onDay });
  return { entry, id: entry.payload.id };
};

function reconcileSuite(makeBackend: () => Backend) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;
  let till: Credentials;

  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    hub = await startHub({ port: 0, store });
    const code = await issueEnrollCode(store);
    till = (await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till r' })).body as Credentials;
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
    await backend.cleanup();
  });

  it('a day with every mismatch kind: all found, none invented, kept for the report', async () => {
    const pay = (amount: number, extra: Parameters<typeof samplePaymentFinal>[0] = {}) =>
      samplePaymentFinal({
        providerId: 'wx',
        wallet: 'wechat',
        amount: { amount, currency: 'CNY' },
        updatedAt: onDay,
        ...extra,
      });
    const matched = pay(1_200);
    const differs = pay(300);
    const noCapture = pay(400);
    const declined = pay(500, { state: 'declined', reason: { code: 'NOTENOUGH', message: 'x' } });
    const otherProvider = pay(999, { providerId: 'alipay-1', wallet: 'alipay' });
    const refunded = refundEntry(matched.id, matched.saleId, 200);
    const hubOnly = refundEntry(matched.id, matched.saleId, 100);
    const sent = await sendBatch(hub.url, till, {
      entries: [matched, differs, noCapture, declined, otherProvider]
        .map(paymentEntry)
        .concat([refunded.entry, hubOnly.entry] as never[]),
    });
    expect(sent.status).toBe(200);

    const line = (
      kind: 'payment' | 'refund',
      outTradeNo: string,
      amount: number,
      outRefundNo: string | null = null,
    ): SettlementLine => ({
      kind,
      outTradeNo,
      outRefundNo,
      providerTradeNo: `42000${outTradeNo.slice(0, 4)}`,
      amount,
      currency: 'CNY',
      at: onDay,
    });
    const stranger = randomUUID();
    const result = await reconcileDay(store, {
      providerId: 'wx',
      day,
      currency: 'CNY',
      source: 'test',
      now: new Date(),
      lines: [
        line('payment', matched.id, 1_200),
        line('payment', differs.id, 310),
        line('payment', declined.id, 500), // the till thinks declined; the money was taken
        line('payment', stranger, 800), // no sale at all
        line('refund', matched.id, 200, refunded.id),
        line('refund', matched.id, 50, randomUUID()), // refunded at the provider only
      ],
    });
    expect(result.counts).toEqual({
      matched: 2,
      paid_without_sale: 2,
      sale_without_capture: 1,
      amount_differs: 1,
      refund_at_provider_only: 1,
      refund_at_hub_only: 1,
      refund_amount_differs: 0,
    });
    const kinds = new Map(result.findings.map((f) => [`${f.outTradeNo}/${f.outRefundNo ?? ''}`, f.kind]));
    expect(kinds.get(`${noCapture.id}/`)).toBe('sale_without_capture');
    expect(kinds.get(`${declined.id}/`)).toBe('paid_without_sale');
    expect(kinds.get(`${stranger}/`)).toBe('paid_without_sale');
    expect(kinds.get(`${matched.id}/${hubOnly.id}`)).toBe('refund_at_hub_only');
    // the other provider's payment is not this provider's business
    expect(result.findings.some((f) => f.outTradeNo === otherProvider.id)).toBe(false);
    const differing = result.findings.find((f) => f.kind === 'amount_differs')!;
    expect(differing).toMatchObject({
      providerAmount: 310,
      hubAmount: 300,
      terminalId: till.terminalId,
      saleId: differs.saleId,
    });

    const csv = reconciliationCsv(result).split('\r\n');
    expect(csv[0]).toBe(
      'kind,out_trade_no,out_refund_no,provider_amount,hub_amount,currency,provider_trade_no,terminal_id,sale_id',
    );
    expect(csv).toContain(
      `amount_differs,${differs.id},,3.10,3.00,CNY,42000${differs.id.slice(0, 4)},${till.terminalId},${differs.saleId}`,
    );

    // a second run of the day replaces the first
    await reconcileDay(store, {
      providerId: 'wx',
      day,
      currency: 'CNY',
      source: 'again',
      now: new Date(),
      lines: [],
    });
    const runs = await store.reconciliations();
    expect(runs.map((r) => [r.providerId, r.day, r.source])).toEqual([['wx', day, 'again']]);
    expect(JSON.parse(runs[0]!.counts)).toMatchObject({ sale_without_capture: 3, refund_at_hub_only: 2 });
  });
}

describe('reconciliation on SQLite', () => reconcileSuite(sqliteBackend));
describe.skipIf(typeof pgOrReason === 'string')('reconciliation on PostgreSQL', () =>
  reconcileSuite(() => pgOrReason as Backend),
);
