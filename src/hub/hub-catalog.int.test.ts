import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  catalogPullResponse,
  hubMaxCatalogPage,
  hubPaths,
  type CatalogPullResponse,
} from '../shared/hub-api.js';
import { parsePublishFile, publishChanges, PublishError } from './catalog-publish.js';
import { issueEnrollCode } from './enroll-code.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore, NewCatalogChange } from './hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';
import { postJson, pullCatalog, signedHeaders, type Credentials } from './hub-test-client.js';

/** Publishing catalog changes and terminals pulling them with a cursor, on SQLite and on PostgreSQL. */

const demoCatalogFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../assets/demo-catalog.json',
);
const demoCatalog = JSON.parse(readFileSync(demoCatalogFile, 'utf8')) as {
  taxRates: unknown[];
  categories: unknown[];
  products: { id: string; price: number }[];
};

const pgOrReason = await pgBackend();

/** `count` config.set changes, tagged so a test can tell its own apart. */
const configChanges = (tag: string, count: number): NewCatalogChange[] =>
  parsePublishFile(
    JSON.stringify(
      Array.from({ length: count }, (_, i) => ({ kind: 'config.set', payload: { key: tag, value: i } })),
    ),
    'test changes',
  );

function catalogSuite(makeBackend: () => Backend) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;
  let cred: Credentials;
  const opened: HubStore[] = [];
  const started: RunningHub[] = [];

  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    opened.push(store);
    hub = await startHub({ port: 0, store });
    started.push(hub);
    const code = await issueEnrollCode(store);
    cred = (await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till 1' })).body as Credentials;
  });
  afterAll(async () => {
    for (const h of started) await h.close();
    for (const s of opened) await s.close();
    await backend.cleanup();
  });

  /** Pulls from `after` until `more` is false; answers every page. */
  async function pullAll(after: string, limit: number, from: RunningHub = hub) {
    const pages: CatalogPullResponse[] = [];
    for (let cursor = after; ;) {
      const res = await pullCatalog(from.url, cred, `?after=${cursor}&limit=${limit}`);
      expect(res.status).toBe(200);
      const page = catalogPullResponse.parse(res.body);
      pages.push(page);
      cursor = page.cursor;
      if (!page.more) return { pages, cursor };
    }
  }

  it('publishes a catalog file; a terminal pulls it in pages with the cursor, then nothing more', async () => {
    const start = String(await store.latestCatalogSeq());
    const changes = parsePublishFile(readFileSync(demoCatalogFile, 'utf8'), demoCatalogFile);
    const published = await publishChanges(store, changes);
    const total = demoCatalog.taxRates.length + demoCatalog.categories.length + demoCatalog.products.length;
    expect(published).toEqual({ published: total, cursor: String(Number(start) + total) });

    const { pages, cursor } = await pullAll(start, 7);
    expect(pages).toHaveLength(Math.ceil(total / 7));
    expect(pages.slice(0, -1).every((p) => p.changes.length === 7 && p.more)).toBe(true);
    expect(cursor).toBe(published.cursor);
    const all = pages.flatMap((p) => p.changes);
    expect(all.map((c) => c.seq)).toEqual(Array.from({ length: total }, (_, i) => Number(start) + i + 1));
    // tax rates and categories come before the products that use them
    expect(all.slice(0, 2).map((c) => c.kind)).toEqual(['taxRate.upsert', 'taxRate.upsert']);
    const first = demoCatalog.products[0];
    expect(all.find((c) => c.kind === 'product.upsert')).toMatchObject({
      payload: { id: first?.id, price: { amount: first?.price, currency: 'CNY' } },
    });

    // pulling again from the cursor: nothing, the same cursor, nothing more
    const again = await pullCatalog(hub.url, cred, `?after=${cursor}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ changes: [], cursor, more: false });
  });

  it('pages are at most hubMaxCatalogPage long without a limit', async () => {
    const start = String(await store.latestCatalogSeq());
    await publishChanges(store, configChanges('page.test', hubMaxCatalogPage + 5));
    const first = catalogPullResponse.parse((await pullCatalog(hub.url, cred, `?after=${start}`)).body);
    expect(first.changes).toHaveLength(hubMaxCatalogPage);
    expect(first.more).toBe(true);
    const rest = catalogPullResponse.parse((await pullCatalog(hub.url, cred, `?after=${first.cursor}`)).body);
    expect(rest.changes).toHaveLength(5);
    expect(rest.more).toBe(false);
  });

  it('refuses an unsigned pull, a bad signature and a query other than the one signed', async () => {
    const unsigned = await fetch(`${hub.url}${hubPaths.catalog}?after=0`);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: 'hub.unauthenticated' } });
    const wrongKey = await pullCatalog(hub.url, { ...cred, secret: 'not-the-secret' }, '?after=0');
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body).toMatchObject({ error: { code: 'hub.bad_signature' } });
    const signedForZero = signedHeaders(cred, 'GET', `${hubPaths.catalog}?after=0`, '');
    const moved = await fetch(`${hub.url}${hubPaths.catalog}?after=1`, { headers: signedForZero });
    expect(moved.status).toBe(401);
    const stale = await pullCatalog(hub.url, cred, '?after=0', Date.now() - 301_000);
    expect(stale.body).toMatchObject({ error: { code: 'hub.clock_skew' } });
    const post = await postJson(`${hub.url}${hubPaths.catalog}`, {});
    expect(post.status).toBe(405);
  });

  it('answers 400 with reasons for a bad cursor or limit, and for a cursor past the latest change', async () => {
    for (const query of [
      '',
      '?after=',
      '?after=abc',
      '?after=-1',
      '?after=1.5',
      '?after=99999999999999999',
      '?after=0&limit=0',
      '?after=0&limit=-3',
      `?after=0&limit=${hubMaxCatalogPage + 1}`,
      '?after=0&limit=ten',
      '?after=0&after=1',
      '?after=0&since=1',
    ]) {
      const res = await pullCatalog(hub.url, cred, query);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ error: { code: 'hub.bad_request' } });
    }
    const res = await pullCatalog(hub.url, cred, '?after=abc');
    expect(res.body).toMatchObject({
      error: { details: { issues: [{ path: 'after', message: expect.stringMatching(/cursor/) as string }] } },
    });
    const latest = await store.latestCatalogSeq();
    const ahead = await pullCatalog(hub.url, cred, `?after=${latest + 10}`);
    expect(ahead.status).toBe(400);
    expect(ahead.body).toMatchObject({
      error: { code: 'hub.cursor_ahead', details: { latest: String(latest) } },
    });
  });

  it('a file that is not valid publishes nothing', async () => {
    const before = await store.latestCatalogSeq();
    const bad = [
      { kind: 'config.set', payload: { key: 'ok', value: 1 } },
      { kind: 'product.upsert', payload: { id: 'p', sku: 'S', name: 'N', barcode: null } },
    ];
    expect(() => parsePublishFile(JSON.stringify(bad), 'bad.json')).toThrow(PublishError);
    expect(await store.latestCatalogSeq()).toBe(before);
    const after = await pullCatalog(hub.url, cred, `?after=${before}`);
    expect(after.body).toEqual({ changes: [], cursor: String(before), more: false });
  });

  it('two publishers on two hub processes at once: a cursor reader never skips a change', async () => {
    // PostgreSQL: publisher a's transactions sleep after taking their first seq, so without the
    // serialization b's later seqs would commit first and a reader would move its cursor past a's
    await backend.sql?.(`
      CREATE FUNCTION slow_publish() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.payload->>'key' LIKE 'slow.%' AND NEW.payload->>'value' = '0' THEN PERFORM pg_sleep(0.1); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER slow_publish BEFORE INSERT ON catalog_changes FOR EACH ROW EXECUTE FUNCTION slow_publish();`);
    const second = await backend.open();
    opened.push(second);
    const other = await startHub({ port: 0, store: second });
    started.push(other);
    const start = await store.latestCatalogSeq();
    const publishes = 8;
    let publishing = true;
    // each publisher runs several publishes at once too, so on PostgreSQL they are on many connections
    const publisher = (s: HubStore, tag: string) =>
      Promise.all(
        Array.from({ length: publishes }, (_, i) => publishChanges(s, configChanges(`${tag}.${i}`, 25))),
      );
    const all = Promise.all([publisher(store, 'slow.a'), publisher(second, 'b')]).finally(() => {
      publishing = false;
    });
    // the reader follows the cursor the way a terminal does, on either hub, while both publish
    const seen: number[] = [];
    let cursor = String(start);
    let reads = 0;
    const read = async () => {
      const from = reads++ % 2 === 0 ? hub : other;
      const page = catalogPullResponse.parse(
        (await pullCatalog(from.url, cred, `?after=${cursor}&limit=40`)).body,
      );
      seen.push(...page.changes.map((c) => c.seq));
      cursor = page.cursor;
      return page.more;
    };
    while (publishing) await read();
    await all;
    while (await read());
    const stored = (await store.catalogAfter(start, 100_000)).map((c) => c.seq);
    expect(stored).toHaveLength(2 * publishes * 25);
    expect(seen).toEqual(stored);
    await backend.sql?.('DROP TRIGGER slow_publish ON catalog_changes; DROP FUNCTION slow_publish();');
  });
}

describe('catalog pull on SQLite', () => catalogSuite(sqliteBackend));

const pgBackendOrSkip = pgOrReason;
describe.skipIf(typeof pgBackendOrSkip === 'string')('catalog pull on PostgreSQL', () =>
  catalogSuite(() => pgBackendOrSkip as Backend),
);
