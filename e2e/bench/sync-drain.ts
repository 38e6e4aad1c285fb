/**
 * Drain 10,000 queued sales to a loopback hub, on SQLite and on PostgreSQL, with the terminal's real sync
 * client (src/terminal/sync: batches within the hub's caps, two in flight), beside the same client
 * sending one POST per sale (maxItems 1, one in flight) in the same run. Each run: a fresh till enrolled with
 * a fresh hub, its outbox filled with real sales (rung up on a terminal, then copied with fresh ids), then
 * "Sync now" timed until the queue is empty; afterwards the hub's count is checked against the till's.
 * CPU per sale: the hub process's user + system time (/proc) and this process's (the till), over the drain.
 */
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { issueEnrollCode } from '../../src/hub/enroll-code.js';
import type { HubStore } from '../../src/hub/hub-store.js';
import { pgUrl } from '../../src/hub/hub-test-backends.js';
import { openPgHubStore } from '../../src/hub/pg-store.js';
import { openSqliteHubStore } from '../../src/hub/sqlite-store.js';
import type { SaleDto } from '../../src/shared/dto.js';
import { openTerminal } from '../../src/terminal/terminal.js';
import { cpuMs, saleFrom, startHubProcess, stop, templateSales } from './hub-ingest.js';
import type { Row } from './run.js';
import { summarize, timeAsync } from './stats.js';

const QUEUED = 10_000;
/** the one-POST client gets fewer sales (same per-sale cost, the run stays short) */
const ONE_POST_QUEUED = 1_000;
const RUNS = 3;
/** the issue's goals: on SQLite at least this many sales/s, and on both stores this many times the one-POST client */
const GOAL_SQLITE = 10_000;
const GOAL_RATIO = 20;
/**
 * Another build's hub (its dist/cli/tillpoint.mjs) drained to in the same run, run for run beside this
 * build's: how an approach is compared under the same load (README "Sync throughput").
 */
const peerHub = process.env.TILLPOINT_BENCH_PEER_HUB;

interface DrainResult {
  readonly salesPerS: number;
  readonly ms: number;
  /** µs of user + system CPU of the hub process per sale, during the drain */
  readonly hubCpuUs: number;
  /** the same of this process: the till (its sync client), while it drains */
  readonly tillCpuUs: number;
}

/** Where the hub keeps its data for one run: a fresh SQLite folder, or a fresh schema of database `test`. */
interface HubSetup {
  readonly name: string;
  /** opens the hub's store in this process (to issue the enrollment code and count what arrived) */
  open(): Promise<HubStore>;
  start(hubCli?: string): Promise<{ child: ChildProcess; url: string }>;
  cleanup(): Promise<void>;
}

function sqliteSetup(scratch: string): HubSetup {
  const dir = mkdtempSync(join(scratch, 'hub-'));
  return {
    name: 'SQLite',
    open: () => Promise.resolve(openSqliteHubStore(join(dir, 'hub.db'))),
    start: (hubCli) => startHubProcess('', dir, hubCli),
    cleanup: () => Promise.resolve(),
  };
}

async function pgSetup(): Promise<HubSetup | string> {
  const admin = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    return `PostgreSQL not reachable at ${pgUrl}: ${(error as Error).message}`;
  }
  const schema = `bench_drain_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'PostgreSQL',
    open: () => openPgHubStore({ connectionString: pgUrl, schema }),
    start: (hubCli) => startHubProcess(url.toString(), undefined, hubCli),
    cleanup: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function drainOnce(
  scratch: string,
  setup: HubSetup,
  templates: readonly SaleDto[],
  queued: number,
  maxItems?: number,
  hubCli?: string,
): Promise<DrainResult> {
  // the hub runs as its own process (`tillpoint hub`), as it does in a shop
  const store = await setup.open();
  const code = await issueEnrollCode(store);
  const hub = await setup.start(hubCli);
  const dataDir = mkdtempSync(join(scratch, 'drain-'));
  const terminal = await openTerminal({
    dataDir,
    log: () => {},
    sync: { idleIntervalMs: 3_600_000, ...(maxItems ? { maxItems, concurrency: 1 } : {}) },
  });
  try {
    await terminal.handlers['sync.enroll']({ hubUrl: hub.url, code });
    await terminal.handlers['sync.now']({});
    // the queue, written like sale.complete writes it (payload = the sale DTO), in one transaction
    const db = new Database(terminal.dbFile);
    const insert = db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES (?, 'sale.completed', ?, ?)`,
    );
    db.transaction(() => {
      const at = new Date();
      for (let i = 0; i < queued; i++) {
        const sale = saleFrom(templates[i % templates.length]!, i + 1, at);
        insert.run(`sale:${sale.id}`, JSON.stringify(sale), at.toISOString());
      }
    })();
    db.close();
    const before = await store.countEntries();
    const cpu0 = cpuMs(hub.child.pid!);
    const till0 = process.cpuUsage();
    const ms = await timeAsync(async () => {
      const health = await terminal.handlers['sync.now']({});
      if (health.queued !== 0) {
        throw new Error(`drain stopped with ${health.queued} queued: ${health.lastError?.message}`);
      }
    });
    const till = process.cpuUsage(till0);
    const tillCpuUs = (till.user + till.system) / queued;
    const hubCpuUs = ((cpuMs(hub.child.pid!) - cpu0) * 1_000) / queued;
    const arrived = (await store.countEntries()) - before;
    if (arrived !== queued) throw new Error(`the hub got ${arrived} of ${queued} sales`);
    return { ms, salesPerS: (queued / ms) * 1_000, hubCpuUs, tillCpuUs };
  } finally {
    await terminal.close();
    await stop(hub.child);
    await store.close();
    await setup.cleanup();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Rate and hub CPU of a set of runs, as table cells. */
function cells(runs: readonly DrainResult[]) {
  const time = summarize(runs.map((r) => r.ms));
  const rate = summarize(runs.map((r) => r.salesPerS));
  const cpu = summarize(runs.map((r) => r.hubCpuUs));
  const till = summarize(runs.map((r) => r.tillCpuUs));
  return {
    rate,
    median:
      `${fmt(rate.median)}/s (${fmt(time.median)} ms), hub ${cpu.median.toFixed(0)} µs CPU/sale, ` +
      `till ${till.median.toFixed(0)}`,
    // the slowest runs: p95 of the time, and of the CPU per sale
    p95:
      `${fmt((QUEUED / time.p95) * 1_000)}/s (${fmt(time.p95)} ms), hub ${cpu.p95.toFixed(0)} µs CPU/sale, ` +
      `till ${till.p95.toFixed(0)}`,
  };
}

export async function benchSyncDrain(scratch: string): Promise<Row[]> {
  const templates = await templateSales(mkdtempSync(join(scratch, 'templates-')));
  const rows: Row[] = [];
  const backends: { name: string; make: () => Promise<HubSetup | string> }[] = [
    { name: 'SQLite', make: () => Promise.resolve(sqliteSetup(scratch)) },
    { name: 'PostgreSQL', make: pgSetup },
  ];
  for (const { name, make } of backends) {
    const runs: DrainResult[] = [];
    const peerRuns: DrainResult[] = [];
    let skipped: string | null = null;
    for (let i = 0; i < RUNS; i++) {
      const backend = await make();
      if (typeof backend === 'string') {
        skipped = backend;
        break;
      }
      runs.push(await drainOnce(scratch, backend, templates, QUEUED));
      if (peerHub !== undefined) {
        const peerSetup = await make();
        if (typeof peerSetup === 'string') throw new Error(peerSetup);
        peerRuns.push(await drainOnce(scratch, peerSetup, templates, QUEUED, undefined, peerHub));
      }
    }
    if (skipped !== null) {
      rows.push({
        measure: `sync drain → hub on ${name}`,
        n: 0,
        median: '-',
        p95: '-',
        goal: 'skipped',
        peer: skipped,
      });
      continue;
    }
    const onePostSetup = await make();
    if (typeof onePostSetup === 'string') throw new Error(onePostSetup);
    const onePost = await drainOnce(scratch, onePostSetup, templates, ONE_POST_QUEUED, 1);
    const own = cells(runs);
    const ratio = own.rate.median / onePost.salesPerS;
    const rateGoal = name === 'SQLite' ? GOAL_SQLITE : 0;
    const met = own.rate.median >= rateGoal && ratio >= GOAL_RATIO;
    rows.push({
      measure: `sync drain ${fmt(QUEUED)} queued sales → hub on ${name} (sales/s; time; CPU)`,
      n: runs.length,
      median: own.median,
      p95: own.p95,
      goal:
        `${rateGoal > 0 ? `≥ ${fmt(rateGoal)}/s and ` : ''}≥ ${GOAL_RATIO}x: ` +
        `${met ? 'met' : 'MISSED'} (${ratio.toFixed(1)}x)`,
      peer:
        `one POST per sale, same client: ${fmt(onePost.salesPerS)}/s (${fmt(ONE_POST_QUEUED)} sales), ` +
        `hub ${onePost.hubCpuUs.toFixed(0)} µs CPU/sale`,
    });
    if (peerRuns.length > 0) {
      const peer = cells(peerRuns);
      rows.push({
        measure: `  same drain → hub on ${name}, hub from TILLPOINT_BENCH_PEER_HUB`,
        n: peerRuns.length,
        median: peer.median,
        p95: peer.p95,
        goal: `this build: ${(own.rate.median / peer.rate.median).toFixed(2)}x its rate`,
        peer: peerHub!,
      });
    }
  }
  return rows;
}
