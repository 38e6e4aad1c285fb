import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueEnrollCode } from '../../src/hub/enroll-code.js';
import { startHub } from '../../src/hub/hub-server.js';
import { postJson, saleEntry, sendBatch, type Credentials } from '../../src/hub/hub-test-client.js';
import { openSqliteHubStore } from '../../src/hub/sqlite-store.js';
import { hubPaths, outboxResponse } from '../../src/shared/hub-api.js';
import { waitFor } from '../wait-for.js';
import { startFaultProxy, type FaultPlan, type FaultProxy } from './fault-proxy.js';

/** What the upstream saw of one request. */
interface Seen {
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  bytes: number;
  /** the whole body arrived and the upstream "committed" (answered) */
  committed: boolean;
  readonly arrivedAt: number;
  closed: Promise<void>;
}

/** A real upstream on 127.0.0.1 that commits a request only once its whole body arrived. */
async function startUpstream() {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let markClosed = () => undefined as void;
    const s: Seen = {
      url: req.url ?? '',
      headers: req.headers,
      bytes: 0,
      committed: false,
      arrivedAt: Date.now(),
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
    };
    seen.push(s);
    req.on('data', (c: Buffer) => (s.bytes += c.length));
    req.on('error', () => undefined);
    req.on('close', () => markClosed());
    req.on('end', () => {
      s.committed = true;
      const body = JSON.stringify({ ok: true, bytes: s.bytes });
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** One request on a fresh connection; rejects with the socket's error (its `code` is what a client sees). */
function request(url: string, body = '', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/v1/outbox`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, at: Date.now() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The error code a failed request ended with, or 'ok <status>'. */
const outcome = (p: Promise<Answer>) =>
  p.then(
    (a) => `ok ${a.status}`,
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );

const body = JSON.stringify({
  entries: Array.from({ length: 200 }, (_, i) => ({ n: i, pad: 'x'.repeat(50) })),
});

let upstream: Awaited<ReturnType<typeof startUpstream>>;
const proxies: FaultProxy[] = [];
async function proxy(plan?: FaultPlan, seed?: number) {
  const p = await startFaultProxy({ target: upstream.url, ...(seed === undefined ? {} : { seed }) });
  proxies.push(p);
  if (plan !== undefined) await p.setPlan(plan);
  return p;
}

beforeAll(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
  upstream.seen.length = 0;
});
afterAll(() => upstream.close());

describe('fault proxy', () => {
  it('pass forwards path, headers and body, and brings back the upstream answer', async () => {
    const p = await proxy();
    const a = await request(p.url, body, { 'x-signature': 'abc' });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toEqual({ ok: true, bytes: Buffer.byteLength(body) });
    expect(a.headers['x-upstream']).toBe('yes');
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]).toMatchObject({ url: '/v1/outbox', committed: true });
    expect(upstream.seen[0]?.headers['x-signature']).toBe('abc');
    expect(p.stats()).toMatchObject({ requests: 1, byFault: { pass: 1 } });
  });

  it('status answers 5xx with Retry-After itself; the upstream never sees the request', async () => {
    const p = await proxy({ mode: 'fixed', fault: { kind: 'status', status: 503, retryAfterS: 7 } });
    const a = await request(p.url, body);
    expect(a.status).toBe(503);
    expect(a.headers['retry-after']).toBe('7');
    expect(JSON.parse(a.body)).toMatchObject({ error: { code: 'proxy.injected' } });
    const b = await request(p.url, body);
    expect(b.status).toBe(503);
    expect(upstream.seen).toHaveLength(0);
    expect(p.stats().byFault.status).toBe(2);
  });

  it('drop-reply: the upstream gets the whole request and commits, the client gets a reset', async () => {
    const p = await proxy({ mode: 'fixed', fault: { kind: 'drop-reply' } });
    await expect(request(p.url, body)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]).toMatchObject({ committed: true, bytes: Buffer.byteLength(body) });
    expect(p.stats().byFault['drop-reply']).toBe(1);
  });

  it('reset-mid-body: the upstream gets part of the body and then an early end, never a whole body', async () => {
    const p = await proxy({ mode: 'fixed', fault: { kind: 'reset-mid-body' } });
    const failed = await outcome(request(p.url, body));
    expect(['ECONNRESET', 'EPIPE']).toContain(failed);
    await expect.poll(() => upstream.seen.length).toBe(1);
    const s = upstream.seen[0]!;
    await s.closed;
    expect(s.committed).toBe(false);
    expect(s.bytes).toBeGreaterThan(0);
    expect(s.bytes).toBeLessThan(Buffer.byteLength(body));

    await p.setPlan({ mode: 'fixed', fault: { kind: 'reset-mid-body', afterBytes: 10 } });
    await outcome(request(p.url, body));
    await expect.poll(() => upstream.seen.length).toBe(2);
    await upstream.seen[1]!.closed;
    expect(upstream.seen[1]).toMatchObject({ committed: false, bytes: 10 });
  });

  it('latency delays the request before forwarding and the answer after the upstream replied', async () => {
    const p = await proxy({ mode: 'fixed', fault: { kind: 'latency', beforeMs: 150 } });
    const sentAt = Date.now();
    const a = await request(p.url, body);
    expect(a.status).toBe(200);
    expect(upstream.seen[0]!.arrivedAt - sentAt).toBeGreaterThanOrEqual(140);

    await p.setPlan({ mode: 'fixed', fault: { kind: 'latency', afterMs: 150 } });
    const sent2 = Date.now();
    const b = await request(p.url, body);
    expect(upstream.seen[1]!.arrivedAt - sent2).toBeLessThan(100);
    expect(b.at - upstream.seen[1]!.arrivedAt).toBeGreaterThanOrEqual(140);
    expect(p.stats().byFault.latency).toBe(2);
  });

  it('a refuse outage closes the port (ECONNREFUSED) and reopens the same port when it ends', async () => {
    const p = await proxy();
    expect((await request(p.url, body)).status).toBe(200);
    await p.setPlan({ mode: 'outage', how: 'refuse' });
    await expect(request(p.url, body)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await p.setPlan({ mode: 'fixed', fault: { kind: 'pass' } });
    expect((await request(p.url, body)).status).toBe(200);

    await p.setPlan({ mode: 'outage', how: 'refuse', forMs: 200 });
    await expect(request(p.url, body)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // refused (ECONNREFUSED, retried) until the outage ends and the port listens again
    const after = await waitFor(
      'the port to listen again after a 200 ms outage',
      () => request(p.url, body),
      {
        timeoutMs: 5_000,
      },
    );
    expect(after.status).toBe(200);
    expect(upstream.seen).toHaveLength(3);
  });

  it('a refuse outage cuts keep-alive connections that were open when it began', async () => {
    const p = await proxy();
    const agent = new http.Agent({ keepAlive: true });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${p.url}/x`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get()).toBe(200);
    await p.setPlan({ mode: 'outage', how: 'refuse' });
    await expect(get()).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|ECONNRESET/) });
    agent.destroy();
  });

  it('a destroy outage accepts connections and resets them at once', async () => {
    const p = await proxy({ mode: 'outage', how: 'destroy' });
    await expect(request(p.url, body)).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(request(p.url, body)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(upstream.seen).toHaveLength(0);
    expect(p.stats()).toMatchObject({ outageDestroyed: 2, requests: 0 });
    await p.setPlan({ mode: 'fixed', fault: { kind: 'pass' } });
    expect((await request(p.url, body)).status).toBe(200);
  });

  it('a sequence plan gives each request its fault in order, then its `then`', async () => {
    const p = await proxy({
      mode: 'sequence',
      faults: [{ kind: 'status', status: 500 }, { kind: 'drop-reply' }],
      then: { mode: 'fixed', fault: { kind: 'status', status: 502 } },
    });
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await outcome(request(p.url, body)));
    expect(got).toEqual(['ok 500', 'ECONNRESET', 'ok 502', 'ok 502']);
    expect(p.stats().history).toEqual(['status', 'drop-reply', 'status', 'status']);
  });

  it('a weighted plan with the same seed replays the same faults; another seed does not', async () => {
    const plan: FaultPlan = {
      mode: 'weighted',
      weights: [
        { fault: { kind: 'pass' }, weight: 3 },
        { fault: { kind: 'status', status: 503 }, weight: 2 },
        { fault: { kind: 'drop-reply' }, weight: 1 },
        { fault: { kind: 'reset-mid-body' }, weight: 1 },
      ],
    };
    async function run(seed: number) {
      const p = await proxy(plan, seed);
      const outcomes: string[] = [];
      for (let i = 0; i < 40; i++) {
        const o = await outcome(request(p.url, body));
        outcomes.push(o === 'EPIPE' ? 'ECONNRESET' : o);
      }
      return { outcomes, stats: p.stats() };
    }
    const a = await run(42);
    const b = await run(42);
    const c = await run(7);
    expect(a.stats.seed).toBe(42);
    expect(b.stats.history).toEqual(a.stats.history);
    expect(b.outcomes).toEqual(a.outcomes);
    expect(c.stats.history).not.toEqual(a.stats.history);
    expect(new Set(a.stats.history).size).toBe(4);
    const counts = a.stats.byFault;
    expect(counts.pass + counts.status + counts['drop-reply'] + counts['reset-mid-body']).toBe(40);
    expect(a.stats.requests).toBe(40);

    // `seed` in the plan restarts the sequence on a running proxy
    const p = await proxy();
    await p.setPlan({ ...plan, seed: 42 });
    for (let i = 0; i < 40; i++) await outcome(request(p.url, body));
    expect(p.stats().history).toEqual(a.stats.history);
  });

  it('in front of the real hub: a dropped reply was committed, so the re-send is a duplicate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tillpoint-fault-proxy-'));
    const store = openSqliteHubStore(path.join(dir, 'hub.db'));
    const hub = await startHub({ port: 0, store });
    try {
      const p = await startFaultProxy({ target: hub.url });
      proxies.push(p);
      const code = await issueEnrollCode(store);
      const cred = (await postJson(`${p.url}${hubPaths.enroll}`, { code, name: 'till 1' }))
        .body as Credentials;
      const batch = { entries: [saleEntry(), saleEntry()] };
      await p.setPlan({ mode: 'fixed', fault: { kind: 'drop-reply' } });
      await expect(sendBatch(p.url, cred, batch)).rejects.toThrow();
      expect(await store.countEntries()).toBe(2);
      await p.setPlan({ mode: 'fixed', fault: { kind: 'reset-mid-body' } });
      await expect(sendBatch(p.url, cred, { entries: [saleEntry()] })).rejects.toThrow();
      await p.setPlan({ mode: 'fixed', fault: { kind: 'pass' } });
      const again = await sendBatch(p.url, cred, batch);
      expect(outboxResponse.parse(again.body).results.map((r) => r.status)).toEqual([
        'duplicate',
        'duplicate',
      ]);
      expect(await store.countEntries()).toBe(2);
    } finally {
      await hub.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
