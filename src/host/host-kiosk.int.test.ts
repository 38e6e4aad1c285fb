import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TillpointError } from '../core/errors.js';
import { methodNames, type EventName, type Handlers } from '../shared/contract.js';
import { forbiddenMessage, kioskForbiddenMessage } from '../shared/dispatch.js';
import { newHostToken, startHost, type HostTerminal, type RunningKioskHost } from './host.js';

/**
 * The host in kiosk mode, on 127.0.0.1 with a real `ws` client: a kiosk token bound to the 'kiosk'
 * capability, the customer display's read-only token, and no cashier token at all. The terminal is a small
 * in-test Handlers object so the transport's binding is what is tested (the dispatcher's table decides).
 */

const saleId = '6f1c2a4e-0b7d-4c55-9a3e-2d8f1e0c9b71';

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
  let releaseSlow: () => void = () => undefined;
  handlers['sale.start'] = () => ({ id: saleId }) as never;
  handlers['kiosk.status'] = () => ({ idleS: 60 }) as never;
  // an admin exit that takes a while: close() must still let its answer out
  handlers['kiosk.adminExit'] = () =>
    new Promise((resolve) => {
      releaseSlow = () => resolve({ idleS: 60 } as never);
    });
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
    releaseSlow: () => releaseSlow(),
  };
}

let dir: string;
let host: RunningKioskHost;
let fake: ReturnType<typeof fakeTerminal>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-host-kiosk-'));
  fake = fakeTerminal();
  host = await startHost({
    kiosk: true,
    dataDir: dir,
    rendererDir: path.join(dir, 'renderer'),
    terminal: fake.terminal,
    log: () => undefined,
  });
});

afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const wsUrl = (token: string) => `ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(token)}`;

function connect(token: string) {
  return new Promise<{ ws: WebSocket } | { refused: number }>((resolve, reject) => {
    const ws = new WebSocket(wsUrl(token), { headers: { Origin: `http://127.0.0.1:${host.port}` } });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
    });
    ws.once('error', reject);
  });
}

async function open(token: string): Promise<WebSocket> {
  const c = await connect(token);
  if (!('ws' in c)) throw new Error(`refused with ${c.refused}`);
  return c.ws;
}

let nextId = 1;
function call(ws: WebSocket, method: string, params: unknown = {}): Promise<Record<string, unknown>> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as { id?: number; result: Record<string, unknown> };
      if (frame.id !== id) return;
      ws.off('message', onMessage);
      resolve(frame.result);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

describe('startHost in kiosk mode', () => {
  it('hands out the kiosk page with its own token and the read-only display page, and no cashier page', () => {
    expect(host.kioskToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(host.kioskUrl).toBe(`http://127.0.0.1:${host.port}/#/kiosk&token=${host.kioskToken}`);
    expect(host.displayToken).not.toBe(host.kioskToken);
    expect(host.displayUrl).toBe(`http://127.0.0.1:${host.port}/#/customer&token=${host.displayToken}`);
    expect(host).not.toHaveProperty('token');
    expect(host).not.toHaveProperty('url');
  });

  it('lets the kiosk token start a sale and read the kiosk, and forbids the cashier methods with the kiosk message', async () => {
    const ws = await open(host.kioskToken);
    expect(await call(ws, 'sale.start')).toEqual({ ok: true, value: { id: saleId } });
    expect(await call(ws, 'kiosk.status')).toEqual({ ok: true, value: { idleS: 60 } });
    for (const [method, params] of [
      ['sale.complete', { saleId, tender: { method: 'cash', tendered: 500 } }],
      ['sale.refund', { saleId }],
      ['sales.list', {}],
      ['sync.status', {}],
    ] as const) {
      expect(await call(ws, method, params), method).toEqual({
        ok: false,
        error: { code: 'forbidden', message: kioskForbiddenMessage, details: { method } },
      });
    }
    ws.close();
  });

  it('refuses a cashier-token-shaped guess with 401: in kiosk mode there is no cashier token', async () => {
    expect(await connect(newHostToken())).toEqual({ refused: 401 });
    expect(await connect('')).toEqual({ refused: 401 });
  });

  it('keeps the customer display read-only: no kiosk method, with the display message', async () => {
    const display = await open(host.displayToken);
    for (const method of ['kiosk.callStaff', 'sale.start'] as const) {
      expect(await call(display, method), method).toEqual({
        ok: false,
        error: { code: 'forbidden', message: forbiddenMessage, details: { method } },
      });
    }
    display.close();
  });

  it('sends kiosk.exit to the kiosk page, and answers a call in flight before closing', async () => {
    const ws = await open(host.kioskToken);
    const event = new Promise<unknown>((resolve) =>
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { event?: string };
        if (frame.event === 'kiosk.exit') resolve(frame);
      }),
    );
    const answer = call(ws, 'kiosk.adminExit', { pin: '2468' });
    // the answer is on its way when the serve command closes the host on kiosk.exit
    await new Promise((resolve) => setTimeout(resolve, 50));
    fake.emit('kiosk.exit', { at: '2026-12-07T10:00:00.000Z' });
    const closed = host.close();
    setTimeout(() => fake.releaseSlow(), 100);
    expect(await event).toEqual({ event: 'kiosk.exit', payload: { at: '2026-12-07T10:00:00.000Z' } });
    expect(await answer).toEqual({ ok: true, value: { idleS: 60 } });
    await closed;
    expect(await connect(host.kioskToken).catch((error: Error) => error.message)).toMatch(/ECONNREFUSED/);
  });

  it('refuses a fixed cashier token in kiosk mode and a kiosk token outside it', async () => {
    const options = { dataDir: dir, rendererDir: dir, terminal: fake.terminal };
    await expect(startHost({ ...options, kiosk: true, token: newHostToken() })).rejects.toThrow(
      /a kiosk has no cashier token/,
    );
    await expect(startHost({ ...options, kioskToken: newHostToken() })).rejects.toThrow(/needs kiosk mode/);
  });
});
