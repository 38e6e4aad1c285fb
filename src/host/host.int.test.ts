import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TillpointError } from '../core/errors.js';
import { methodNames, type EventName, type Handlers } from '../shared/contract.js';
import { startHost, type HostTerminal, type RunningHost } from './host.js';
import { freshStatus } from '../shared/status-fixture.test-util.js';

/**
 * A real host on 127.0.0.1 with a real `ws` client. The terminal is a small in-test Handlers object so these
 * tests exercise the transport alone; the terminal service has its own integration tests.
 */

const status = freshStatus();

function fakeTerminal() {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const handlers = Object.fromEntries(
    methodNames.map((name) => [
      name,
      () => {
        throw new TillpointError('catalog.unknown_product', `not in this test: ${name}`);
      },
    ]),
  ) as unknown as Handlers;
  handlers['status.get'] = () => status;
  handlers['catalog.search'] = (params) => [
    {
      id: 'p1',
      sku: 'TEA-1',
      name: `Green Tea ${params.query}`,
      barcode: null,
      categoryId: 'c1',
      price: { amount: 350, currency: 'EUR' },
      taxRateId: 't1',
    },
  ];
  handlers['sale.current'] = () => {
    throw new Error('disk on fire');
  };
  const terminal: HostTerminal = {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    terminal,
    emit: (event: EventName, payload: unknown) => listeners.forEach((l) => l(event, payload)),
  };
}

let dir: string;
let host: RunningHost;
let fake: ReturnType<typeof fakeTerminal>;
const logged: string[] = [];
const origin = () => `http://127.0.0.1:${host.port}`;
const wsUrl = (token = host.token) => `ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(token)}`;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-host-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Tillpoint</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(rendererDir, 'assets', 'codec.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
  fake = fakeTerminal();
  logged.length = 0;
  host = await startHost({
    dataDir: path.join(dir, 'data'),
    rendererDir,
    terminal: fake.terminal,
    log: (line) => logged.push(line),
  });
});

afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Raw GET so the path reaches the server exactly as written (fetch would normalise `..`). */
function get(
  rawPath: string,
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a client; resolves with the socket, or with the HTTP status the upgrade was refused with. */
function connect(url: string, headers: Record<string, string> = { Origin: origin() }) {
  return new Promise<{ ws: WebSocket } | { refused: number }>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
    });
    ws.once('error', reject);
  });
}

async function open(): Promise<WebSocket> {
  const c = await connect(wsUrl());
  if (!('ws' in c)) throw new Error(`refused with ${c.refused}`);
  return c.ws;
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
  );
}

async function call(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  const answer = nextFrame(ws);
  ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  return answer;
}

describe('startHost', () => {
  it('binds to 127.0.0.1 and hands out a fragment URL with a 43-character base64url token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses an upgrade without a token, with a wrong token, or from another origin', async () => {
    expect(await connect(`ws://127.0.0.1:${host.port}/api`)).toEqual({ refused: 401 });
    expect(await connect(wsUrl('x'.repeat(43)))).toEqual({ refused: 401 });
    expect(await connect(wsUrl(), { Origin: 'http://evil.example' })).toEqual({ refused: 403 });
    expect(await connect(wsUrl(), { Origin: 'http://localhost:' + host.port })).toEqual({ refused: 403 });
    expect(await connect(wsUrl(), {})).toEqual({ refused: 403 });
    expect(await connect(`ws://127.0.0.1:${host.port}/other?token=${host.token}`)).toEqual({ refused: 404 });
  });

  it('answers a call through the contract', async () => {
    const ws = await open();
    expect(await call(ws, { id: 1, method: 'status.get', params: {} })).toEqual({
      id: 1,
      result: { ok: true, value: status },
    });
    const search = await call(ws, { id: 2, method: 'catalog.search', params: { query: 'x' } });
    expect(search).toMatchObject({ id: 2, result: { ok: true, value: [{ name: 'Green Tea x' }] } });
    ws.close();
  });

  it('answers invalid params with invalid_params and the zod issues', async () => {
    const ws = await open();
    const answer = await call(ws, { id: 3, method: 'catalog.search', params: { query: 42 } });
    expect(answer).toMatchObject({ id: 3, result: { ok: false, error: { code: 'invalid_params' } } });
    const details = (answer.result as { error: { details: { path: unknown[] }[] } }).error.details;
    expect(details[0]?.path).toEqual(['query']);
    ws.close();
  });

  it('answers an unknown method with unknown_method, a handler error with its code, a crash with internal', async () => {
    const ws = await open();
    expect(await call(ws, { id: 4, method: 'drawer.open', params: {} })).toMatchObject({
      id: 4,
      result: { ok: false, error: { code: 'unknown_method' } },
    });
    expect(await call(ws, { id: 5, method: 'sales.list', params: {} })).toMatchObject({
      id: 5,
      result: { ok: false, error: { code: 'catalog.unknown_product' } },
    });
    expect(await call(ws, { id: 6, method: 'sale.current', params: {} })).toMatchObject({
      id: 6,
      result: { ok: false, error: { code: 'internal' } },
    });
    expect(logged).toContain('internal error in sale.current');
    ws.close();
  });

  it('answers garbage frames with invalid_params and id null, and keeps serving', async () => {
    const ws = await open();
    for (const garbage of ['not json', '[1,2]', '{"id":"7","method":"status.get"}', 'null', '{"id":1}']) {
      expect(await call(ws, garbage)).toMatchObject({
        id: null,
        result: { ok: false, error: { code: 'invalid_params' } },
      });
    }
    const binary = nextFrame(ws);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await binary).toMatchObject({ id: null, result: { ok: false } });
    expect(await call(ws, { id: 8, method: 'status.get' })).toMatchObject({ id: 8, result: { ok: true } });
    ws.close();
  });

  it('closes a connection that sends a frame over 256 KiB with 1009, and stays up for others', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 9, method: 'catalog.search', params: { query: 'x'.repeat(300 * 1024) } }));
    expect(await closed).toBe(1009);
    const again = await open();
    expect(await call(again, { id: 10, method: 'status.get' })).toMatchObject({ result: { ok: true } });
    again.close();
  });

  it('broadcasts terminal events to every connected client', async () => {
    const a = await open();
    const b = await open();
    const frames = Promise.all([nextFrame(a), nextFrame(b)]);
    fake.emit('status.changed', { ...status, outboxQueued: 2 });
    expect(await frames).toEqual([
      { event: 'status.changed', payload: { ...status, outboxQueued: 2 } },
      { event: 'status.changed', payload: { ...status, outboxQueued: 2 } },
    ]);
    a.close();
    b.close();
  });

  it('serves the renderer with a strict CSP and correct MIME types', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Tillpoint</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = index.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/codec.wasm')).headers['content-type']).toBe('application/wasm');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('answers only GET and HEAD', async () => {
    const post = await get('/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get('/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const attempt of [
      '/assets/link.txt',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const res = await get(attempt);
      expect(res.status, attempt).toBeGreaterThanOrEqual(400);
      expect(res.body, attempt).not.toContain('do not serve');
    }
  });
});
