import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seededRandom, testSeed } from '../../../e2e/test-seed.js';
import { bundleChild } from '../child-bundle.test-util.js';

/**
 * Durability under SIGKILL: a child completes sales in a loop and reports each after its commit; we kill it
 * at random moments and restart it on the same file. Every reported sale must be there and whole, no sale
 * may be half-written, and the file must pass PRAGMA integrity_check. (WAL + synchronous=FULL: a committed
 * transaction is in the WAL and synced before sale.complete returns, https://sqlite.org/wal.html.)
 *
 * Every random choice (where each kill lands, what the child sells) comes from the printed seed: SEED=<n>
 * replays the same schedule. The kills still land on a real clock, so a replay on a slower or faster machine
 * hits nearby moments, not byte-identical ones.
 */
const KILLS = process.env.CI ? 200 : 30;
const seed = testSeed('crash test');
const random = seededRandom(seed);

let dir: string;
let childScript: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-crash-'));
  childScript = await bundleChild(new URL('./crash-child.ts', import.meta.url), dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Reported {
  id: string;
  number: number;
  total: number;
  lines: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the child until a random moment, SIGKILLs it, answers what it reported. */
async function runAndKill(dataDir: string): Promise<{ reported: Reported[]; wasReady: boolean }> {
  // the child draws its sales from its own seed, taken from ours: a replay sells the same tickets
  const childSeed = Math.floor(random() * 2 ** 32);
  const child = spawn(process.execPath, [childScript, dataDir, String(childSeed)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  // One kill in five lands at a random moment of start-up (node boot, open, migration, first-run seed); the
  // rest land in the sale loop, at a random moment after the child said it is ready. These sleeps are the
  // test itself (a kill at an unannounced moment), not a wait for something to happen.
  if (random() < 0.2) {
    await sleep(random() * 250);
  } else {
    const ready = new Promise((resolve) =>
      child.stdout.on('data', () => out.startsWith('ready\n') && resolve(null)),
    );
    await Promise.race([ready, exited, sleep(10_000)]);
    await sleep(random() * 150);
  }
  child.kill('SIGKILL');
  const { code, signal } = await exited;
  // wait for the pipes to drain what was written before the kill
  await new Promise((resolve) =>
    child.stdout.readableEnded ? resolve(null) : child.stdout.on('end', resolve),
  );
  if (signal !== 'SIGKILL') throw new Error(`the child exited by itself (code ${code}): ${err}`);
  // only whole lines: a line cut by the kill was never a report
  const lines = out.split('\n').slice(0, -1);
  return {
    wasReady: lines[0] === 'ready',
    reported: lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Reported),
  };
}

/**
 * Checks the file after a kill: `fresh` (reported in this run) one by one, every earlier report in one
 * query (so the check stays linear over hundreds of rounds), and no completed sale anywhere half-written.
 */
function verify(file: string, fresh: readonly Reported[], earlier: readonly Reported[]): void {
  const db = new Database(file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const sale = db.prepare(`SELECT number, state, total FROM sales WHERE id = ?`);
    const lineCount = db.prepare(`SELECT count(*) FROM sale_lines WHERE sale_id = ?`).pluck();
    const payment = db.prepare(`SELECT amount FROM payments WHERE sale_id = ?`).pluck();
    const outbox = db.prepare(`SELECT payload FROM outbox WHERE idempotency_key = ?`).pluck();
    for (const r of fresh) {
      expect(sale.get(r.id), r.id).toEqual({ number: r.number, state: 'completed', total: r.total });
      expect(lineCount.get(r.id)).toBe(r.lines);
      expect(payment.all(r.id)).toEqual([r.total]);
      const payload = JSON.parse(outbox.get(`sale:${r.id}`) as string) as { id: string; number: number };
      expect(payload).toMatchObject({ id: r.id, number: r.number });
    }
    const stillThere = db
      .prepare(
        `SELECT count(*) FROM json_each(?) AS r JOIN sales s ON s.id = r.value ->> 'id'
         WHERE s.state = 'completed' AND s.number = r.value ->> 'number' AND s.total = r.value ->> 'total'
           AND (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id) = r.value ->> 'lines'`,
      )
      .pluck()
      .get(JSON.stringify(earlier));
    expect(stillThere).toBe(earlier.length);
    // and no completed sale anywhere is missing a part, reported or not
    const broken = db
      .prepare(
        `SELECT id FROM sales s WHERE state = 'completed' AND (
           NOT EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id)
           OR (SELECT count(*) FROM payments p WHERE p.sale_id = s.id) <> 1
           OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idempotency_key = 'sale:' || s.id)
           OR (SELECT sum(total) FROM sale_lines l WHERE l.sale_id = s.id) <> s.total)`,
      )
      .all();
    expect(broken).toEqual([]);
    // receipt numbers 1..n without gaps or repeats
    const numbers = db
      .prepare(`SELECT count(*) AS n, coalesce(max(number), 0) AS top FROM sales WHERE state = 'completed'`)
      .get() as {
      n: number;
      top: number;
    };
    expect(numbers.top).toBe(numbers.n);
    const counter = db.prepare('SELECT last_receipt_number FROM terminal').pluck().get() as
      number | undefined;
    if (counter !== undefined) expect(counter).toBe(numbers.n);
  } finally {
    db.close();
  }
}

test(`every sale reported before a SIGKILL survives, whole (${KILLS} kills, SEED=${seed})`, async () => {
  const dataDir = join(dir, 'data');
  const file = join(dataDir, 'tillpoint.db');
  const all: Reported[] = [];
  let readyRounds = 0;
  for (let round = 0; round < KILLS; round++) {
    const { reported, wasReady } = await runAndKill(dataDir);
    if (wasReady) readyRounds++;
    if (wasReady || all.length > 0) verify(file, reported, all);
    all.push(...reported);
  }
  // the test proved something: most runs got to sell, and many sales were committed between kills
  expect(readyRounds).toBeGreaterThan(KILLS / 2);
  expect(all.length).toBeGreaterThan(KILLS);
  expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
}, 180_000);
