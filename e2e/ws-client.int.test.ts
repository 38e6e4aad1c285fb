import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { TillpointError } from '../src/core/errors.js';
import { methodNames, type EventName, type Handlers } from '../src/shared/contract.js';
import { startHost, type HostTerminal, type RunningHost } from '../src/host/host.js';
import { connectWebSocketApi, type WebSocketApi } from '../src/renderer/api/ws-client.js';
import { freshStatus } from '../src/shared/status-fixture.test-util.js';

/**
 * The browser client against the real host on 127.0.0.1. Node 20 has no global WebSocket, so the test hands
 * the client the `ws` package's WebSocket (same event-handler API) with the Origin header a browser would send.
 */

const status = freshStatus();

let dir: string;
let host: RunningHost | undefined;
let api: WebSocketApi | undefined;
let emit: (event: EventName, payload: unknown) => void = () => undefined;
let stall: Promise<never> = new Promise(() => undefined);

function terminal(): HostTerminal {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  emit = (event, payload) => listeners.forEach((l) => l(event, payload));
  const handlers = Object.fromEntries(
    methodNames.map((name) => [
      name,
      () => {
        throw new TillpointError('sale.not_found', `not in this test: ${name}`);
      },
    ]),
  ) as unknown as Handlers;
  handlers['status.get'] = () => status;
  // A call that never answers, to be cut off by a dropped connection.
  handlers['sale.current'] = () => stall;
  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const start = (port = 0, token?: string) =>
  startHost({ port, token, dataDir: dir, rendererDir: path.join(dir, 'renderer'), terminal: terminal() });

function client(h: RunningHost, connectTimeoutMs?: number): WebSocketApi {
  const origin = `http://127.0.0.1:${h.port}`;
  return connectWebSocketApi({
    url: `ws://127.0.0.1:${h.port}/api`,
    token: h.token,
    connectTimeoutMs,
    createSocket: (url) => new NodeWebSocket(url, { headers: { Origin: origin } }) as unknown as WebSocket,
  });
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-wsclient-'));
  stall = new Promise(() => undefined);
});

afterEach(async () => {
  api?.close();
  api = undefined;
  await host?.close();
  host = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('connectWebSocketApi', () => {
  it('has one function per contract method plus on', () => {
    const bare = connectWebSocketApi({
      url: 'ws://127.0.0.1:9/api',
      token: 't',
      createSocket: () => ({ close() {}, send() {} }) as unknown as WebSocket,
    });
    for (const name of methodNames) expect(typeof bare[name], name).toBe('function');
    expect(typeof bare.on).toBe('function');
    bare.close();
  });

  it('queues calls made before the socket opens and answers them', async () => {
    host = await start();
    api = client(host);
    const [a, b] = await Promise.all([api['status.get']({}), api['catalog.search']({ query: 'tea' })]);
    expect(a).toEqual({ ok: true, value: status });
    expect(b).toMatchObject({ ok: false, error: { code: 'sale.not_found' } });
  });

  it('passes host validation errors through unchanged', async () => {
    host = await start();
    api = client(host);
    const answer = await api['catalog.search']({ query: 7 as unknown as string });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
  });

  it('delivers events to listeners until they unsubscribe', async () => {
    host = await start();
    api = client(host);
    await api['status.get']({});
    const seen: unknown[] = [];
    const off = api.on('status.changed', (payload) => seen.push(payload.outboxQueued));
    const first = new Promise<void>((resolve) => api?.on('status.changed', () => resolve()));
    emit('status.changed', { ...status, outboxQueued: 3 });
    await first;
    off();
    emit('status.changed', { ...status, outboxQueued: 4 });
    await api['status.get']({});
    expect(seen).toEqual([3]);
  });

  it('answers an in-flight call with transport.disconnected when the host drops, then reconnects', async () => {
    host = await start();
    const { port, token } = host;
    api = client(host);
    await api['status.get']({});
    const inFlight = api['sale.current']({});
    await new Promise((r) => setTimeout(r, 50));
    await host.close();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'transport.disconnected' } });
    host = await start(port, token);
    expect(await api['status.get']({})).toEqual({ ok: true, value: status });
  });

  it('answers transport.disconnected when no host answers within the connect timeout', async () => {
    host = await start();
    const { port } = host;
    await host.close();
    host = undefined;
    api = connectWebSocketApi({
      url: `ws://127.0.0.1:${port}/api`,
      token: 'nope',
      connectTimeoutMs: 300,
      createSocket: (url) => new NodeWebSocket(url) as unknown as WebSocket,
    });
    expect(await api['status.get']({})).toMatchObject({
      ok: false,
      error: { code: 'transport.disconnected' },
    });
  });

  it('refuses a request larger than the host accepts without dropping the connection', async () => {
    host = await start();
    api = client(host);
    const big = await api['catalog.search']({ query: 'x'.repeat(300 * 1024) });
    expect(big).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(await api['status.get']({})).toMatchObject({ ok: true });
  });
});
