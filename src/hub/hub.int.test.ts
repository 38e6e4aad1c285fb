import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hubMaxBatchItems,
  hubMaxBodyBytes,
  hubPaths,
  outboxResponse,
  refundIdempotencyKey,
  type ItemResult,
} from '../shared/hub-api.js';
import { issueEnrollCode } from './enroll-code.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { salesReport } from './sales-report.js';
import {
  postJson,
  saleEntry,
  sampleSale,
  sendBatch,
  signedHeaders,
  type Credentials,
} from './hub-test-client.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';

const pgOrReason = await pgBackend();

const results = (body: unknown): ItemResult[] => outboxResponse.parse(body).results;

function hubSuite(makeBackend: () => Backend) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;
  const opened: HubStore[] = [];
  const started: RunningHub[] = [];

  async function enroll(name = 'till 1'): Promise<Credentials> {
    const code = await issueEnrollCode(store);
    const res = await postJson(`${hub.url}${hubPaths.enroll}`, { code, name });
    expect(res.status).toBe(201);
    return res.body as Credentials;
  }

  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    opened.push(store);
    // the report test dates its sales on a fixed day: the hub's date window is widened for this suite
    hub = await startHub({ port: 0, store, limits: { maxPastMs: 20 * 365 * 86_400_000 } });
    started.push(hub);
  });
  afterAll(async () => {
    for (const h of started) await h.close();
    for (const s of opened) await s.close();
    await backend.cleanup();
  });

  describe('enrollment', () => {
    it('is retry-safe: the same code and key get the same terminal and secret; another key is refused', async () => {
      const code = await issueEnrollCode(store);
      const key = randomBytes(32).toString('base64url');
      const first = await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till r', enrollKey: key });
      expect(first.status).toBe(201);
      const again = await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till r', enrollKey: key });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const other = await postJson(`${hub.url}${hubPaths.enroll}`, {
        code,
        name: 'till r',
        enrollKey: randomBytes(32).toString('base64url'),
      });
      expect(other.status).toBe(403);
      expect((await store.terminals()).filter((t) => t.name === 'till r')).toHaveLength(1);
      // a day after the code's use the same code and key no longer give the secret out
      const later = await startHub({ port: 0, store, now: () => Date.now() + 25 * 3600_000 });
      started.push(later);
      const stale = await postJson(`${later.url}${hubPaths.enroll}`, {
        code,
        name: 'till r',
        enrollKey: key,
      });
      expect(stale.status).toBe(403);
    });

    it('gives a terminal its id and secret for a good code, once; the reused code is refused', async () => {
      const code = await issueEnrollCode(store);
      const first = await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till 1' });
      expect(first.status).toBe(201);
      const cred = first.body as Credentials;
      expect(cred.terminalId).toMatch(/^[0-9a-f-]{36}$/);
      expect(cred.secret.length).toBeGreaterThanOrEqual(32);
      const again = await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till 2' });
      expect(again.status).toBe(403);
      expect(again.body).toMatchObject({ error: { code: 'hub.enroll_code_invalid' } });
    });

    it('one code used at once on two hubs of one database enrolls exactly one terminal', async () => {
      const second = await backend.open();
      opened.push(second);
      const other = await startHub({ port: 0, store: second });
      started.push(other);
      const code = await issueEnrollCode(store);
      const replies = await Promise.all(
        [hub, other, hub, other].map((h, i) =>
          postJson(`${h.url}${hubPaths.enroll}`, { code, name: `till ${i}` }),
        ),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([201, 403, 403, 403]);
    });

    it('refuses an unknown code and a malformed request', async () => {
      const unknown = await postJson(`${hub.url}${hubPaths.enroll}`, {
        code: 'AAAA-BBBB-CCCC-DDDD',
        name: 'x',
      });
      expect(unknown.status).toBe(403);
      const malformed = await postJson(`${hub.url}${hubPaths.enroll}`, { code: 1 });
      expect(malformed.status).toBe(400);
    });
  });

  describe('authentication', () => {
    it('refuses an unsigned write and writes nothing', async () => {
      const before = await store.countEntries();
      const res = await postJson(`${hub.url}${hubPaths.outbox}`, { entries: [saleEntry()] });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'hub.unauthenticated' } });
      expect(await store.countEntries()).toBe(before);
    });

    it('refuses a bad signature and an unknown terminal alike', async () => {
      const cred = await enroll();
      const body = JSON.stringify({ entries: [saleEntry()] });
      const wrongKey = signedHeaders({ ...cred, secret: 'not-the-secret' }, 'POST', hubPaths.outbox, body);
      const bad = await postJson(`${hub.url}${hubPaths.outbox}`, body, wrongKey);
      expect(bad.status).toBe(401);
      expect(bad.body).toMatchObject({ error: { code: 'hub.bad_signature' } });
      // a body changed after signing
      const signed = signedHeaders(cred, 'POST', hubPaths.outbox, body);
      const tampered = await postJson(`${hub.url}${hubPaths.outbox}`, body.replace('1250', '1'), signed);
      expect(tampered.status).toBe(401);
      const stranger = { terminalId: '00000000-0000-4000-8000-000000000000', secret: cred.secret };
      const unknown = await sendBatch(hub.url, stranger, { entries: [saleEntry()] });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toMatchObject({ error: { code: 'hub.bad_signature' } });
    });

    it('refuses an expired timestamp with a message telling the operator to fix the clock', async () => {
      const cred = await enroll();
      const res = await sendBatch(hub.url, cred, { entries: [saleEntry()] }, Date.now() - 301_000);
      expect(res.status).toBe(401);
      const error = (res.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('hub.clock_skew');
      expect(error.message).toMatch(/behind the hub's.*Fix the date, time and time zone on the terminal/);
      const ahead = await sendBatch(hub.url, cred, { entries: [saleEntry()] }, Date.now() + 3_600_000);
      expect((ahead.body as { error: { message: string } }).error.message).toMatch(/3600 s ahead/);
    });
  });

  describe('batch ingest', () => {
    it('answers each entry: accepted, duplicate with the first result, conflict, rejected with the reason', async () => {
      const cred = await enroll();
      const sale = sampleSale();
      const first = await sendBatch(hub.url, cred, { entries: [saleEntry(sale)] });
      expect(first.status).toBe(200);
      const [accepted] = results(first.body);
      expect(accepted).toMatchObject({ idempotencyKey: `sale:${sale.id}`, status: 'accepted' });

      const before = await store.countEntries();
      const changed = { ...sale, pointsEarned: 7 };
      const topup = { id: 'tx-1', state: 'committed', amount: 500 };
      const second = await sendBatch(hub.url, cred, {
        entries: [
          // same key, same payload with its keys in another order: still the same entry
          { ...saleEntry(sale), payload: Object.fromEntries(Object.entries(sale).reverse()) },
          saleEntry(changed),
          { idempotencyKey: 'svcard:tx-1', kind: 'svcard.topup', payload: topup, createdAt: sale.createdAt },
          { idempotencyKey: 'x:1', kind: 'till.exploded', payload: {}, createdAt: sale.createdAt },
          { ...saleEntry(), payload: { ...sampleSale(), currency: 'euro' } },
        ],
      });
      expect(second.status).toBe(200);
      const [dup, conflict, top, unknownKind, invalid] = results(second.body);
      expect(dup).toEqual({ ...accepted, status: 'duplicate' });
      expect(conflict).toMatchObject({ idempotencyKey: `sale:${sale.id}`, status: 'conflict' });
      expect(top).toMatchObject({ idempotencyKey: 'svcard:tx-1', status: 'accepted' });
      expect(unknownKind).toMatchObject({ status: 'rejected', reason: 'unknown kind "till.exploded"' });
      expect(invalid).toMatchObject({
        status: 'rejected',
        reason: expect.stringMatching(/currency/) as string,
      });
      // only the top-up was applied; the conflicting sale never was
      expect(await store.countEntries()).toBe(before + 1);
    });

    it('keys are per terminal: another terminal may use the same key', async () => {
      const a = await enroll('till a');
      const b = await enroll('till b');
      const entry = saleEntry();
      const ra = results((await sendBatch(hub.url, a, { entries: [entry] })).body);
      const rb = results((await sendBatch(hub.url, b, { entries: [entry] })).body);
      expect(ra[0]?.status).toBe('accepted');
      expect(rb[0]?.status).toBe('accepted');
    });

    it('answers 400 with reasons for a malformed batch and writes nothing of it', async () => {
      const cred = await enroll();
      const before = await store.countEntries();
      const bad = await sendBatch(hub.url, cred, { entries: [saleEntry(), { idempotencyKey: 'sale:x' }] });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        error: { code: 'hub.bad_request', details: { issues: expect.arrayContaining([]) as unknown[] } },
      });
      const notJson = await postJson(
        `${hub.url}${hubPaths.outbox}`,
        '{"entries": [',
        signedHeaders(cred, 'POST', hubPaths.outbox, '{"entries": ['),
      );
      expect(notJson.status).toBe(400);
      expect(notJson.body).toMatchObject({ error: { code: 'hub.bad_json' } });
      expect((await sendBatch(hub.url, cred, { entries: [] })).status).toBe(400);
      expect(await store.countEntries()).toBe(before);
    });

    it('answers 413 for too many entries or too many bytes and writes nothing of it', async () => {
      const cred = await enroll();
      const before = await store.countEntries();
      const many = Array.from({ length: hubMaxBatchItems + 1 }, () => ({
        idempotencyKey: `svcard:${randomBytes(8).toString('hex')}`,
        kind: 'svcard.topup',
        payload: { id: 'x', state: 'committed' },
        createdAt: new Date().toISOString(),
      }));
      const tooMany = await sendBatch(hub.url, cred, { entries: many });
      expect(tooMany.status).toBe(413);
      expect(tooMany.body).toMatchObject({ error: { code: 'hub.too_many_entries' } });
      const big = { ...saleEntry(), payload: { ...sampleSale(), pad: 'x'.repeat(hubMaxBodyBytes) } };
      const tooBig = await sendBatch(hub.url, cred, { entries: [big] });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toMatchObject({ error: { code: 'hub.too_large' } });
      expect(await store.countEntries()).toBe(before);
    });

    it('two hubs on one database deduplicate the same batch sent to both at once', async () => {
      const second = await backend.open();
      opened.push(second);
      const other = await startHub({ port: 0, store: second });
      started.push(other);
      const cred = await enroll();
      const entries = Array.from({ length: 40 }, () => saleEntry());
      const before = await store.countEntries();
      const [ra, rb] = await Promise.all([
        sendBatch(hub.url, cred, { entries }),
        sendBatch(other.url, cred, { entries }),
      ]);
      expect(ra.status).toBe(200);
      expect(rb.status).toBe(200);
      const a = results(ra.body);
      const b = results(rb.body);
      for (let i = 0; i < entries.length; i++) {
        const pair = [a[i]?.status, b[i]?.status].sort();
        expect(pair).toEqual(['accepted', 'duplicate']);
        expect(a[i]).toMatchObject({ hubSeq: (b[i] as { hubSeq: number }).hubSeq });
      }
      expect(await store.countEntries()).toBe(before + entries.length);
    });
  });

  it('reports sales by terminal, day and tender from what was accepted', async () => {
    const a = await enroll('till a');
    const b = await enroll('till b');
    const cash = sampleSale(1000);
    const wallet = sampleSale(700);
    const at = '2026-03-04T23:30:00.000Z';
    const paidByWallet = {
      ...wallet,
      completedAt: at,
      payments: [
        {
          id: randomUUID(),
          method: 'wallet' as const,
          attemptId: randomUUID(),
          wallet: 'alipay',
          providerId: 'sandbox',
          amount: { amount: 700, currency: 'EUR' },
          createdAt: at,
          confirmation: 'provider' as const,
        },
      ],
    };
    const late = { ...cash, completedAt: at };
    await sendBatch(hub.url, a, { entries: [saleEntry(late), saleEntry(paidByWallet)] });
    await sendBatch(hub.url, b, { entries: [saleEntry({ ...sampleSale(250), completedAt: at })] });
    // a conflicting resend is not counted
    await sendBatch(hub.url, b, { entries: [saleEntry(late)] });
    const utc = await salesReport(store, 'UTC');
    const mine = utc.rows.filter((r) => r.terminalId === a.terminalId || r.terminalId === b.terminalId);
    expect(mine).toEqual([
      {
        terminalId: a.terminalId,
        terminalName: 'till a',
        day: '2026-03-04',
        currency: 'EUR',
        tender: 'cash',
        payments: 1,
        amount: 1000,
        refunds: 0,
        refunded: 0,
      },
      {
        terminalId: a.terminalId,
        terminalName: 'till a',
        day: '2026-03-04',
        currency: 'EUR',
        tender: 'wallet:alipay',
        payments: 1,
        amount: 700,
        refunds: 0,
        refunded: 0,
      },
      {
        terminalId: b.terminalId,
        terminalName: 'till b',
        day: '2026-03-04',
        currency: 'EUR',
        tender: 'cash',
        payments: 2,
        amount: 1250,
        refunds: 0,
        refunded: 0,
      },
    ]);
    expect(utc.refunds).toBe(0);

    // a refund counts on the day the money went back, under the tender the sale was paid with
    const refundId = randomUUID();
    const refunded = await sendBatch(hub.url, a, {
      entries: [
        {
          idempotencyKey: refundIdempotencyKey(refundId),
          kind: 'sale.refunded',
          createdAt: '2026-03-05T01:00:00.000Z',
          payload: {
            id: refundId,
            saleId: late.id,
            state: 'refunded',
            tender: 'cash',
            method: 'cash',
            amount: { amount: 1000, currency: 'EUR' },
            reason: 'wrong size',
            attemptId: null,
            wallet: null,
            providerId: null,
            problem: null,
            pointsReversed: 0,
            createdAt: '2026-03-05T01:00:00.000Z',
            refundedAt: '2026-03-05T01:00:00.000Z',
          },
        },
      ],
    });
    expect(results(refunded.body)[0]?.status).toBe('accepted');
    const withRefund = await salesReport(store, 'UTC');
    expect(withRefund.refunds).toBe(1);
    expect(withRefund.rows.find((r) => r.terminalId === a.terminalId && r.day === '2026-03-05')).toEqual({
      terminalId: a.terminalId,
      terminalName: 'till a',
      day: '2026-03-05',
      currency: 'EUR',
      tender: 'cash',
      payments: 0,
      amount: 0,
      refunds: 1,
      refunded: 1000,
    });
    // a ticket voided with a paid part: the part counts as a payment, its refund as a refund (netting out)
    const voided = {
      ...sampleSale(300),
      state: 'voided' as const,
      number: null,
      completedAt: null,
      voidedAt: '2026-03-06T01:00:00.000Z',
    };
    const voidRefundId = randomUUID();
    const voidedBatch = await sendBatch(hub.url, a, {
      entries: [
        {
          idempotencyKey: `void:${voided.id}`,
          kind: 'sale.voided',
          createdAt: '2026-03-06T01:00:00.000Z',
          payload: { ...voided, createdAt: '2026-03-06T01:00:00.000Z' },
        },
        {
          idempotencyKey: refundIdempotencyKey(voidRefundId),
          kind: 'sale.refunded',
          createdAt: '2026-03-06T01:00:00.000Z',
          payload: {
            id: voidRefundId,
            saleId: voided.id,
            state: 'refunded',
            tender: 'cash',
            method: 'cash',
            amount: { amount: 300, currency: 'EUR' },
            reason: 'Ticket voided',
            attemptId: null,
            wallet: null,
            providerId: null,
            problem: null,
            pointsReversed: 0,
            createdAt: '2026-03-06T01:00:00.000Z',
            refundedAt: '2026-03-06T01:00:00.000Z',
          },
        },
      ],
    });
    expect(results(voidedBatch.body).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const withVoid = await salesReport(store, 'UTC');
    expect(withVoid.sales).toBe(withRefund.sales);
    expect(withVoid.rows.find((r) => r.terminalId === a.terminalId && r.day === '2026-03-06')).toMatchObject({
      payments: 1,
      amount: 300,
      refunds: 1,
      refunded: 300,
    });

    // the same sales in Shanghai belong to the next day
    const shanghai = await salesReport(store, 'Asia/Shanghai');
    expect(shanghai.rows.find((r) => r.terminalId === a.terminalId)?.day).toBe('2026-03-05');
  });

  it('health says which storage answers', async () => {
    const res = await fetch(`${hub.url}${hubPaths.health}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, storage: store.dialect });
  });
}

describe('hub on SQLite', () => hubSuite(sqliteBackend));

const pgBackendOrSkip = pgOrReason;
describe.skipIf(typeof pgBackendOrSkip === 'string')('hub on PostgreSQL', () =>
  hubSuite(() => pgBackendOrSkip as Backend),
);
