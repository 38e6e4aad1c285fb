import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openTerminal, type Terminal } from '../terminal/terminal.js';
import { startHost, type RunningHost } from './host.js';

/** Each WebSocket has its own sign-in: over the real terminal (real SQLite) and real `ws` clients. */

let dir: string;
let terminal: Terminal;
let host: RunningHost;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-host-staff-'));
  terminal = await openTerminal({ dataDir: path.join(dir, 'data'), log: () => {} });
  await terminal.staff.add({ name: 'Mei', role: 'manager', pin: '2468' });
  host = await startHost({ dataDir: dir, rendererDir: path.join(dir, 'none'), terminal, log: () => {} });
});

afterAll(async () => {
  await host.close();
  await terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

type Result = { ok: boolean; value?: unknown; error?: { code: string } };

async function client(token = host.token) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${token}`, {
    headers: { Origin: `http://127.0.0.1:${host.port}` },
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answers = new Map<number, (r: Result) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: number; result?: Result };
    if (typeof frame.id === 'number' && frame.result) answers.get(frame.id)?.(frame.result);
  });
  let id = 0;
  const call = (method: string, params: unknown = {}) =>
    new Promise<Result>((resolve) => {
      const mine = ++id;
      answers.set(mine, resolve);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  return { ws, call };
}

describe('sign-in per connection', () => {
  it('one connection signed in, the other not; a reconnect starts signed out', async () => {
    const first = await client();
    const second = await client();
    expect(await first.call('staff.signIn', { pin: '2468' })).toMatchObject({
      ok: true,
      value: { signedIn: { name: 'Mei', role: 'manager' } },
    });
    expect(await first.call('sale.start')).toMatchObject({ ok: true });
    expect(await second.call('sale.start')).toMatchObject({ ok: false, error: { code: 'staff.signed_out' } });
    expect(await second.call('staff.current')).toMatchObject({ ok: true, value: { signedIn: null } });
    // read methods (what a screen shows before sign-in) still answer
    expect(await second.call('sale.current')).toMatchObject({ ok: true });
    first.ws.close();
    const again = await client();
    expect(await again.call('sale.start')).toMatchObject({ ok: false, error: { code: 'staff.signed_out' } });
    second.ws.close();
    again.ws.close();
  });

  it('the customer display is not gated by staff and still cannot sign in', async () => {
    const display = await client(host.displayToken);
    expect(await display.call('sale.current')).toMatchObject({ ok: true });
    expect(await display.call('staff.signIn', { pin: '2468' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    display.ws.close();
  });
});
