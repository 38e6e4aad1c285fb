import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { NfcTapDto } from '../../shared/nfc-dto.js';
import { callsOf } from '../call.test-util.js';
import { blankNtag215, MemoryPort } from '../nfc/memory-port.test-util.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';
import { demoSvScheme } from './sv-scheme.js';

/**
 * Which key writes stored-value cards: the shop's (`<data>/stored-value.json`), the public demo key (demo mode
 * only), or none, and then paying by card and topping up are off with a reason while membership cards work.
 * The real terminal on a temp folder, an NTAG215 in memory behind the NfcPort.
 */
const WATER = '6901234567892';
const MEMBER_UID = '04A2240A1B2C80'; // Li Wei, assets/demo-members.json

let dir: string;
let port: MemoryPort;
let terminal: Terminal | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-sv-scheme-'));
  port = new MemoryPort();
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function open(extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  terminal = await openTerminal({ dataDir: dir, nfc: { port }, log: () => {}, ...extra });
  return terminal;
}
const { call, fails } = callsOf(() => terminal);

/** Taps a tag and answers the nfc.tap event the terminal emits for it. */
function tap(uid: string): Promise<NfcTapDto> {
  const t = terminal;
  if (!t) throw new Error('no terminal is open');
  const tapped = new Promise<NfcTapDto>((resolve) => {
    const off = t.onEvent((event, payload) => {
      if (event !== 'nfc.tap') return;
      off();
      resolve(payload as NfcTapDto);
    });
  });
  port.tap(blankNtag215(uid));
  return tapped;
}

describe('no stored-value.json and not in demo mode', () => {
  test('paying by card and topping up answer card.no_scheme naming the file; terminal.info says why', async () => {
    await open();
    const file = join(dir, 'stored-value.json');
    const info = await call('terminal.info', {});
    expect(info.demoCardKey).toBe(false);
    expect(info.storedValueOff).toEqual({
      code: 'card.no_scheme',
      message: expect.stringContaining(file) as string,
      details: { file },
    });

    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    const pay = await fails('svcard.payBegin', { saleId: sale.id });
    expect(pay).toMatchObject({ code: 'card.no_scheme', details: { file } });
    expect(pay.message).toBe(
      `Stored-value cards are not set up on this till: put the shop's card key in ${file}.`,
    );
    expect((await fails('svcard.topUpBegin', { amount: 1_000, tendered: 1_000 })).code).toBe(
      'card.no_scheme',
    );
    // the sale is untouched and can still be paid in cash
    const done = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 200 } });
    expect(done.state).toBe('completed');
  });

  test('a membership card still attaches its member; a blank tag is no stored-value card', async () => {
    await open();
    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    const member = await tap(MEMBER_UID);
    expect(member).toMatchObject({ kind: 'member', customer: { name: 'Li Wei' }, attachedToSaleId: sale.id });
    expect((await call('sale.current', {}))?.customer?.name).toBe('Li Wei');
    const other = await tap('04C0FFEE123480');
    expect(other).toMatchObject({ kind: 'tag', problem: { code: 'member.unknown_card' } });
  });
});

describe('demo mode', () => {
  test('uses the public demo key and says so; cards work', async () => {
    await open({ demo: true });
    const info = await call('terminal.info', {});
    expect(info).toMatchObject({ demoCardKey: true, storedValueOff: null });
    port.place(blankNtag215());
    const session = await call('svcard.topUpBegin', { amount: 1_000, tendered: 1_000 });
    expect(session.state).toBe('ready');
    expect((await call('svcard.confirm', { sessionId: session.id })).state).toBe('done');
  });

  test("the shop's stored-value.json wins over demo mode", async () => {
    writeFileSync(
      join(dir, 'stored-value.json'),
      JSON.stringify({ schemeId: 'SHOP', key: 'ab'.repeat(32), currency: 'CNY', maxBalance: 100_000 }),
    );
    await open({ demo: true });
    expect(await call('terminal.info', {})).toMatchObject({ demoCardKey: false, storedValueOff: null });
  });
});

describe('a stored-value.json', () => {
  test("with the shop's key: cards on, no demo label", async () => {
    writeFileSync(
      join(dir, 'stored-value.json'),
      JSON.stringify({ schemeId: 'SHOP', key: 'cd'.repeat(32), currency: 'CNY', maxBalance: 100_000 }),
    );
    await open();
    expect(await call('terminal.info', {})).toMatchObject({ demoCardKey: false, storedValueOff: null });
    port.place(blankNtag215());
    expect((await call('svcard.topUpBegin', { amount: 500, tendered: 500 })).state).toBe('ready');
  });

  test('holding the public demo key is labelled as the demo card key', async () => {
    writeFileSync(
      join(dir, 'stored-value.json'),
      JSON.stringify({ ...demoSvScheme('CNY'), schemeId: 'COPY' }),
    );
    await open();
    expect(await call('terminal.info', {})).toMatchObject({ demoCardKey: true, storedValueOff: null });
  });
});
