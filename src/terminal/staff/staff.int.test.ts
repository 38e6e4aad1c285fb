import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MethodName } from '../../shared/contract.js';
import { createDispatcher, newCallSession, type CallSession } from '../../shared/dispatch.js';
import type { ApiError } from '../../shared/result.js';
import { kioskSeed, testClock, WATER } from '../kiosk/kiosk.test-util.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';

/**
 * Staff through the API on real data folders: a till without staff stays open; sign-in by PIN, the
 * signed-out refusal, approvals (right approver, wrong approver, forged, reused, expired, other subject),
 * the lockout kept across a reopen, the idle lock, and the pepper that a copied database lacks.
 */
let dir: string;
let terminal: Terminal | undefined;
let clock = testClock();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-staff-'));
  clock = testClock();
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function open(options: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  await terminal?.close();
  terminal = await openTerminal({ dataDir: dir, seed: kioskSeed, now: clock.now, ...options });
  return terminal;
}

/** One cashier's screen: calls through the dispatcher with the terminal's staff gate and its own session. */
function screen(session: CallSession = newCallSession()) {
  const dispatch = (name: MethodName, params: unknown) => {
    if (!terminal) throw new Error('no terminal');
    return createDispatcher(terminal.handlers, () => {}, terminal.staffGate)(name, params, {
      capability: 'full',
      session,
    });
  };
  return {
    session,
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

async function withStaff(): Promise<void> {
  const till = await open();
  await till.staff.add({ name: 'Mei Manager', role: 'manager', pin: '2468' });
  await till.staff.add({ name: 'Chen Cashier', role: 'cashier', pin: '1357', badge: '04:A2:B3:C4' });
}

const journal = (kind: string): Record<string, unknown>[] => {
  const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
  try {
    return (
      db.prepare('SELECT sale_id, data FROM journal WHERE kind = ? ORDER BY id').all(kind) as {
        sale_id: string | null;
        data: string;
      }[]
    ).map((r) => ({ saleId: r.sale_id, ...(JSON.parse(r.data) as Record<string, unknown>) }));
  } finally {
    db.close();
  }
};

describe('a till without staff', () => {
  test('everything is allowed and staff.current says staff are not set up', async () => {
    await open();
    const s = screen();
    expect(await s.call('staff.current')).toMatchObject({
      staffEnabled: false,
      signedIn: null,
      idleLockS: 300,
    });
    const sale = await s.call<{ id: string }>('sale.start');
    await s.call('sale.scan', { saleId: sale.id, barcode: WATER });
    await s.call('sale.setTicketDiscount', { saleId: sale.id, discount: { kind: 'percent', bps: 9_000 } });
    await s.call('sale.void', { saleId: sale.id });
  });
});

describe('staff', () => {
  test('staff add refuses a taken PIN, a bad PIN and a taken badge; list shows no hash', async () => {
    await withStaff();
    const staff = terminal!.staff;
    await expect(staff.add({ name: 'X', role: 'cashier', pin: '2468' })).rejects.toMatchObject({
      code: 'staff.pin_taken',
    });
    await expect(staff.add({ name: 'X', role: 'cashier', pin: '12a4' })).rejects.toMatchObject({
      code: 'staff.pin_format',
    });
    await expect(staff.add({ name: 'X', role: 'cashier', pin: '1234567' })).rejects.toMatchObject({
      code: 'staff.pin_format',
    });
    await expect(
      staff.add({ name: 'X', role: 'cashier', pin: '9999', badge: '04a2b3c4' }),
    ).rejects.toMatchObject({ code: 'staff.badge_taken' });
    const list = staff.list();
    expect(list.map((m) => [m.name, m.role, m.hasBadge])).toEqual([
      ['Mei Manager', 'manager', false],
      ['Chen Cashier', 'cashier', true],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/hash|salt|2468/);
  });

  test('signed out, a write answers staff.signed_out; sign-in by PIN or badge; lock signs out, the ticket stays', async () => {
    await withStaff();
    const s = screen();
    expect((await s.fails('sale.start')).code).toBe('staff.signed_out');
    // what the lock screen needs answers signed out
    expect(await s.call('staff.current')).toMatchObject({ staffEnabled: true, signedIn: null });
    await s.call('terminal.info');
    expect((await s.fails('staff.signIn', { pin: '12' })).code).toBe('staff.pin_format');
    expect((await s.fails('staff.signIn', { badge: 'FFEEDDCC' })).code).toBe('staff.unknown_badge');
    expect(journal('staff.unknown_badge')).toEqual([{ saleId: null, badgeEnds: 'DDCC' }]);
    const signed = await s.call<{ signedIn: { name: string; permissions: string[] } }>('staff.signIn', {
      badge: '04A2B3C4',
    });
    expect(signed.signedIn).toMatchObject({ name: 'Chen Cashier', permissions: [] });
    const sale = await s.call<{ id: string }>('sale.start');
    await s.call('sale.scan', { saleId: sale.id, barcode: WATER });
    await s.call('staff.lock');
    expect((await s.fails('sale.scan', { saleId: sale.id, barcode: WATER })).code).toBe('staff.signed_out');
    // switching cashier keeps the open ticket
    await s.call('staff.signIn', { pin: '2468' });
    expect(await s.call<{ id: string; lines: unknown[] }>('sale.current')).toMatchObject({ id: sale.id });
    // another screen is signed out all the while
    expect((await screen().fails('sale.start')).code).toBe('staff.signed_out');
  });

  test("a cashier's void needs approval: a cashier cannot approve, a manager can, once, for this sale", async () => {
    await withStaff();
    const s = screen();
    await s.call('staff.signIn', { pin: '1357' });
    const sale = await s.call<{ id: string }>('sale.start');
    await s.call('sale.scan', { saleId: sale.id, barcode: WATER });
    const needed = await s.fails('sale.void', { saleId: sale.id });
    expect(needed).toMatchObject({
      code: 'staff.approval_needed',
      details: { permission: 'sale.void', subject: sale.id },
    });
    const byCashier = await s.fails('staff.approve', {
      credential: { pin: '1357' },
      permission: 'sale.void',
      subject: sale.id,
    });
    expect(byCashier.code).toBe('staff.approver_not_allowed');
    expect(journal('staff.approval_refused')).toEqual([
      expect.objectContaining({
        saleId: sale.id,
        permission: 'sale.void',
        approver: expect.objectContaining({ name: 'Chen Cashier' }),
      }),
    ]);
    // a forged token, and one for another permission or subject
    expect((await s.fails('sale.void', { saleId: sale.id, approval: 'x'.repeat(32) })).code).toBe(
      'staff.approval_invalid',
    );
    const forRefund = await s.call<{ token: string }>('staff.approve', {
      credential: { pin: '2468' },
      permission: 'refund',
      subject: sale.id,
    });
    expect((await s.fails('sale.void', { saleId: sale.id, approval: forRefund.token })).code).toBe(
      'staff.approval_invalid',
    );
    const approval = await s.call<{ token: string; approver: { name: string } }>('staff.approve', {
      credential: { pin: '2468' },
      permission: 'sale.void',
      subject: sale.id,
    });
    expect(approval.approver.name).toBe('Mei Manager');
    expect(await s.call('sale.void', { saleId: sale.id, approval: approval.token })).toMatchObject({
      state: 'voided',
    });
    // used once
    const again = await s.call<{ id: string }>('sale.start');
    expect((await s.fails('sale.void', { saleId: again.id, approval: approval.token })).code).toBe(
      'staff.approval_invalid',
    );
    const granted = journal('staff.approval').filter((r) => r.permission === 'sale.void');
    expect(granted).toEqual([
      expect.objectContaining({
        saleId: sale.id,
        approver: expect.objectContaining({ name: 'Mei Manager', role: 'manager' }),
        cashier: expect.objectContaining({ name: 'Chen Cashier' }),
      }),
    ]);
    expect(journal('staff.approval_used')).toEqual([
      expect.objectContaining({ saleId: sale.id, method: 'sale.void', permission: 'sale.void' }),
    ]);
  });

  test('an approval expires; a large discount needs one, a small one does not', async () => {
    await withStaff();
    const s = screen();
    await s.call('staff.signIn', { pin: '1357' });
    const sale = await s.call<{ id: string }>('sale.start');
    await s.call('sale.scan', { saleId: sale.id, barcode: WATER });
    await s.call('sale.setTicketDiscount', { saleId: sale.id, discount: { kind: 'percent', bps: 1_000 } });
    const big = { saleId: sale.id, discount: { kind: 'percent', bps: 5_000 } };
    expect((await s.fails('sale.setTicketDiscount', big)).code).toBe('staff.approval_needed');
    const approval = await s.call<{ token: string }>('staff.approve', {
      credential: { pin: '2468' },
      permission: 'discount.large',
      subject: sale.id,
    });
    clock.advance(121_000);
    expect((await s.fails('sale.setTicketDiscount', { ...big, approval: approval.token })).code).toBe(
      'staff.approval_invalid',
    );
    const fresh = await s.call<{ token: string }>('staff.approve', {
      credential: { pin: '2468' },
      permission: 'discount.large',
      subject: sale.id,
    });
    await s.call('sale.setTicketDiscount', { ...big, approval: fresh.token });
  });

  test('idle past the limit, the screen is signed out', async () => {
    await withStaff();
    const s = screen();
    await s.call('staff.signIn', { pin: '2468' });
    clock.advance(299_000);
    await s.call('sale.start');
    clock.advance(301_000);
    expect((await s.fails('sale.start')).code).toBe('staff.signed_out');
    expect(await s.call('staff.current')).toMatchObject({ signedIn: null });
  });

  test('five wrong PINs lock sign-in, a reopened till is still locked, the next lockout is longer', async () => {
    await withStaff();
    const s = screen();
    for (let left = 4; left >= 1; left--) {
      expect(await s.fails('staff.signIn', { pin: '0000' })).toMatchObject({
        code: 'staff.pin_wrong',
        details: { triesLeft: left },
      });
    }
    const locked = await s.fails('staff.signIn', { pin: '0000' });
    expect(locked.code).toBe('staff.pin_locked');
    await open();
    // even the right PIN, after a restart
    expect((await screen().fails('staff.signIn', { pin: '2468' })).code).toBe('staff.pin_locked');
    expect(journal('staff.pin_locked')).toHaveLength(1);
    clock.advance(301_000);
    for (let i = 0; i < 5; i++) await screen().fails('staff.signIn', { pin: '0000' });
    const second = await screen().fails('staff.signIn', { pin: '2468' });
    const until = Date.parse((second.details as { until: string }).until);
    // the second lockout lasts twice the first (10 minutes)
    expect(until - clock.now().getTime()).toBe(600_000);
  });

  test('a copied database without staff-pepper.key cannot sign anyone in', async () => {
    await withStaff();
    await terminal!.close();
    terminal = undefined;
    const other = mkdtempSync(join(tmpdir(), 'tillpoint-staff-copy-'));
    try {
      copyFileSync(join(dir, 'tillpoint.db'), join(other, 'tillpoint.db'));
      terminal = await openTerminal({ dataDir: other, seed: kioskSeed, now: clock.now });
      expect((await screen().fails('staff.signIn', { pin: '2468' })).code).toBe('staff.pin_wrong');
    } finally {
      await terminal?.close();
      terminal = undefined;
      rmSync(other, { recursive: true, force: true });
    }
  });

  test("a kiosk without its own PIN opens when a member may leave kiosk mode, and takes that member's PIN", async () => {
    await withStaff();
    const till = await open({ kiosk: true });
    const kiosk = createDispatcher(till.handlers, () => {}, till.staffGate);
    const as = { capability: 'kiosk' as const, session: newCallSession() };
    // a cashier may not leave kiosk mode: their PIN is a wrong staff PIN here
    expect(await kiosk('kiosk.adminExit', { pin: '1357' }, as)).toMatchObject({
      ok: false,
      error: { code: 'kiosk.pin_wrong' },
    });
    expect(await kiosk('kiosk.adminExit', { pin: '2468' }, as)).toMatchObject({ ok: true });
  });
});
