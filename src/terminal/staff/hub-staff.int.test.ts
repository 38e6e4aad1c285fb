import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { issueEnrollCode } from '../../hub/enroll-code.js';
import { startHub, type RunningHub } from '../../hub/hub-server.js';
import { addHubStaff, listHubStaff, removeHubStaff } from '../../hub/hub-staff.js';
import type { HubStore } from '../../hub/hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from '../../hub/hub-test-backends.js';
import { getSigned, postJson, type Credentials } from '../../hub/hub-test-client.js';
import type { MethodName } from '../../shared/contract.js';
import { createDispatcher, newCallSession } from '../../shared/dispatch.js';
import { hubPaths } from '../../shared/hub-api.js';
import type { ApiError } from '../../shared/result.js';
import { kioskSeed, WATER } from '../kiosk/kiosk.test-util.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';

/**
 * Staff published by the REAL hub (SQLite and PostgreSQL) and pulled by a real till over 127.0.0.1: sign-in
 * by PIN and badge through the terminal's API, the wrong PIN counted, approvals journaled with the hub
 * member's id, removal, the staff key fetched by a till that lacks it, and no PIN anywhere on the hub.
 */

// a PIN whose digits cannot turn up by chance in the stored bytes (hashes are base64, keys hex, ids uuids)
const PIN = '482915';
const BADGE = '04:5E:A1:77';

const pgOrReason = await pgBackend();
if (typeof pgOrReason === 'string') console.log(`hub staff on PostgreSQL skipped: ${pgOrReason}`);

function suite(makeBackend: () => Backend | string) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;
  let dir: string;
  let terminal: Terminal | undefined;

  beforeAll(async () => {
    backend = makeBackend() as Backend;
    store = await backend.open();
    hub = await startHub({ port: 0, store });
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
    await backend.cleanup();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tillpoint-hub-staff-'));
  });
  afterEach(async () => {
    await terminal?.close();
    terminal = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  // the back office's calls, without a screen's staff gate
  const { call } = callsOf(() => terminal);

  /** One screen of the till, through the dispatcher with the staff gate, like a transport. */
  function screen() {
    const session = newCallSession();
    const dispatch = (name: MethodName, params: unknown) =>
      createDispatcher(terminal!.handlers, () => {}, terminal!.staffGate)(name, params, {
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

  /** A till enrolled with the hub; its sync runs only when a test asks (sync.now). */
  async function enrolledTill(): Promise<Terminal> {
    terminal = await openTerminal({
      dataDir: dir,
      seed: kioskSeed,
      sync: { hubTimeoutMs: 5_000, idleIntervalMs: 600_000, random: () => 0.5 },
    });
    const code = await issueEnrollCode(store);
    await call('sync.enroll', { hubUrl: hub.url, code });
    return terminal;
  }

  /** One sync round now: it pulls what the hub published. */
  async function pull(): Promise<void> {
    const health = await call('sync.now', {});
    expect(health.lastError).toBeNull();
  }

  const journal = (kind: string) => {
    const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
    try {
      return (
        db.prepare('SELECT data FROM journal WHERE kind = ? ORDER BY id').pluck().all(kind) as string[]
      ).map((d) => JSON.parse(d) as Record<string, unknown>);
    } finally {
      db.close();
    }
  };

  test('hub staff add: the till pulls the member; PIN and badge sign in; a wrong PIN counts; approvals name them', async () => {
    const manager = await addHubStaff(store, { name: 'Hui Hub', role: 'manager', pin: PIN, badge: BADGE });
    expect(manager).toMatchObject({ name: 'Hui Hub', role: 'manager', hasBadge: true });
    await enrolledTill();
    await terminal!.staff.add({ name: 'Lin Local', role: 'cashier', pin: '1357' });
    await pull();
    expect(terminal!.staff.list().map((m) => [m.name, m.source])).toEqual(
      expect.arrayContaining([
        ['Hui Hub', 'hub'],
        ['Lin Local', 'local'],
      ]),
    );
    expect(journal('staff.added')).toContainEqual(
      expect.objectContaining({ staff: { id: manager.id, name: 'Hui Hub', role: 'manager' }, by: 'hub' }),
    );

    const s = screen();
    expect((await s.fails('sale.start')).code).toBe('staff.signed_out');
    // a wrong PIN counts towards the lockout like any other
    expect(await s.fails('staff.signIn', { pin: '482916' })).toMatchObject({
      code: 'staff.pin_wrong',
      details: { triesLeft: 4 },
    });
    const signed = await s.call<{ signedIn: { id: string; role: string } }>('staff.signIn', { pin: PIN });
    expect(signed.signedIn).toMatchObject({ id: manager.id, role: 'manager' });
    const byBadge = await screen().call<{ signedIn: { id: string } }>('staff.signIn', { badge: '045ea177' });
    expect(byBadge.signedIn.id).toBe(manager.id);

    // the local cashier's void is approved by the hub's manager, journaled with the hub member's id
    const c = screen();
    await c.call('staff.signIn', { pin: '1357' });
    const sale = await c.call<{ id: string }>('sale.start');
    await c.call('sale.scan', { saleId: sale.id, barcode: WATER });
    const approval = await c.call<{ token: string }>('staff.approve', {
      credential: { pin: PIN },
      permission: 'sale.void',
      subject: sale.id,
    });
    await c.call('sale.void', { saleId: sale.id, approval: approval.token });
    expect(journal('staff.approval_used')).toEqual([
      expect.objectContaining({ approver: { id: manager.id, name: 'Hui Hub', role: 'manager' } }),
    ]);
    // the till cannot remove the hub's member: the hub does
    expect(() => terminal!.staff.remove(manager.id)).toThrow(
      expect.objectContaining({ code: 'staff.from_hub' }),
    );

    // the hub removes them: after the next pull their PIN and badge no longer sign in
    await removeHubStaff(store, manager.id);
    await pull();
    expect(await screen().fails('staff.signIn', { pin: PIN })).toMatchObject({ code: 'staff.pin_wrong' });
    expect((await screen().fails('staff.signIn', { badge: BADGE })).code).toBe('staff.unknown_badge');
    expect(terminal!.staff.list().map((m) => m.name)).toEqual(['Lin Local']);
    expect(await listHubStaff(store)).toEqual([]);
    await expect(removeHubStaff(store, manager.id)).rejects.toMatchObject({ code: 'hub.staff_not_found' });
  });

  test('a till without the staff key says why a hub PIN fails, and fetches the key on its next pull', async () => {
    const member = await addHubStaff(store, { name: 'Kai Key', role: 'supervisor', pin: '624801' });
    await enrolledTill();
    await pull();
    // a till from before hub staff, or one whose key was lost: hub staff, no key
    const db = new Database(join(dir, 'tillpoint.db'));
    db.prepare('UPDATE hub_link SET org_pepper = NULL').run();
    db.close();
    const refused = await screen().fails('staff.signIn', { pin: '624801' });
    expect(refused).toMatchObject({ code: 'staff.hub_key_missing', details: { triesLeft: 4 } });
    await pull();
    const signed = await screen().call<{ signedIn: { id: string } }>('staff.signIn', { pin: '624801' });
    expect(signed.signedIn.id).toBe(member.id);
    await removeHubStaff(store, member.id);
  });

  test('a PIN that a local member and a hub member share signs in as neither', async () => {
    const member = await addHubStaff(store, { name: 'Dup Hub', role: 'manager', pin: '771903' });
    await enrolledTill();
    await terminal!.staff.add({ name: 'Dup Local', role: 'cashier', pin: '771903' });
    await pull();
    expect((await screen().fails('staff.signIn', { pin: '771903' })).code).toBe('staff.pin_ambiguous');
    expect(journal('staff.pin_ambiguous')).toHaveLength(1);
    // a local add after the pull checks hub staff too
    await expect(terminal!.staff.add({ name: 'X', role: 'cashier', pin: '771903' })).rejects.toMatchObject({
      code: 'staff.pin_taken',
    });
    await removeHubStaff(store, member.id);
  });

  test('the hub refuses a PIN or badge another hub member has, and a bad PIN', async () => {
    const a = await addHubStaff(store, { name: 'A', role: 'cashier', pin: '305519', badge: 'AA:BB:CC:DD' });
    await expect(addHubStaff(store, { name: 'B', role: 'cashier', pin: '305519' })).rejects.toMatchObject({
      code: 'staff.pin_taken',
    });
    await expect(
      addHubStaff(store, { name: 'B', role: 'cashier', pin: '305520', badge: 'aabbccdd' }),
    ).rejects.toMatchObject({ code: 'staff.badge_taken' });
    await expect(addHubStaff(store, { name: 'B', role: 'cashier', pin: '12' })).rejects.toMatchObject({
      code: 'staff.pin_format',
    });
    await removeHubStaff(store, a.id);
  });

  test("the hub's stored bytes and its answers to a terminal hold no PIN", async () => {
    const member = await addHubStaff(store, { name: 'Pin Probe', role: 'cashier', pin: PIN, badge: BADGE });
    const enrolled = await postJson(`${hub.url}${hubPaths.enroll}`, {
      code: await issueEnrollCode(store),
      name: 'probe',
    });
    const cred = enrolled.body as Credentials;
    const answers = [
      await getSigned(hub.url, cred, `${hubPaths.catalog}?after=0`),
      await getSigned(hub.url, cred, hubPaths.staffKey),
    ];
    expect(answers[0]).toContain(member.id);
    expect(answers[1]).toMatch(/^200 /);
    for (const text of answers) expect(text).not.toContain(PIN);
    const stored = await backend.dump();
    expect(stored).toContain(member.id);
    expect(stored).not.toContain(PIN);
    await removeHubStaff(store, member.id);
  });
}

describe('hub staff on SQLite', () => {
  suite(sqliteBackend);
});

describe.skipIf(typeof pgOrReason === 'string')('hub staff on PostgreSQL', () => {
  suite(() => pgOrReason);
});
