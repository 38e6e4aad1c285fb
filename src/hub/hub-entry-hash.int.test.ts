import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPaths, outboxResponse, type ItemResult, type SaleDtoWire } from '../shared/hub-api.js';
import { issueEnrollCode } from './enroll-code.js';
import { canonicalJson, sha256Hex } from './hub-crypto.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';
import { postJson, sampleSale, sendBatch, type Credentials } from './hub-test-client.js';

/**
 * The hub hashes each payload's bytes as the till sent them (hash version 2, entry-digest.ts) instead of
 * canonicalising it (version 1, what earlier hubs stored). Exactly-once must not notice: a replay is a
 * duplicate whatever bytes carry the same value, against rows of either version; another value under the
 * same key is a conflict.
 */

const pgOrReason = await pgBackend();

/** One entry as the till's sync client writes it: the stored payload text spliced in verbatim. */
const wire = (sale: SaleDtoWire, payloadText: string, key = `sale:${sale.id}`) =>
  `{"idempotencyKey":${JSON.stringify(key)},"kind":"sale.completed","payload":${payloadText},"createdAt":${JSON.stringify(sale.createdAt)}}`;
const batch = (...entries: string[]) => `{"entries":[${entries.join(',')}]}`;
const results = (body: unknown): ItemResult[] => outboxResponse.parse(body).results;
const reversed = (sale: SaleDtoWire) => JSON.stringify(Object.fromEntries(Object.entries(sale).reverse()));

function suite(makeBackend: () => Backend) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;
  let cred: Credentials;

  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    hub = await startHub({ port: 0, store });
    const code = await issueEnrollCode(store);
    cred = (await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till' })).body as Credentials;
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
    await backend.cleanup();
  });

  it('stores the bytes as sent; the same bytes, or the same value in other bytes, are duplicates', async () => {
    const sale = sampleSale();
    const sent = `{ "id": ${JSON.stringify(sale.id)},${JSON.stringify(sale).slice(1)}`;
    const first = results((await sendBatch(hub.url, cred, batch(wire(sale, sent)))).body);
    expect(first[0]).toMatchObject({ status: 'accepted' });
    const stored = (await store.entriesAfter(0, 1_000)).find((e) => e.idempotencyKey === `sale:${sale.id}`);
    // SQLite keeps the text; PostgreSQL's jsonb the value
    if (store.dialect === 'sqlite') expect(stored?.payload).toBe(sent);
    else expect(JSON.parse(stored!.payload)).toEqual(sale);

    const again = results(
      (await sendBatch(hub.url, cred, batch(wire(sale, sent), wire(sale, reversed(sale))))).body,
    );
    expect(again).toEqual([
      { ...first[0], status: 'duplicate' },
      { ...first[0], status: 'duplicate' },
    ]);
  });

  it('another value under a key is a conflict, in the same batch or later, and changes nothing', async () => {
    const sale = sampleSale();
    const changed = JSON.stringify({ ...sale, pointsEarned: 7 });
    const before = await store.countEntries();
    const first = results(
      (await sendBatch(hub.url, cred, batch(wire(sale, JSON.stringify(sale)), wire(sale, changed)))).body,
    );
    expect(first.map((r) => r.status)).toEqual(['accepted', 'conflict']);
    const later = results((await sendBatch(hub.url, cred, batch(wire(sale, changed)))).body);
    expect(later).toEqual([expect.objectContaining({ status: 'conflict' })]);
    expect(await store.countEntries()).toBe(before + 1);
  });

  it('a row an earlier hub stored (canonical text, version 1 hash) is recognised in any bytes', async () => {
    const sale = sampleSale();
    const canonical = canonicalJson(sale);
    const [old] = await store.ingest(
      cred.terminalId,
      [
        {
          idempotencyKey: `sale:${sale.id}`,
          kind: 'sale.completed',
          payload: canonical,
          payloadSha256: sha256Hex(Buffer.from(`sale.completed\n${canonical}`)),
          createdAt: sale.createdAt,
        },
      ],
      new Date(),
    );
    expect(old).toMatchObject({ status: 'accepted' });
    const resent = results(
      (await sendBatch(hub.url, cred, batch(wire(sale, JSON.stringify(sale)), wire(sale, canonical)))).body,
    );
    expect(resent.map((r) => [r.status, 'hubSeq' in r && r.hubSeq])).toEqual([
      ['duplicate', 'hubSeq' in old! && old.hubSeq],
      ['duplicate', 'hubSeq' in old! && old.hubSeq],
    ]);
    const changed = results(
      (await sendBatch(hub.url, cred, batch(wire(sale, JSON.stringify({ ...sale, number: 99 }))))).body,
    );
    expect(changed).toEqual([expect.objectContaining({ status: 'conflict' })]);
  });

  it('bytes it cannot vouch for (an escaped key) are stored canonical, and still deduplicated', async () => {
    const sale = sampleSale();
    const escaped = (text: string) =>
      `{"idempotencyKey":${JSON.stringify(`sale:${sale.id}`)},"kind":"sale.completed","pay\\u006coad":${text},"createdAt":${JSON.stringify(sale.createdAt)}}`;
    const first = results((await sendBatch(hub.url, cred, batch(escaped(reversed(sale))))).body);
    expect(first[0]).toMatchObject({ status: 'accepted' });
    if (store.dialect === 'sqlite') {
      const stored = (await store.entriesAfter(0, 1_000)).find((e) => e.idempotencyKey === `sale:${sale.id}`);
      expect(stored?.payload).toBe(canonicalJson(sale));
    }
    const again = results(
      (await sendBatch(hub.url, cred, batch(wire(sale, reversed(sale)), escaped(JSON.stringify(sale))))).body,
    );
    expect(again).toEqual([
      { ...first[0], status: 'duplicate' },
      { ...first[0], status: 'duplicate' },
    ]);
  });
}

describe('entry hashes on SQLite', () => suite(sqliteBackend));

const pgBackendOrSkip = pgOrReason;
describe.skipIf(typeof pgBackendOrSkip === 'string')('entry hashes on PostgreSQL', () =>
  suite(() => pgBackendOrSkip as Backend),
);
