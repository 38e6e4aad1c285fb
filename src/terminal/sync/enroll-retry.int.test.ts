import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../../e2e/sync/fault-proxy.js';
import { issueEnrollCode } from '../../hub/enroll-code.js';
import { startHub, type RunningHub } from '../../hub/hub-server.js';
import type { HubStore } from '../../hub/hub-store.js';
import { openSqliteHubStore } from '../../hub/sqlite-store.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { enrollKeyFileName } from './enroll-key.js';

/**
 * Enrollment is retry-safe: the hub commits, its reply is lost (the fault proxy drops it), the till tries
 * again with the same code and gets the same enrollment (same terminal id and secret), not "code used"
 * and an orphan terminal at the hub. Another till with the same code is still refused.
 */
let dirs: string[] = [];
let hubStore: HubStore;
let hub: RunningHub;
let proxy: FaultProxy;
const terminals: Terminal[] = [];

const folder = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

beforeEach(async () => {
  hubStore = openSqliteHubStore(join(folder('tillpoint-enroll-hub-'), 'hub.db'));
  hub = await startHub({ port: 0, store: hubStore });
  proxy = await startFaultProxy({ target: hub.url });
});
afterEach(async () => {
  for (const t of terminals.splice(0)) await t.close();
  await proxy.close();
  await hub.close();
  await hubStore.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

async function till(): Promise<{ terminal: Terminal; dir: string } & ReturnType<typeof callsOf>> {
  const dir = folder('tillpoint-enroll-till-');
  const terminal = await openTerminal({
    dataDir: dir,
    sync: { hubTimeoutMs: 2_000, idleIntervalMs: 60_000 },
  });
  terminals.push(terminal);
  return { terminal, dir, ...callsOf(() => terminal) };
}

const link = (t: Terminal) => {
  const db = new Database(t.dbFile, { readonly: true });
  try {
    return db.prepare('SELECT hub_terminal_id AS id FROM hub_link').get() as { id: string } | undefined;
  } finally {
    db.close();
  }
};

test('a reply lost after the hub committed: the retry with the same code gets the same enrollment', async () => {
  const a = await till();
  const code = await issueEnrollCode(hubStore);
  await proxy.setPlan({ mode: 'sequence', faults: [{ kind: 'drop-reply' }] });
  const lost = await a.fails('sync.enroll', { hubUrl: proxy.url, code });
  expect(lost.code).toBe('sync.offline');
  // the hub did enroll it, and the till kept its key (0600) before the try
  const [orphan] = await hubStore.terminals();
  expect(orphan).toBeDefined();
  expect(statSync(join(a.dir, enrollKeyFileName)).mode & 0o777).toBe(0o600);

  const health = await a.call('sync.enroll', { hubUrl: proxy.url, code });
  expect(health.enrolled).toBe(true);
  expect(link(a.terminal)?.id).toBe(orphan!.id);
  expect(await hubStore.terminals()).toHaveLength(1);
  // and the secret is the one the hub holds: signed sync works
  const sale = await a.call('sale.start', {});
  await a.call('sale.scan', { saleId: sale.id, barcode: '6901234567892' });
  await a.call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 1_000 } });
  expect((await a.call('sync.now', {})).queued).toBe(0);
  expect(await hubStore.countEntries()).toBe(1);

  // another till (another key) with the same, used code is refused
  const b = await till();
  expect((await b.fails('sync.enroll', { hubUrl: proxy.url, code })).code).toBe('sync.enroll_refused');
  expect(await hubStore.terminals()).toHaveLength(1);
});

test('an enrolled till moves to another hub only with the confirmation (repoint)', async () => {
  const a = await till();
  await a.call('sync.enroll', { hubUrl: hub.url, code: await issueEnrollCode(hubStore) });
  const otherStore = openSqliteHubStore(join(folder('tillpoint-enroll-other-'), 'hub.db'));
  const other = await startHub({ port: 0, store: otherStore });
  try {
    const code = await issueEnrollCode(otherStore);
    expect((await a.fails('sync.enroll', { hubUrl: other.url, code })).code).toBe('sync.repoint_unconfirmed');
    expect(await otherStore.terminals()).toHaveLength(0);
    expect((await a.call('sync.enroll', { hubUrl: other.url, code, repoint: true })).hubUrl).toBe(other.url);
    // enrolling again with the same hub (a new code after a lost secret) needs no confirmation
    await a.call('sync.enroll', { hubUrl: other.url, code: await issueEnrollCode(otherStore) });
  } finally {
    await other.close();
    await otherStore.close();
  }
});
