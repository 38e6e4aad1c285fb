import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { MethodName } from '../../shared/contract.js';
import { createDispatcher, newCallSession, type CallSession } from '../../shared/dispatch.js';
import type { ApiError } from '../../shared/result.js';
import { kioskSeed, testClock } from '../kiosk/kiosk.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { addDemoStaff } from './demo-staff.js';
import { badgeTapTtlMs } from './staff-identify.js';

/**
 * The first-run screen's API (the first manager, only on a till without staff, journaled) and a badge
 * tap's one-time token (what an nfc.tap of a staff badge carries) through the dispatcher on a real data folder.
 */
let dir: string;
let terminal: Terminal;
let clock = testClock();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-staff-first-'));
  clock = testClock();
  terminal = await openTerminal({ dataDir: dir, seed: kioskSeed, now: clock.now });
});
afterEach(async () => {
  await terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

function screen(session: CallSession = newCallSession()) {
  const dispatch = (name: MethodName, params: unknown) =>
    createDispatcher(terminal.handlers, () => {}, terminal.staffGate)(name, params, {
      capability: 'full',
      session,
    });
  return {
    async call<T = unknown>(name: MethodName, params: unknown = {}): Promise<T> {
      const result = await dispatch(name, params);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    },
    async fails(name: MethodName, params: unknown = {}): Promise<ApiError> {
      const result = await dispatch(name, params);
      if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
      return result.error;
    },
  };
}

const journal = (kind: string): unknown[] => {
  const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
  try {
    return (
      db.prepare('SELECT data FROM journal WHERE kind = ? ORDER BY id').all(kind) as { data: string }[]
    ).map((r) => JSON.parse(r.data) as unknown);
  } finally {
    db.close();
  }
};

test('the first manager is added from the screen, journaled; the till then locks and asks for sign-in', async () => {
  const s = screen();
  expect(await s.call('staff.current')).toMatchObject({ staffEnabled: false });
  expect((await s.fails('staff.addFirstManager', { name: 'Mei', pin: '12' })).code).toBe('staff.pin_format');
  expect((await s.fails('staff.addFirstManager', { name: '  ', pin: '4321' })).code).toBe('invalid_params');
  const session = await s.call('staff.addFirstManager', { name: ' Mei Manager ', pin: '4321' });
  expect(session).toMatchObject({ staffEnabled: true, signedIn: null });
  expect(terminal.staff.list()).toMatchObject([{ name: 'Mei Manager', role: 'manager' }]);
  expect(journal('staff.added')).toMatchObject([
    { staff: { name: 'Mei Manager', role: 'manager' }, by: 'first-run' },
  ]);
  expect((await s.fails('sale.start')).code).toBe('staff.signed_out');
  await s.call('staff.signIn', { pin: '4321' });
  await s.call('sale.start');

  // only while the till has no staff at all: neither a second screen nor the signed-in manager
  const refused = await screen().fails('staff.addFirstManager', { name: 'Eve', pin: '9999' });
  expect(refused.code).toBe('staff.already_set_up');
  expect((await s.fails('staff.addFirstManager', { name: 'Eve', pin: '9999' })).code).toBe(
    'staff.already_set_up',
  );
  expect(terminal.staff.list()).toHaveLength(1);
  expect(journal('staff.added')).toHaveLength(1);
});

test('two screens adding the first manager at once: one wins, the other is refused', async () => {
  const [a, b] = await Promise.all([
    screen()
      .call('staff.addFirstManager', { name: 'A', pin: '1234' })
      .then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    screen()
      .call('staff.addFirstManager', { name: 'B', pin: '5678' })
      .then(
        () => 'ok',
        (e: Error) => e.message,
      ),
  ]);
  expect([a, b].filter((r) => r === 'ok')).toHaveLength(1);
  expect([a, b].find((r) => r !== 'ok')).toContain('staff.already_set_up');
  expect(terminal.staff.list()).toHaveLength(1);
});

test('a badge tap signs in once with its token, lapses, and a UID nobody owns gets no token', async () => {
  await terminal.staff.add({ name: 'Chen Cashier', role: 'cashier', pin: '1357', badge: '04:A2:B3:C4' });
  expect(terminal.staff.badgeTap('04A2B3C5')).toBeNull();
  const token = terminal.staff.badgeTap('04a2b3c4');
  expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  const s = screen();
  const signed = await s.call('staff.signIn', { badgeTap: token });
  expect(signed).toMatchObject({ signedIn: { name: 'Chen Cashier', role: 'cashier' } });
  expect(journal('staff.sign_in')).toMatchObject([{ staff: { name: 'Chen Cashier' }, by: 'badge' }]);
  // one use: another screen that heard the same tap cannot sign in with it
  expect((await screen().fails('staff.signIn', { badgeTap: token })).code).toBe('staff.badge_tap_expired');

  const late = terminal.staff.badgeTap('04A2B3C4');
  clock.advance(badgeTapTtlMs + 1);
  expect((await screen().fails('staff.signIn', { badgeTap: late })).code).toBe('staff.badge_tap_expired');
  expect((await screen().fails('staff.signIn', { badgeTap: 'x'.repeat(32) })).code).toBe(
    'staff.badge_tap_expired',
  );
});

test('TILLPOINT_DEMO_STAFF adds the demo manager and cashier once, and never to a till with staff', async () => {
  expect(await addDemoStaff(terminal.staff)).toBe(true);
  expect(await addDemoStaff(terminal.staff)).toBe(false);
  expect(terminal.staff.list().map((m) => [m.name, m.role])).toEqual([
    ['Demo Manager', 'manager'],
    ['Demo Cashier', 'cashier'],
  ]);
  await screen().call('staff.signIn', { pin: '1111' });
});
