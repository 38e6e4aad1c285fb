import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPaths } from '../shared/hub-api.js';
import { issueEnrollCode } from './enroll-code.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';
import { postJson, saleEntry, sampleSale, sendBatch, type Credentials } from './hub-test-client.js';
import { salesReport } from './sales-report.js';

/**
 * Bill payments at the hub: a till's ticket that paid a utility bill (its one line `bill:<id>` at the 0 %
 * 'bill-collected' rate) is accepted like any sale, and the report puts it under "Bill payments collected",
 * not under sales. The tender rows keep its money (it came through the till's tenders).
 */
const pgOrReason = await pgBackend();

function billTicket(amount: number) {
  const sale = sampleSale(amount);
  const line = sale.lines[0];
  if (!line) throw new Error('sampleSale has a line');
  return {
    ...sale,
    lines: [
      { ...line, productId: `bill:${randomUUID()}`, sku: 'BILL-city-water', taxRateId: 'bill-collected' },
    ],
  };
}

function billSuite(makeBackend: () => Backend) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;
  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    hub = await startHub({ port: 0, store, limits: { maxPastMs: 20 * 365 * 86_400_000 } });
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
    await backend.cleanup();
  });

  it('reports bill payments on their own line, not as sales', async () => {
    const code = await issueEnrollCode(store);
    const cred = (await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'bills till' }))
      .body as Credentials;
    const at = '2026-12-07T03:00:00.000Z';
    const goods = { ...sampleSale(1000), completedAt: at };
    const bills = [
      { ...billTicket(4560), completedAt: at },
      { ...billTicket(9064), completedAt: at },
    ];
    const reply = await sendBatch(hub.url, cred, { entries: [goods, ...bills].map((s) => saleEntry(s)) });
    expect(reply.status).toBe(200);
    const report = await salesReport(store, 'UTC');
    const mine = report.billPayments.filter((r) => r.terminalName === 'bills till');
    expect(mine).toEqual([
      {
        terminalId: expect.any(String),
        terminalName: 'bills till',
        day: '2026-12-07',
        currency: 'EUR',
        count: 2,
        amount: 4560 + 9064,
      },
    ]);
    const before = report.sales;
    const cash = report.rows.find((r) => r.terminalName === 'bills till' && r.tender === 'cash');
    expect(cash).toMatchObject({ payments: 3, amount: 1000 + 4560 + 9064 });
    // one more bill ticket: bill payments grow, sales do not
    await sendBatch(hub.url, cred, { entries: [saleEntry({ ...billTicket(100), completedAt: at })] });
    const after = await salesReport(store, 'UTC');
    expect(after.sales).toBe(before);
    expect(after.billPayments.find((r) => r.terminalName === 'bills till')?.count).toBe(3);
  });
}

describe('hub bill payments on SQLite', () => billSuite(sqliteBackend));
const pg = pgOrReason;
describe.skipIf(typeof pg === 'string')('hub bill payments on PostgreSQL', () =>
  billSuite(() => pg as Backend),
);
