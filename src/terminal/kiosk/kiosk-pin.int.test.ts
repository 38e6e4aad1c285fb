import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isTillpointError } from '../../core/errors.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type OpenTerminalOptions, type Terminal, type TerminalEvent } from '../terminal.js';
import { kioskSeed, testClock } from './kiosk.test-util.js';

/**
 * The staff PIN on real data folders: its format, wrong tries, the lockout kept across a restart, the
 * demo PIN, leaving kiosk mode, kiosk.json; and a till that is no kiosk.
 */
let dir: string;
let terminal: Terminal | undefined;
let heard: TerminalEvent[] = [];
const clock = testClock();
const { call, fails } = callsOf(() => terminal);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-kiosk-pin-'));
  heard = [];
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function open(options: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  await terminal?.close();
  terminal = await openTerminal({ dataDir: dir, seed: kioskSeed, now: clock.now, kiosk: true, ...options });
  terminal.onEvent((...event) => heard.push(event));
  return terminal;
}

/** Sets the staff PIN the way `tillpoint kiosk set-pin` does: on the till opened as no kiosk. */
async function setPin(pin: string): Promise<void> {
  await terminal?.close();
  const till = await openTerminal({ dataDir: dir, seed: kioskSeed, now: clock.now, start: false });
  try {
    await till.setStaffPin(pin);
  } finally {
    await till.close();
  }
  terminal = undefined;
}

const journal = (kind: string) => {
  const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
  try {
    return db.prepare('SELECT kind, data FROM journal WHERE kind = ? ORDER BY id').all(kind);
  } finally {
    db.close();
  }
};

describe('staff PIN', () => {
  test('a kiosk without a staff PIN does not open (outside demo mode), and leaves the folder free', async () => {
    const error = await openTerminal({ dataDir: dir, seed: kioskSeed, kiosk: true }).catch((e: unknown) => e);
    expect(isTillpointError(error) && error.code).toBe('kiosk.no_staff_pin');
    // the lock was released: the same folder opens again at once
    await setPin('2468');
    await open();
    expect((await call('kiosk.status', {})).demoPin).toBe(false);
  });

  test('is stored as an scrypt hash with a random 16-byte salt, never as the PIN', async () => {
    await setPin('24681357');
    const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
    const row = db.prepare('SELECT hash, salt, params FROM kiosk_staff_pin').get() as {
      hash: Buffer;
      salt: Buffer;
      params: string;
    };
    const text = db.prepare(`SELECT group_concat(data) FROM journal`).pluck().get() as string;
    db.close();
    expect(row.salt).toHaveLength(16);
    expect(row.hash).toHaveLength(32);
    expect(JSON.parse(row.params)).toEqual({ N: 32768, r: 8, p: 1, keylen: 32 });
    expect(row.hash.toString('latin1')).not.toContain('24681357');
    expect(text).not.toContain('24681357');
    expect(journal('kiosk.pin_set')).toHaveLength(1);
  });

  test('a PIN that is not 4 to 8 digits is refused without counting', async () => {
    await setPin('2468');
    await open();
    for (const pin of ['abcd', '123', '123456789', '12 34', '', '١٢٣٤']) {
      expect((await fails('kiosk.staffClear', { pin })).code, pin).toBe('kiosk.pin_format');
    }
    expect((await fails('kiosk.staffClear', { pin: 'x'.repeat(40) })).code).toBe('invalid_params');
    expect((await call('kiosk.status', {})).pin).toEqual({ lockedUntil: null, triesLeft: 5 });
    expect((await fails('kiosk.adminExit', { pin: '12a4' })).code).toBe('kiosk.pin_format');
    const error = await terminal!.setStaffPin('12').catch((e: unknown) => e);
    expect(isTillpointError(error) && error.code).toBe('kiosk.pin_format');
  });

  test('five wrong PINs lock it, a restart keeps the lock, even the right PIN is refused until it ends', async () => {
    await setPin('2468');
    await open();
    for (const left of [4, 3, 2, 1]) {
      const wrong = await fails('kiosk.staffClear', { pin: '0000' });
      expect(wrong).toMatchObject({ code: 'kiosk.pin_wrong', details: { triesLeft: left } });
    }
    const locked = await fails('kiosk.adminExit', { pin: '0000' });
    const until = new Date(clock.now().getTime() + 300_000).toISOString();
    expect(locked).toMatchObject({ code: 'kiosk.pin_locked', details: { until } });
    expect((await fails('kiosk.staffClear', { pin: '2468' })).code).toBe('kiosk.pin_locked');
    // every change of the tries was announced after its commit
    const changes = heard.filter(([e]) => e === 'kiosk.changed').map(([, s]) => (s as { pin: unknown }).pin);
    expect(changes.at(-1)).toEqual({ lockedUntil: until, triesLeft: 0 });
    expect(journal('kiosk.pin_locked')).toHaveLength(1);

    // a restart (or a kill) gives no tries back
    await open();
    expect((await call('kiosk.status', {})).pin).toEqual({ lockedUntil: until, triesLeft: 0 });
    expect((await fails('kiosk.staffClear', { pin: '2468' })).code).toBe('kiosk.pin_locked');
    expect(heard.some(([e]) => e === 'kiosk.exit')).toBe(false);

    clock.advance(300_001);
    expect((await call('kiosk.status', {})).pin).toEqual({ lockedUntil: null, triesLeft: 5 });
    await call('kiosk.staffClear', { pin: '2468' });
  });

  test('the right PIN starts the count again; wrong tries on clearing and on leaving share one counter', async () => {
    await setPin('2468');
    await open();
    await fails('kiosk.staffClear', { pin: '1111' });
    expect((await fails('kiosk.adminExit', { pin: '2222' })).details).toEqual({ triesLeft: 3 });
    await call('kiosk.staffClear', { pin: '2468' });
    expect((await call('kiosk.status', {})).pin).toEqual({ lockedUntil: null, triesLeft: 5 });
    expect((await fails('kiosk.staffClear', { pin: '1111' })).details).toEqual({ triesLeft: 4 });
  });

  test('wrong PINs typed at once are each counted: no try is lost to a race', async () => {
    await setPin('2468');
    await open();
    const answers = await Promise.all(
      ['1111', '2222', '3333', '4444', '5555', '6666'].map((pin) => fails('kiosk.staffClear', { pin })),
    );
    const codes = answers.map((a) => a.code).sort();
    expect(codes.filter((c) => c === 'kiosk.pin_wrong')).toHaveLength(4);
    expect(codes.filter((c) => c === 'kiosk.pin_locked')).toHaveLength(2);
    expect((await call('kiosk.status', {})).pin.triesLeft).toBe(0);
  });

  test('setting a PIN ends a lockout', async () => {
    await setPin('2468');
    await open();
    for (let i = 0; i < 5; i++) await fails('kiosk.staffClear', { pin: '0000' });
    expect((await call('kiosk.status', {})).pin.triesLeft).toBe(0);
    await setPin('13579');
    await open();
    expect((await call('kiosk.status', {})).pin).toEqual({ lockedUntil: null, triesLeft: 5 });
    expect((await fails('kiosk.staffClear', { pin: '2468' })).code).toBe('kiosk.pin_wrong');
    await call('kiosk.staffClear', { pin: '13579' });
  });

  test('admin exit with the right PIN announces kiosk.exit and journals it', async () => {
    await setPin('2468');
    await open();
    const status = await call('kiosk.adminExit', { pin: '2468' });
    expect(status.pin.triesLeft).toBe(5);
    const exits = heard.filter(([e]) => e === 'kiosk.exit');
    expect(exits).toEqual([['kiosk.exit', { at: clock.now().toISOString() }]]);
    expect(journal('kiosk.exit')).toEqual([{ kind: 'kiosk.exit', data: '{}' }]);
  });

  test('demo mode without a PIN takes the public demo PIN 1234, and says so', async () => {
    await open({ demo: true });
    expect(await call('kiosk.status', {})).toMatchObject({
      demoPin: true,
      help: null,
      needsStaffLineIds: [],
    });
    expect((await fails('kiosk.adminExit', { pin: '4321' })).code).toBe('kiosk.pin_wrong');
    await call('kiosk.adminExit', { pin: '1234' });
    // a PIN of its own replaces the demo one, in demo mode too
    await setPin('97531');
    await open({ demo: true });
    expect((await call('kiosk.status', {})).demoPin).toBe(false);
    expect((await fails('kiosk.adminExit', { pin: '1234' })).code).toBe('kiosk.pin_wrong');
  });
});

describe('kiosk.json and a till that is no kiosk', () => {
  test('the timings come from kiosk.json; a mistake names the file and the field', async () => {
    await setPin('2468');
    await open();
    expect(await call('kiosk.status', {})).toMatchObject({ idleS: 60, countdownS: 20, thankYouS: 8 });
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ idleS: 90, thankYouS: 5, maxTries: 3 }));
    await open();
    expect(await call('kiosk.status', {})).toMatchObject({
      idleS: 90,
      countdownS: 20,
      thankYouS: 5,
      pin: { triesLeft: 3 },
    });
    await terminal?.close();
    terminal = undefined;
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ idleS: -1 }));
    const error = await openTerminal({ dataDir: dir, kiosk: true }).catch((e: unknown) => e);
    expect(isTillpointError(error) && error.code).toBe('kiosk.config_invalid');
    expect((error as Error).message).toContain(join(dir, 'kiosk.json'));
    expect((error as Error).message).toContain('idleS');
    writeFileSync(join(dir, 'kiosk.json'), '{ idleS: 60');
    const json = await openTerminal({ dataDir: dir, kiosk: true }).catch((e: unknown) => e);
    expect((json as Error).message).toMatch(/kiosk\.json are not valid JSON/);
  });

  test('a till not started as a kiosk answers kiosk.not_enabled and never blocks a payment', async () => {
    await open({ kiosk: false });
    for (const [name, params] of [
      ['kiosk.status', {}],
      ['kiosk.callStaff', {}],
      ['kiosk.staffClear', { pin: '1234' }],
      ['kiosk.adminExit', { pin: '1234' }],
      ['kiosk.reset', { saleId: '0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01', reason: 'idle' }],
    ] as const) {
      expect((await fails(name, params)).code, name).toBe('kiosk.not_enabled');
    }
  });
});
