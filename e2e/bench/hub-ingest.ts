/**
 * Hub ingest on PostgreSQL: 50 enrolled terminals send their queues of completed sales at once, each in
 * signed batches within the hub's caps (hubMaxBatchItems, hubMaxBodyBytes), one batch at a time per
 * terminal like the sync client. Sales/s over the whole run and per-batch latency, with the hub as two
 * `tillpoint hub` processes on one database (the load-balanced setup), beside one process in the same run.
 * Then the database is checked: distinct (terminal, key) == sales sent, and one batch per terminal sent again
 * comes back all `duplicate` with nothing added. Each setup works in a fresh schema of database `test`,
 * dropped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { issueEnrollCode } from '../../src/hub/enroll-code.js';
import { postJson, signedHeaders, type Credentials } from '../../src/hub/hub-test-client.js';
import { openPgHubStore } from '../../src/hub/pg-store.js';
import { saleDto, type SaleDto } from '../../src/shared/dto.js';
import {
  hubMaxBatchItems,
  hubMaxBodyBytes,
  hubPaths,
  outboxResponse,
  type OutboxEntryWire,
} from '../../src/shared/hub-api.js';
import { openTerminal } from '../../src/terminal/terminal.js';
import { summarize, type Summary } from './stats.js';
import type { Row } from './run.js';

const TERMINALS = 50;
const SALES_PER_TERMINAL = 1_000;
const TEMPLATES = 24;
const GOAL_SALES_PER_S = 5_000;
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const cli = join(process.cwd(), 'dist', 'cli', 'tillpoint.mjs');
/** the hubs' connections say who they are, so their backends' CPU time can be read */
const appName = 'tillpoint-bench-hub';
const cpus = availableParallelism();

/** Real completed sales of 3 to 5 lines, rung up on a real terminal (cash, some discounts). */
export async function templateSales(dataDir: string): Promise<SaleDto[]> {
  const terminal = await openTerminal({ dataDir, log: () => {} });
  try {
    const h = terminal.handlers;
    const products = await h['catalog.search']({ query: '', limit: 50 });
    const sales: SaleDto[] = [];
    for (let i = 0; i < TEMPLATES; i++) {
      const sale = await h['sale.start']({});
      let open = sale;
      const lines = 3 + (i % 3);
      for (let l = 0; l < lines; l++) {
        const product = products[(i * 7 + l * 3) % products.length]!;
        open = await h['sale.addProduct']({ saleId: sale.id, productId: product.id, quantity: 1 + (l % 3) });
      }
      if (i % 4 === 1) {
        open = await h['sale.setLineDiscount']({
          saleId: sale.id,
          lineId: open.lines[0]!.id,
          discount: { kind: 'percent', bps: 1_000 },
        });
      }
      if (i % 6 === 2) {
        open = await h['sale.setTicketDiscount']({
          saleId: sale.id,
          discount: { kind: 'amount', amount: 150 },
        });
      }
      const tendered = Math.ceil((open.totals.total.amount + 1) / 5_000) * 5_000;
      sales.push(await h['sale.complete']({ saleId: sale.id, tender: { method: 'cash', tendered } }));
    }
    return sales;
  } finally {
    terminal.close();
  }
}

/** A template with fresh ids, number and times: what terminal `t`'s `n`th sale would look like. */
export function saleFrom(template: SaleDto, n: number, at: Date): SaleDto {
  const iso = at.toISOString();
  return {
    ...template,
    id: randomUUID(),
    number: n,
    createdAt: iso,
    completedAt: iso,
    lines: template.lines.map((l) => ({ ...l, id: randomUUID() })),
    payments: template.payments.map((p) => ({ ...p, id: randomUUID(), createdAt: iso })),
  };
}

/** The terminal's queue cut like the sync client does: at most hubMaxBatchItems and hubMaxBodyBytes each. */
function packBatches(entries: readonly OutboxEntryWire[]): string[] {
  const bodies: string[] = [];
  let parts: string[] = [];
  let bytes = '{"entries":[]}'.length;
  for (const e of entries) {
    const json = JSON.stringify(e);
    const size = Buffer.byteLength(json) + (parts.length > 0 ? 1 : 0);
    if (parts.length > 0 && (parts.length >= hubMaxBatchItems || bytes + size > hubMaxBodyBytes)) {
      bodies.push(`{"entries":[${parts.join(',')}]}`);
      parts = [];
      bytes = '{"entries":[]}'.length;
    }
    parts.push(json);
    bytes += Buffer.byteLength(json) + (parts.length > 1 ? 1 : 0);
  }
  if (parts.length > 0) bodies.push(`{"entries":[${parts.join(',')}]}`);
  return bodies;
}

interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/** CPU time (user + system) of a process on this machine, in ms; 0 once it is gone (Linux, 100 ticks/s). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The hubs' database backends (PostgreSQL runs on this machine: 127.0.0.1). */
async function backendPids(admin: pg.Client): Promise<number[]> {
  const rows = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [appName],
  );
  return rows.rows.map((r) => r.pid);
}

/**
 * `tillpoint hub` on PostgreSQL at `databaseUrl`, or on SQLite in `sqliteDir` when the URL is ''; `hubCli`:
 * another build's CLI (sync-drain.ts compares hubs in one run).
 */
export function startHubProcess(databaseUrl: string, sqliteDir?: string, hubCli = cli): Promise<HubProcess> {
  const args = sqliteDir === undefined ? [] : ['--data', sqliteDir];
  const child = spawn(process.execPath, [hubCli, 'hub', '--port', '0', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4_000)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Tillpoint hub: (http:\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`tillpoint hub exited ${code}: ${stderr}`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Posts one signed batch and answers its per-item statuses. A 503 (the hub found no database connection
 * within its wait) is retried after its Retry-After, newly signed, as the sync client does; `busy` counts them.
 */
async function post(url: string, cred: Credentials, body: string, busy: { n: number }): Promise<string[]> {
  for (;;) {
    const res = await postJson(
      `${url}${hubPaths.outbox}`,
      body,
      signedHeaders(cred, 'POST', hubPaths.outbox, body),
    );
    if (res.status === 200) return outboxResponse.parse(res.body).results.map((r) => r.status);
    if (res.status !== 503) throw new Error(`hub answered ${res.status}: ${JSON.stringify(res.body)}`);
    busy.n++;
    await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

interface Run {
  readonly hubs: number;
  readonly sales: number;
  readonly batches: number;
  readonly seconds: number;
  readonly salesPerS: number;
  readonly latency: Summary;
  readonly entryBytes: number;
  readonly notAccepted: number;
  readonly distinct: number;
  readonly rows: number;
  readonly resentBatches: number;
  readonly resentNotDuplicate: number;
  readonly rowsAdded: number;
  /** 503 answers retried after Retry-After (included in the time) */
  readonly busy: number;
  /** ms of CPU per sale: the hub processes, their PostgreSQL backends, the 50 terminals (this process) */
  readonly cpuPerSale: { readonly hub: number; readonly db: number; readonly terminals: number };
  /** the machine's 1-minute load average when the run began (other work on it slows every number) */
  readonly load: number;
}

async function ingestRun(hubs: number, templates: readonly SaleDto[]): Promise<Run> {
  const schema = `bench_hub_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const schemaUrl = new URL(pgUrl);
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
  schemaUrl.searchParams.set('application_name', appName);
  // migrates the schema and issues the enrollment codes, as `tillpoint hub enroll-code` would
  const store = await openPgHubStore({ connectionString: pgUrl, schema });
  const procs: HubProcess[] = [];
  try {
    for (let i = 0; i < hubs; i++) procs.push(await startHubProcess(schemaUrl.toString()));
    const terminals = await Promise.all(
      Array.from({ length: TERMINALS }, async (_, t) => {
        const url = procs[t % procs.length]!.url; // a load balancer spreading terminals over the hubs
        const code = await issueEnrollCode(store);
        const res = await postJson(`${url}${hubPaths.enroll}`, { code, name: `till ${t + 1}` });
        if (res.status !== 201) throw new Error(`enrollment answered ${res.status}`);
        const start = Date.now() - 86_400_000;
        const entries = Array.from({ length: SALES_PER_TERMINAL }, (_, n): OutboxEntryWire => {
          const sale = saleFrom(templates[(t + n) % templates.length]!, n + 1, new Date(start + n * 60_000));
          return {
            idempotencyKey: `sale:${sale.id}`,
            kind: 'sale.completed',
            payload: sale,
            createdAt: sale.createdAt,
          };
        });
        return { url, cred: res.body as Credentials, batches: packBatches(entries) };
      }),
    );
    const sales = TERMINALS * SALES_PER_TERMINAL;
    const bodyBytes = terminals.reduce(
      (s, t) => s + t.batches.reduce((b, x) => b + Buffer.byteLength(x), 0),
      0,
    );

    const latencies: number[] = [];
    let notAccepted = 0;
    const busy = { n: 0 };
    const load = loadavg()[0]!;
    const hubCpu0 = procs.reduce((sum, p) => sum + cpuMs(p.child.pid!), 0);
    const pgCpu0 = new Map((await backendPids(admin)).map((pid) => [pid, cpuMs(pid)]));
    const ownCpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await Promise.all(
      terminals.map(async (term) => {
        for (const body of term.batches) {
          const b0 = process.hrtime.bigint();
          const statuses = await post(term.url, term.cred, body, busy);
          latencies.push(Number(process.hrtime.bigint() - b0) / 1e6);
          notAccepted += statuses.filter((s) => s !== 'accepted').length;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const own = process.cpuUsage(ownCpu0);
    const cpuPerSale = {
      hub: (procs.reduce((sum, p) => sum + cpuMs(p.child.pid!), 0) - hubCpu0) / sales,
      db:
        (await backendPids(admin)).reduce((sum, pid) => sum + cpuMs(pid) - (pgCpu0.get(pid) ?? 0), 0) / sales,
      terminals: (own.user + own.system) / 1000 / sales,
    };

    const count = async () =>
      (
        await admin.query<{ rows: string; distinct: string }>(
          `SELECT count(*) AS rows, count(DISTINCT (terminal_id, idempotency_key)) AS distinct
           FROM ${schema}.entries WHERE kind = 'sale.completed'`,
        )
      ).rows[0]!;
    const before = await count();
    let resentNotDuplicate = 0;
    await Promise.all(
      terminals.map(async (term) => {
        const statuses = await post(term.url, term.cred, term.batches[0]!, busy);
        resentNotDuplicate += statuses.filter((s) => s !== 'duplicate').length;
      }),
    );
    const after = await count();
    return {
      hubs,
      sales,
      batches: latencies.length,
      seconds,
      salesPerS: sales / seconds,
      latency: summarize(latencies),
      entryBytes: bodyBytes / sales,
      notAccepted,
      distinct: Number(before.distinct),
      rows: Number(before.rows),
      resentBatches: terminals.length,
      resentNotDuplicate,
      rowsAdded: Number(after.rows) - Number(before.rows),
      cpuPerSale,
      load,
      busy: busy.n,
    };
  } finally {
    await Promise.all(procs.map((p) => stop(p.child)));
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

export async function benchHubIngest(scratch: string): Promise<Row[]> {
  const probe = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
  try {
    await probe.connect();
    await probe.end();
  } catch (error) {
    return [
      {
        measure: 'hub ingest, 50 terminals in parallel (PostgreSQL)',
        n: 0,
        median: 'skipped',
        p95: '',
        goal: `>= ${GOAL_SALES_PER_S.toLocaleString('en')} sales/s, no duplicates`,
        peer: `PostgreSQL not reachable at ${pgUrl}: ${(error as Error).message}`,
      },
    ];
  }
  const templates = await templateSales(join(scratch, 'hub-ingest-templates'));
  for (const t of templates) saleDto.parse(t);
  const one = await ingestRun(1, templates);
  const two = await ingestRun(2, templates);
  const rate = (r: Run) =>
    `${Math.round(r.salesPerS).toLocaleString('en')} sales/s` +
    (r.busy > 0 ? ` (${r.busy} answers 503, retried after Retry-After)` : '');
  const clean = (r: Run) =>
    r.notAccepted === 0 &&
    r.distinct === r.sales &&
    r.rows === r.sales &&
    r.resentNotDuplicate === 0 &&
    r.rowsAdded === 0;
  const check = (r: Run) =>
    clean(r)
      ? `no duplicates: distinct (terminal, key) = rows = ${r.sales} sent; ${r.resentBatches} batches re-sent: all duplicate, 0 rows added`
      : `NOT CLEAN: ${r.notAccepted} not accepted, ${r.distinct} distinct / ${r.rows} rows for ${r.sales} sent, ` +
        `re-send: ${r.resentNotDuplicate} not duplicate, ${r.rowsAdded} rows added`;
  const met = (r: Run) => (r.salesPerS >= GOAL_SALES_PER_S && clean(r) ? 'met' : 'MISSED');
  const f = (v: number) => `${v.toFixed(1)} ms`;
  const total = (r: Run) => r.cpuPerSale.hub + r.cpuPerSale.db + r.cpuPerSale.terminals;
  const split = (r: Run) =>
    `hub ${r.cpuPerSale.hub.toFixed(3)} + PostgreSQL ${r.cpuPerSale.db.toFixed(3)} + terminals ` +
    `${r.cpuPerSale.terminals.toFixed(3)} ms`;
  const capacity = (r: Run) => `${Math.round((cpus * 1000) / total(r)).toLocaleString('en')} sales/s`;
  const load = `1-min load average at start ${two.load.toFixed(1)} (2 processes), ${one.load.toFixed(1)} (1 process)`;
  return [
    {
      measure: `hub ingest, ${TERMINALS} terminals x ${SALES_PER_TERMINAL} sales (${Math.round(two.entryBytes)} B each) at once, PostgreSQL, 2 hub processes`,
      n: two.sales,
      median: rate(two),
      p95: '',
      goal: `>= ${GOAL_SALES_PER_S.toLocaleString('en')} sales/s, no duplicates (${met(two)})`,
      peer: `1 hub process: ${rate(one)} (${met(one)}); ${check(two)}; 1 process: ${clean(one) ? 'no duplicates' : check(one)}; ${load}`,
    },
    {
      measure: `hub ingest: one signed batch (<= ${hubMaxBatchItems} entries, <= 1 MiB), 2 hub processes`,
      n: two.batches,
      median: f(two.latency.median),
      p95: f(two.latency.p95),
      p99: f(two.latency.p99),
      goal: '',
      peer: `1 hub process: median ${f(one.latency.median)}, p95 ${f(one.latency.p95)}, p99 ${f(one.latency.p99)}`,
    },
    {
      measure: `hub ingest: CPU per sale (hub processes + their PostgreSQL backends + the terminals), 2 hub processes`,
      n: two.sales,
      median: `${total(two).toFixed(3)} ms`,
      p95: '',
      goal: '',
      peer: `${split(two)}, i.e. ${capacity(two)} on ${cpus} idle cores; 1 hub process: ${total(one).toFixed(3)} ms (${split(one)}), ${capacity(one)} on ${cpus} idle cores`,
    },
  ];
}
