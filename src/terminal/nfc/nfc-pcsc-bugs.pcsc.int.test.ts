// nfc-pcsc 0.8.1's known bugs, each shown on the raw library next to the port handling it.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { NFC, Reader } from 'nfc-pcsc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LONG_PPSE_FCI,
  SHORT_PPSE_FCI,
  VPCD_READER,
  startCard,
  startPcscd,
  type CardEmulator,
  type PcscdProcess,
} from '../../../e2e/nfc/pcsc-harness.js';
import { identifyCard } from './identify-card.js';
import type { CardLink, NfcPort } from './nfc-port.js';
import { openPcscPort, routeMisnamedErrors } from './pcsc-port.js';
import { nextEvent, pcscSkipReason, statusWhere } from './pcsc-test-util.js';

const skip = (await pcscSkipReason()) !== null;
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const PPSE_NAME = Buffer.from('2PAY.SYS.DDF01').toString('hex');

let pcscd: PcscdProcess | null = null;
let card: CardEmulator | null = null;
let port: NfcPort | null = null;
let raw: { nfc: NFC; readers: Reader[] } | null = null;

/** a raw nfc-pcsc context with listeners on everything (so it cannot crash the test) */
function openRaw(): { nfc: NFC; readers: Reader[]; events: string[] } {
  const nfc = new NFC();
  const events: string[] = [];
  const readers: Reader[] = [];
  nfc.on('error', (e: Error) => events.push(`nfc error ${e.message}`));
  nfc.on('reader', (reader: Reader) => {
    readers.push(reader);
    events.push(`reader ${reader.name}`);
    reader.on('error', (e: Error & { previous?: Error }) =>
      events.push(`reader error ${e.message} ${e.previous?.message ?? ''}`),
    );
    reader.on('card', () => events.push(`card ${reader.name}`));
  });
  raw = { nfc, readers };
  return { nfc, readers, events };
}

/** runs a Node script (ESM, tsx loaded) in a child; resolves with its exit code and output */
function runChild(script: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    // a child that hangs would be the bug coming back: stop it (by its PID) so the test fails, not stalls
    const guard = setTimeout(() => child.kill('SIGTERM'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
  });
}

beforeEach(async () => {
  card = await startCard();
});

afterEach(async () => {
  await port?.close();
  port = null;
  if (raw) {
    for (const r of raw.readers) r.close();
    raw.nfc.close();
    raw = null;
  }
  await card?.stop();
  card = null;
  await pcscd?.stop();
  pcscd = null;
});

describe('nfc-pcsc emits connect errors with the error as the event name', () => {
  /** just enough of @pokusew/pcsclite's CardReader for Reader's status handler */
  const fakeCardReader = () =>
    Object.assign(new EventEmitter(), {
      name: 'fake',
      state: 0x10,
      SCARD_STATE_EMPTY: 0x10,
      SCARD_STATE_PRESENT: 0x20,
      SCARD_SHARE_SHARED: 2,
      SCARD_SHARE_DIRECT: 3,
      connect: (_options: unknown, cb: (err: Error) => void) =>
        cb(new Error('SCardConnect error: Card was removed.(0x80100069)')),
    });

  it('raw: the ConnectError is emitted as an event NAME, so no error listener sees it', async () => {
    const reader = new (Reader as unknown as new (r: unknown) => Reader)(fakeCardReader());
    const errors: Error[] = [];
    reader.on('error', (e: Error) => errors.push(e));
    const names: unknown[] = [];
    const emit = reader.emit.bind(reader);
    reader.emit = ((name: string | symbol, ...args: unknown[]) => (
      names.push(name),
      emit(name, ...args)
    )) as never;
    reader.reader.emit('status', { state: 0x20, atr: Buffer.from('3B80800101', 'hex') });
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
    expect(names.some((n) => n instanceof Error && n.name === 'ConnectError')).toBe(true);
  });

  it('ours: routeMisnamedErrors hands it to a handler', async () => {
    const reader = new (Reader as unknown as new (r: unknown) => Reader)(fakeCardReader());
    const seen: Error[] = [];
    routeMisnamedErrors(reader, (e) => seen.push(e));
    reader.reader.emit('status', { state: 0x20, atr: Buffer.from('3B80800101', 'hex') });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.map((e) => e.name)).toEqual(['ConnectError']);
  });
});

describe.skipIf(skip)('nfc-pcsc bugs against a real pcscd', () => {
  it('raw: its own ISO 14443-4 SELECT (40-byte buffer) fails on a long PPSE; fine on a short one', async () => {
    pcscd = await startPcscd();
    const { readers, events } = openRaw();
    const reader = await new Promise<Reader>((resolve) =>
      raw!.nfc.on('reader', (r: Reader) => r.name === VPCD_READER && resolve(r)),
    );
    reader.aid = PPSE_NAME;
    const shortCard = new Promise<{ data?: Buffer }>((resolve) => reader.once('card', resolve));
    await card!.tapIso14443_4(SHORT_PPSE_FCI);
    expect((await shortCard).data?.toString('hex').toUpperCase()).toBe(SHORT_PPSE_FCI);
    const off = new Promise((resolve) => reader.once('card.off', resolve));
    await card!.remove();
    await off;

    const failed = new Promise<Error>((resolve) => reader.once('error', resolve));
    await card!.tapIso14443_4(LONG_PPSE_FCI);
    // GetUIDError <- TransmitError <- pcsclite's "SCardTransmit error: Insufficient buffer.(0x80100008)"
    const chain: string[] = [];
    for (let e: unknown = await failed; e instanceof Error; e = (e as { previous?: unknown }).previous) {
      chain.push(e.message);
    }
    expect(chain.join(' <- ')).toMatch(/Insufficient buffer/);
    expect(readers.length).toBe(2);
    expect(events.filter((e) => e.startsWith('card')).length).toBe(1);
  });

  it('ours: the same long PPSE card is read with our own transmit and identified', async () => {
    pcscd = await startPcscd();
    port = openPcscPort({ retryMs: 100 });
    const arrived = nextEvent(port, 'card');
    await card!.tapIso14443_4(LONG_PPSE_FCI);
    const kind = await identifyCard(await arrived);
    expect(kind.kind === 'bank-card' && kind.aids.map((a) => a.aid)).toEqual([
      'A0000000031010',
      'A0000000041010',
      'A000000333010101',
    ]);
  });

  it('raw: after a pcscd restart the context never comes back; ours does and the next tap works', async () => {
    pcscd = await startPcscd();
    const { events } = openRaw();
    port = openPcscPort({ retryMs: 100 });
    await statusWhere(port, (s) => s.readers.length === 2);
    await statusWhere(port, () => events.filter((e) => e.startsWith('reader V')).length === 2);
    await pcscd.stop();
    pcscd = await startPcscd();
    await statusWhere(port, (s) => s.service === 'running' && s.readers.length === 2);
    const link: Promise<CardLink> = nextEvent(port, 'card');
    await card!.tap('ntag215', '04A1B2C3D4E5F6');
    expect((await link).uid).toBe('04A1B2C3D4E5F6');
    // by now the raw context saw the error and nothing after it: no reader came back, no card
    expect(events.some((e) => e.includes('error'))).toBe(true);
    expect(events.filter((e) => e.startsWith('reader V')).length).toBe(2);
    expect(events.filter((e) => e.startsWith('card'))).toEqual([]);
    // two pcscd starts, a stop and the port's reconnect: more than the default 30 s on a loaded 2-core machine
  }, 90_000);

  it('raw: close() with no error listener kills the process; ours closes quietly and the process exits', async () => {
    pcscd = await startPcscd();
    const rawClose = await runChild(`
      import { NFC } from 'nfc-pcsc';
      const nfc = new NFC();
      let n = 0;
      nfc.on('reader', (r) => { r.on('error', () => {}); if (++n === 2) setImmediate(() => nfc.close()); });
      setTimeout(() => { console.log('survived'); process.exit(0); }, 5000).unref();
    `);
    expect(rawClose.code).not.toBe(0);
    expect(rawClose.out).toMatch(/Command cancelled/);
    expect(rawClose.out).not.toContain('survived');

    const ours = await runChild(`
      import { openPcscPort } from './src/terminal/nfc/pcsc-port.ts';
      const port = openPcscPort({ retryMs: 100 });
      port.on('status', (s) => { if (s.readers.length === 2) void port.close().then(() => console.log('closed')); });
    `);
    expect(ours).toEqual({ code: 0, out: 'closed\n' });
  });

  it('raw: new NFC() blocks the whole process while pcscd is absent; ours reports unavailable and waits', async () => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `console.log('constructing'); const { NFC } = (await import('nfc-pcsc')).default; const nfc = new NFC(); console.log('constructed'); process.exit(0);`,
      ],
      { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    const said = (text: string) =>
      new Promise<void>((resolve) =>
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes(text)) resolve();
        }),
      );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await said('constructing');
      port = openPcscPort({ retryMs: 100 });
      expect(port.status().service).toBe('unavailable');
      // no event says "still stuck": give the child time to get past new NFC() if it could
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(out).not.toContain('constructed');
      const constructed = said('constructed');
      pcscd = await startPcscd();
      await constructed;
      await statusWhere(port, (s) => s.service === 'running' && s.readers.length === 2);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    }
  });
});
