import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openTerminal, type Terminal } from '../terminal/terminal.js';
import { startHost, type RunningHost } from './host.js';

/** The host over the real terminal service: a real SQLite file in a temp folder, real `ws` clients. */

let dir: string;
let terminal: Terminal;
let host: RunningHost;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-host-terminal-'));
  terminal = await openTerminal({
    dataDir: path.join(dir, 'data'),
    terminalName: 'Host Test',
    log: () => {},
  });
  host = await startHost({ dataDir: dir, rendererDir: path.join(dir, 'none'), terminal, log: () => {} });
});

afterAll(async () => {
  await host.close();
  terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

type Frame = { id?: number | null; result?: { ok: boolean; value?: unknown; error?: { code: string } } } & {
  event?: string;
  payload?: unknown;
};

async function client(token = host.token) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${token}`, {
    headers: { Origin: `http://127.0.0.1:${host.port}` },
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (match: (f: Frame) => boolean): Promise<Frame> => {
    for (;;) {
      const found = frames.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  let id = 0;
  const call = async (method: string, params: unknown = {}) => {
    const mine = ++id;
    ws.send(JSON.stringify({ id: mine, method, params }));
    return (await next((f) => f.id === mine)).result;
  };
  return { ws, call, next, frames: () => [...frames] };
}

describe('host over the real terminal', () => {
  it('rings up and completes a cash sale; another client gets the status.changed event', async () => {
    const cashier = await client();
    const display = await client();

    const info = await cashier.call('terminal.info');
    expect(info).toMatchObject({ ok: true, value: { terminalName: 'Host Test' } });
    const found = await cashier.call('catalog.search', { query: 'tea', limit: 1 });
    const product = (found?.value as { id: string; price: { amount: number } }[])[0];
    expect(product).toBeDefined();

    const started = await cashier.call('sale.start');
    const saleId = (started?.value as { id: string }).id;
    const added = await cashier.call('sale.addProduct', { saleId, productId: product?.id, quantity: 2 });
    expect(added).toMatchObject({ ok: true, value: { lines: [{ quantity: 2 }] } });
    const due = (added?.value as { totals: { total: { amount: number } } }).totals.total.amount;

    expect(
      await cashier.call('sale.complete', { saleId, tender: { method: 'cash', tendered: 1.5 } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
    const done = await cashier.call('sale.complete', {
      saleId,
      tender: { method: 'cash', tendered: due + 100 },
    });
    expect(done).toMatchObject({
      ok: true,
      value: { state: 'completed', payments: [{ change: { amount: 100 } }] },
    });

    const event = await display.next((f) => f.event === 'status.changed');
    expect(event.payload).toMatchObject({ terminalName: 'Host Test', outboxQueued: 1 });

    cashier.ws.close();
    display.ws.close();
  });

  it("passes the terminal's own error codes through", async () => {
    const cashier = await client();
    const open = await cashier.call('sale.start');
    const saleId = (open?.value as { id: string }).id;
    expect(await cashier.call('sale.scan', { saleId, barcode: '4006381333931' })).toMatchObject({
      ok: false,
      error: { code: 'catalog.unknown_barcode' },
    });
    cashier.ws.close();
  });

  it('never repeats a scanned code longer than a barcode, or a card number, in an unknown-code answer', async () => {
    const cashier = await client();
    const open = await cashier.call('sale.start');
    const saleId = (open?.value as { id: string }).id;
    const shown = await cashier.call('sale.scan', { saleId, barcode: '4006381333931' });
    expect(shown).toMatchObject({ ok: false, error: { code: 'catalog.unknown_barcode' } });
    expect(JSON.stringify(shown)).toContain('4006381333931');
    for (const code of [
      '4111111111111111',
      '120061098828009406',
      '4222222222222',
      `hQVDUFYwMWEa${'A'.repeat(40)}`,
    ]) {
      const answer = await cashier.call('sale.scan', { saleId, barcode: code });
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'catalog.unknown_code', details: { length: code.length } },
      });
      expect(JSON.stringify(answer)).not.toContain(code);
      expect(JSON.stringify(answer)).not.toContain(code.slice(2, 12));
    }
    cashier.ws.close();
  });

  it('answers a 256 KiB frame of bad params with a small invalid_params answer', async () => {
    const cashier = await client();
    const cases: [string, unknown][] = [
      // one issue per element: zod's own answer to this is megabytes
      ['sync.entries', { states: Array.from({ length: 40_000 }, () => 'zz') }],
      // unrecognized keys are listed by name in zod's message
      ['sale.start', Object.fromEntries(Array.from({ length: 18_000 }, (_, i) => [`key-${i}`, 1]))],
      ['sale.scan', { saleId: 'x'.repeat(200_000), barcode: 'y'.repeat(50_000) }],
    ];
    for (const [method, params] of cases) {
      const frame = JSON.stringify({ id: 1, method, params });
      expect(frame.length).toBeGreaterThan(200_000);
      expect(frame.length).toBeLessThanOrEqual(256 * 1024);
      const answer = await cashier.call(method, params);
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
      const error = answer?.error as unknown as { details: { path: unknown[]; message: string }[] };
      expect(error.details.length).toBeGreaterThan(0);
      expect(error.details.length).toBeLessThanOrEqual(10);
      // the frame as the host sent it, re-serialized: the same JSON text
      expect(Buffer.byteLength(JSON.stringify({ id: 1, result: answer })), method).toBeLessThan(8 * 1024);
    }
    cashier.ws.close();
  });
});

describe('the customer display token', () => {
  it('follows the sale (read methods, sale.changed) and is refused every change: forbidden, nothing changed', async () => {
    const cashier = await client();
    const display = await client(host.displayToken);
    const started = await cashier.call('sale.start');
    const saleId = (started?.value as { id: string }).id;
    const added = await cashier.call('sale.scan', { saleId, barcode: '6901234567892' });
    expect(added).toMatchObject({ ok: true });
    const announced = await display.next(
      (f) => f.event === 'sale.changed' && (f.payload as { lines: unknown[] }).lines.length === 1,
    );
    expect(announced.payload).toEqual(added?.value);
    expect(await display.call('sale.current')).toEqual(added);
    expect(await display.call('terminal.info')).toMatchObject({ ok: true });

    const lineId = (added?.value as { lines: { id: string }[] }).lines[0]!.id;
    const salesBefore = await cashier.call('sales.list');
    const attempts: [string, unknown][] = [
      ['sale.scan', { saleId, barcode: '6901234567892' }],
      ['sale.setQuantity', { saleId, lineId, quantity: 0 }],
      ['sale.setTicketDiscount', { saleId, discount: { kind: 'percent', bps: 10_000 } }],
      ['sale.void', { saleId }],
      ['sale.complete', { saleId, tender: { method: 'cash', tendered: 100_000 } }],
      ['sale.start', {}],
      ['payment.showQr', { saleId, providerId: 'sandbox' }],
      ['sales.list', {}],
      ['member.list', {}],
      ['diagnostics.create', {}],
    ];
    for (const [method, params] of attempts) {
      expect(await display.call(method, params), method).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'This screen can only show the sale; it cannot change it.',
          details: { method },
        },
      });
    }
    expect(await cashier.call('sale.current')).toEqual(added);
    expect(await cashier.call('sales.list')).toEqual(salesBefore);
    // the refusals announced nothing
    expect(display.frames().filter((f) => f.event === 'sale.changed')).toHaveLength(2);
    await cashier.call('sale.void', { saleId });
    cashier.ws.close();
    display.ws.close();
  });

  it('differs from the cashier token and is offered on its own #/customer URL', () => {
    expect(host.displayToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(host.displayToken).not.toBe(host.token);
    expect(host.displayUrl).toBe(`http://127.0.0.1:${host.port}/#/customer&token=${host.displayToken}`);
  });
});

describe('a headless client (README "The WebSocket API")', () => {
  const url = () => `ws://127.0.0.1:${host.port}/api?token=${host.token}`;
  const opens = (ws: WebSocket) =>
    new Promise<number | 'open'>((resolve, reject) => {
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      ws.once('error', reject);
    });

  it("connects with the ws package's origin option set to the host's own origin", async () => {
    const ws = new WebSocket(url(), { origin: `http://127.0.0.1:${host.port}` });
    expect(await opens(ws)).toBe('open');
    const answer = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    ws.send(JSON.stringify({ id: 1, method: 'terminal.info', params: {} }));
    expect(JSON.parse(await answer)).toMatchObject({ id: 1, result: { ok: true } });
    ws.close();
  });

  it('is refused (403) without an Origin header, even with the right token', async () => {
    // the ws package sends no Origin unless asked to
    expect(await opens(new WebSocket(url()))).toBe(403);
  });
});
