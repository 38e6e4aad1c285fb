import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueEnrollCode } from '../hub/enroll-code.js';
import { startHub, type RunningHub } from '../hub/hub-server.js';
import type { HubStore } from '../hub/hub-store.js';
import { openSqliteHubStore } from '../hub/sqlite-store.js';
import { createDispatcher } from '../shared/dispatch.js';
import type { MethodName, ParamsOf, ResultOf } from '../shared/contract.js';
import { openTerminal, type Terminal } from '../terminal/terminal.js';
import { bundleCli, cliEnv } from './cli-bundle.test-util.js';

/**
 * A rolled-back till, end to end: a real till syncs to a real hub (SQLite, 127.0.0.1), its data folder is
 * then restored from an older copy. Its next sync still delivers the new sale, the hub answers with a
 * journal warning and keeps the head as rolled_back; selling on to the seq the hub saw is a fork; and
 * `tillpoint hub journal verify` names both, exit 1.
 */
const WATER = '6901234567892';
let root: string;
let till: string;
let hubDir: string;
let hubStore: HubStore;
let hub: RunningHub;
let cli: string;
const warnings: string[] = [];

async function call<M extends MethodName>(t: Terminal, name: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const result = await createDispatcher(t.handlers, () => {})(name, params);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as ResultOf<M>;
}
async function sell(t: Terminal): Promise<string> {
  const sale = await call(t, 'sale.start', {});
  await call(t, 'sale.scan', { saleId: sale.id, barcode: WATER });
  return (await call(t, 'sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 500 } })).id;
}
async function drained(t: Terminal): Promise<void> {
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    const s = await call(t, 'sync.status', {});
    if (s.queued === 0 && s.network === 'online') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the outbox did not drain');
}
const open = () =>
  openTerminal({
    dataDir: till,
    sync: { hubTimeoutMs: 2_000, idleIntervalMs: 60_000, random: () => 0.5 },
    log: (message: string) => {
      if (message.includes('journal')) warnings.push(message);
    },
  });
const headsOf = async (status?: string) =>
  (await hubStore.journalHeads()).filter((h) => status === undefined || h.status === status);

describe('the hub and a rolled-back till', () => {
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'tillpoint-journal-hub-'));
    till = path.join(root, 'till');
    hubDir = path.join(root, 'hub');
    mkdirSync(hubDir);
    hubStore = openSqliteHubStore(path.join(hubDir, 'hub.db'));
    hub = await startHub({ port: 0, store: hubStore });
    cli = await bundleCli('tillpoint-journal-hub');
  });
  afterAll(async () => {
    await hub.close();
    await hubStore.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(cli, { force: true });
  });

  it('notices a restored backup and a fork, keeps every sale, and hub journal verify names them', async () => {
    let t = await open();
    await call(t, 'sync.enroll', { hubUrl: hub.url, code: await issueEnrollCode(hubStore) });
    await sell(t);
    await drained(t);
    await t.close();
    const backup = path.join(root, 'backup');
    cpSync(till, backup, { recursive: true });
    const seen = Math.max(...(await headsOf('ok')).map((h) => h.seq));
    expect(seen).toBeGreaterThan(0);

    t = await open();
    await sell(t);
    await sell(t);
    await drained(t);
    await t.close();
    const furthest = Math.max(...(await headsOf()).map((h) => h.seq));
    expect(furthest).toBeGreaterThan(seen + 2);
    expect(await headsOf('rolled_back')).toEqual([]);

    // the folder is put back as it was: the journal is shorter, and valid in itself
    rmSync(till, { recursive: true, force: true });
    cpSync(backup, till, { recursive: true });
    t = await open();
    const after = await sell(t);
    await drained(t);
    // the sale is kept all the same (a doubtful journal never loses money)
    expect((await hubStore.entriesAfter(0, 1000)).map((e) => e.idempotencyKey)).toContain(`sale:${after}`);
    const rolled = await headsOf('rolled_back');
    expect(rolled).toHaveLength(1);
    expect(rolled[0]!.seq).toBeLessThan(furthest);
    expect(warnings.some((w) => w.includes('hub.journal_rolled_back'))).toBe(true);

    // selling on past the seq the hub saw: the till's own row there (sent as `at`) differs, a fork
    for (let i = 0; i < 10 && (await headsOf('forked')).length === 0; i++) {
      await sell(t);
      await drained(t);
    }
    await t.close();
    const forked = await headsOf('forked');
    expect(forked).toHaveLength(1);
    expect(forked[0]!.detail).toContain(`seq ${furthest} was`);

    const run = spawnSync(process.execPath, [cli, 'hub', 'journal', 'verify', '--data', hubDir], {
      encoding: 'utf8',
      env: { ...cliEnv, DATABASE_URL: '' },
    });
    expect(run.stderr).toMatch(/1 tills have a journal problem/);
    expect(run.status).toBe(1);
    const [report] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(report).toMatchObject({ furthest: { seq: furthest } });
    expect((report!.problems as { status: string }[]).map((p) => p.status)).toEqual([
      'rolled_back',
      'forked',
    ]);
    // the same in the hub's reports
    const hubReport = spawnSync(process.execPath, [cli, 'hub', 'report', '--journal', '--data', hubDir], {
      encoding: 'utf8',
      env: { ...cliEnv, DATABASE_URL: '' },
    });
    expect(hubReport.status).toBe(0);
    expect(JSON.parse(hubReport.stdout)).toEqual([report]);
  }, 60_000);
});
