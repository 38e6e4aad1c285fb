import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MethodName } from '../../shared/contract.js';
import { createDispatcher, newCallSession } from '../../shared/dispatch.js';
import type { ApiError } from '../../shared/result.js';
import type { CashMovementDto, ShiftReportWithChartsDto, ShiftStatusDto } from '../../shared/shift-dto.js';
import { openTerminal, type Terminal } from '../terminal.js';

/** Shifts on a till with staff: who opened, moved cash and closed is recorded; permissions through approval. */
let dir: string;
let terminal: Terminal | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-shift-staff-'));
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** One screen: its own sign-in session, calls through the dispatcher with the till's staff gate. */
function screen() {
  const session = newCallSession();
  const dispatch = (name: MethodName, params: unknown) =>
    createDispatcher(terminal!.handlers, () => {}, terminal!.staffGate)(name, params, {
      capability: 'full',
      session,
    });
  return {
    async call<T>(name: MethodName, params: unknown = {}): Promise<T> {
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

describe('shifts with staff', () => {
  test('a cashier opens; cash out and the close need a manager; each names who did it', async () => {
    terminal = await openTerminal({ dataDir: dir });
    await terminal.staff.add({ name: 'Mei Manager', role: 'manager', pin: '2468' });
    await terminal.staff.add({ name: 'Chen Cashier', role: 'cashier', pin: '1357' });
    const cashier = screen();
    expect((await cashier.fails('shift.open', { count: [] })).code).toBe('staff.signed_out');
    await cashier.call('staff.signIn', { pin: '1357' });

    const opened = await cashier.call<ShiftStatusDto>('shift.open', { count: [{ value: 10_000, count: 1 }] });
    expect(opened.open?.openedBy).toMatchObject({ name: 'Chen Cashier' });

    const params = { kind: 'out', amount: 500, reason: 'milk for the staff room' };
    const needed = await cashier.fails('shift.cashMove', params);
    expect(needed).toMatchObject({
      code: 'staff.approval_needed',
      details: { permission: 'cash.inOut', subject: 'cash.out:500' },
    });
    const { token } = await cashier.call<{ token: string }>('staff.approve', {
      credential: { pin: '2468' },
      permission: 'cash.inOut',
      subject: 'cash.out:500',
    });
    const moved = await cashier.call<CashMovementDto>('shift.cashMove', { ...params, approval: token });
    expect(moved).toMatchObject({ kind: 'out', amount: 500, by: { name: 'Chen Cashier' } });
    expect((await cashier.fails('shift.noSale', {})).details).toMatchObject({ permission: 'drawer.noSale' });
    expect((await cashier.fails('shift.close', { count: [] })).details).toMatchObject({
      permission: 'shift.close',
    });

    const manager = screen();
    await manager.call('staff.signIn', { pin: '2468' });
    const z = await manager.call<ShiftReportWithChartsDto>('shift.close', {
      count: [
        { value: 5_000, count: 1 },
        { value: 2_000, count: 2 },
        { value: 500, count: 1 },
      ],
    });
    expect(z.report.close).toMatchObject({ closedBy: { name: 'Mei Manager' }, counted: 9_500, variance: 0 });
    expect(z.report.openedBy).toMatchObject({ name: 'Chen Cashier' });

    const db = new Database(terminal.dbFile, { readonly: true });
    try {
      const kinds = db.prepare(`SELECT kind FROM journal ORDER BY id`).pluck().all();
      expect(kinds).toEqual(
        expect.arrayContaining(['shift.open', 'staff.approval', 'cash.out', 'shift.close']),
      );
    } finally {
      db.close();
    }
  });
});
