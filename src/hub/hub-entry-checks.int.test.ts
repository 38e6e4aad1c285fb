import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPaths, outboxResponse, type SaleDtoWire } from '../shared/hub-api.js';
import { issueEnrollCode } from './enroll-code.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';
import {
  paymentEntry,
  postJson,
  saleEntry,
  samplePaymentFinal,
  sampleSale,
  sendBatch,
  type Credentials,
} from './hub-test-client.js';

/**
 * The hub checks what it is told (entry-checks.ts): each rule with a payload that breaks it, on SQLite and
 * PostgreSQL. A refused entry is answered `rejected` with its code (the till parks it with that code: see
 * src/terminal/sync/hub-tls.int.test.ts), and nothing of it is stored: the store's whole text is searched for
 * a marker the bad payload carries.
 */
const pgOrReason = await pgBackend();
if (typeof pgOrReason === 'string') console.log(`hub entry checks on PostgreSQL skipped: ${pgOrReason}`);
const backends: (() => Backend)[] = [sqliteBackend];
if (typeof pgOrReason !== 'string') backends.push(() => pgOrReason);

const m = (amount: number, currency = 'EUR') => ({ amount, currency });
/** a sale of two lines (one with an exclusive tax, one discounted) paid by cash with rounding and a wallet */
function splitSale(marker: string): SaleDtoWire {
  const base = sampleSale(1000);
  const at = base.createdAt;
  const line = base.lines[0]!;
  return {
    ...base,
    id: randomUUID(),
    receiptCode: marker,
    lines: [
      {
        ...line,
        id: randomUUID(),
        quantity: 2,
        unitPrice: m(500),
        gross: m(1000),
        net: m(1000),
        total: m(1000),
      },
      {
        ...line,
        id: randomUUID(),
        unitPrice: m(300),
        gross: m(300),
        lineDiscount: m(50),
        net: m(250),
        taxInclusive: false,
        tax: m(33),
        total: m(283),
      },
    ],
    totals: { subtotal: m(1300), discount: m(50), tax: m(33), taxAdded: m(33), total: m(1283), taxes: [] },
    payments: [
      // 1000 cash covers 1003: the shop wrote 3 off (rounding -3)
      {
        id: randomUUID(),
        method: 'cash',
        amount: m(1000),
        tendered: m(1000),
        change: m(0),
        createdAt: at,
        rounding: m(-3),
      },
      {
        id: randomUUID(),
        method: 'wallet',
        attemptId: randomUUID(),
        wallet: 'alipay',
        providerId: 'sandbox',
        // 250 paid covers 280 with a tender promotion of 30
        amount: m(250),
        createdAt: at,
        confirmation: 'provider',
        promotion: { label: '30 off with Alipay', discount: m(30) },
      },
    ],
  };
}

interface WireEntry {
  idempotencyKey: string;
  kind: string;
  payload: unknown;
  createdAt: string;
}
type Bad = [name: string, code: string, make: (marker: string) => WireEntry];
const day = 86_400_000;
const bad: Bad[] = [
  [
    'lines that do not add up to the total',
    'hub.entry_totals_mismatch',
    (k) => {
      const s = splitSale(k);
      return saleEntry({ ...s, totals: { ...s.totals, total: m(1), subtotal: m(1300) } });
    },
  ],
  [
    'a line whose gross is not quantity x price',
    'hub.entry_totals_mismatch',
    (k) => {
      const s = splitSale(k);
      return saleEntry({ ...s, lines: [{ ...s.lines[0]!, quantity: 3 }, s.lines[1]!] });
    },
  ],
  [
    'payments that do not cover the total',
    'hub.entry_payments_mismatch',
    (k) => {
      const s = splitSale(k);
      return saleEntry({ ...s, payments: s.payments.slice(0, 1) });
    },
  ],
  [
    'a cash payment whose rounding is not accounted for',
    'hub.entry_payments_mismatch',
    (k) => {
      const s = splitSale(k);
      const [cash, wallet] = s.payments;
      return saleEntry({ ...s, payments: [{ ...cash!, rounding: m(0) } as typeof cash & {}, wallet!] });
    },
  ],
  [
    'a negative amount',
    'hub.entry_amount_invalid',
    (k) => {
      const s = sampleSale(-500);
      return saleEntry({ ...s, receiptCode: k });
    },
  ],
  [
    'an amount beyond 2^53 (raw JSON text)',
    'hub.entry_amount_invalid',
    (k) => ({
      ...paymentEntry(samplePaymentFinal({ maskedCode: k })),
      // zod's safe-integer check would refuse it too; the walk finds it in fields no schema names
      payload: { ...samplePaymentFinal({ maskedCode: k }), extra: { n: 2 ** 60 } },
    }),
  ],
  [
    "an amount over the hub's configured maximum",
    'hub.entry_amount_invalid',
    (k) => paymentEntry(samplePaymentFinal({ maskedCode: k, amount: m(5_000_001, 'CNY') })),
  ],
  [
    'an unknown currency',
    'hub.entry_currency_unknown',
    (k) => paymentEntry(samplePaymentFinal({ maskedCode: k, amount: m(100, 'XYZ') })),
  ],
  [
    'a payment in another currency than its sale',
    'hub.entry_currency_mismatch',
    (k) => {
      const s = splitSale(k);
      const [cash, wallet] = s.payments;
      return saleEntry({ ...s, payments: [cash!, { ...wallet!, amount: m(250, 'USD') }] });
    },
  ],
  [
    'a date far in the past',
    'hub.entry_date_out_of_window',
    (k) => {
      const old = new Date(Date.now() - 400 * day).toISOString();
      return saleEntry({ ...splitSale(k), completedAt: old });
    },
  ],
  [
    'a date far in the future',
    'hub.entry_date_out_of_window',
    (k) => ({ ...saleEntry(splitSale(k)), createdAt: new Date(Date.now() + 3 * day).toISOString() }),
  ],
];

describe.each(backends)('the hub checks what it is told', (makeBackend) => {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;
  let cred: Credentials;

  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    hub = await startHub({
      port: 0,
      store,
      limits: { maxAmount: 5_000_000, maxPastMs: 365 * day, maxFutureMs: day, maxDepth: 32 },
    });
    const code = await issueEnrollCode(store);
    const res = await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till' });
    cred = res.body as Credentials;
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
    await backend.cleanup();
  });

  it(`accepts a split sale that adds up (cash rounding, a tender promotion, an exclusive tax)`, async () => {
    const res = await sendBatch(hub.url, cred, { entries: [saleEntry(splitSale(randomUUID()))] });
    expect(outboxResponse.parse(res.body).results[0]).toMatchObject({ status: 'accepted' });
  });

  it.each(bad)('rejects %s with %s and stores nothing of it', async (_name, code, make) => {
    const marker = `marker-${randomUUID()}`;
    const before = await store.countEntries();
    const good = saleEntry(splitSale(randomUUID()));
    const res = await sendBatch(hub.url, cred, { entries: [make(marker), good] });
    expect(res.status).toBe(200);
    const [refused, accepted] = outboxResponse.parse(res.body).results;
    expect(refused).toMatchObject({ status: 'rejected', code });
    expect((refused as { reason: string }).reason.length).toBeGreaterThan(10);
    // one bad entry never blocks the rest
    expect(accepted).toMatchObject({ status: 'accepted' });
    expect(await store.countEntries()).toBe(before + 1);
    expect(await backend.dump()).not.toContain(marker);
  });

  it('answers a 100,000-deep payload 400 hub.entry_too_deep (not 500), and keeps answering', async () => {
    const before = await store.countEntries();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const entry = saleEntry(splitSale(randomUUID()));
    const body = JSON.stringify({ entries: [{ ...entry, payload: { ...entry.payload, deep: 0 } }] }).replace(
      '"deep":0',
      `"deep":${deep}`,
    );
    const res = await sendBatch(hub.url, cred, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'hub.entry_too_deep' } });
    // 33 levels inside a payload: refused too; brackets inside strings count for nothing
    const nested = JSON.parse(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`) as unknown;
    const tooDeep = await sendBatch(hub.url, cred, {
      entries: [{ ...entry, payload: { ...entry.payload, nested } }],
    });
    expect(tooDeep.status).toBe(400);
    const inText = await sendBatch(hub.url, cred, {
      entries: [{ ...entry, payload: { ...entry.payload, receiptCode: '[[[[{{{{'.repeat(20) } }],
    });
    expect(outboxResponse.parse(inText.body).results[0]).toMatchObject({ status: 'accepted' });
    expect(await store.countEntries()).toBe(before + 1);
  });
});
