import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireService } from '../../e2e/require-service.js';
import { journalGenesisHash, journalRowHash } from '../core/journal-chain.js';
import { createDispatcher } from '../shared/dispatch.js';
import type { MethodName, ParamsOf, ResultOf } from '../shared/contract.js';
import { sha256Hex } from '../terminal/store/journal-store.js';
import { openTerminal, type Terminal } from '../terminal/terminal.js';
import { bundleCli, cliEnv } from './cli-bundle.test-util.js';

/**
 * `tillpoint journal verify` against a real till's data folder, tampered with as an intruder with the
 * sqlite3 command line would: drop the guard trigger and change a row, delete a row, delete the tail, swap in
 * a forged Z. Each is found, with the first bad seq. (A whole older copy of the database is consistent in
 * itself: the hub's stored head catches that, src/hub/hub-journal.int.test.ts.)
 */
const noSqlite3 = requireService(
  'sqlite3',
  spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).status === 0 ? null : 'no sqlite3 command on PATH',
);

const WATER = '6901234567892';
let cli: string;
let root: string;
let base: string;
/** seq of the shift.close row of Z 1, and of the last row */
let zSeq: number;
let lastSeq: number;

async function call<M extends MethodName>(t: Terminal, name: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const result = await createDispatcher(t.handlers, () => {})(name, params);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as ResultOf<M>;
}
async function cashSale(t: Terminal): Promise<void> {
  const sale = await call(t, 'sale.start', {});
  await call(t, 'sale.scan', { saleId: sale.id, barcode: WATER });
  await call(t, 'sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 500 } });
}

const sqlite = (dir: string, sql: string) => {
  const done = spawnSync('sqlite3', [path.join(dir, 'tillpoint.db'), sql], { encoding: 'utf8' });
  expect(done.stderr).toBe('');
  return done.stdout.trim();
};
function copy(): string {
  const dir = mkdtempSync(path.join(root, 'case-'));
  cpSync(base, dir, { recursive: true });
  return dir;
}
function verify(dir: string) {
  const run = spawnSync(process.execPath, [cli, 'journal', 'verify', '--data', dir], {
    encoding: 'utf8',
    env: cliEnv,
  });
  return {
    status: run.status,
    report: JSON.parse(run.stdout) as Record<string, unknown>,
    stderr: run.stderr,
  };
}

describe.skipIf(noSqlite3 !== null)('tillpoint journal verify', () => {
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'tillpoint-journal-'));
    base = path.join(root, 'base');
    cli = await bundleCli('tillpoint-journal');
    const t = await openTerminal({ dataDir: base });
    try {
      await call(t, 'shift.open', { count: [{ value: 100, count: 1 }] });
      for (let i = 0; i < 3; i++) await cashSale(t);
      await call(t, 'shift.close', {
        count: [
          { value: 100, count: 2 },
          { value: 500, count: 1 },
        ],
        note: null,
      });
      await call(t, 'shift.open', { count: [{ value: 100, count: 1 }] });
      for (let i = 0; i < 2; i++) await cashSale(t);
    } finally {
      await t.close();
    }
    zSeq = Number(sqlite(base, `SELECT seq FROM journal_closings WHERE z_number = 1`));
    lastSeq = Number(sqlite(base, `SELECT max(seq) FROM journal`));
    expect(zSeq).toBeGreaterThan(3);
    expect(lastSeq).toBeGreaterThan(zSeq + 2);
  }, 60_000);
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cli, { force: true });
  });

  it('an untouched till verifies: every row, the signed Z, exit 0', () => {
    const { status, report } = verify(copy());
    expect(report).toMatchObject({
      ok: true,
      rows: lastSeq,
      closings: 1,
      closingProblem: null,
      unchained: 0,
    });
    expect(status).toBe(0);
  });

  it('a changed row (guard trigger dropped): hash_mismatch at its seq', () => {
    const dir = copy();
    sqlite(dir, `DROP TRIGGER journal_no_update; UPDATE journal SET data = '{"total":1}' WHERE seq = 2;`);
    const { status, report, stderr } = verify(dir);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'hash_mismatch' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/journal is broken at seq 2/);
  });

  it('a deleted row: seq_gap naming the missing seq', () => {
    const dir = copy();
    sqlite(dir, `DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 3;`);
    expect(verify(dir).report).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'seq_gap' });
  });

  it('a deleted tail reaching into a signed Z: head_behind at the first missing seq', () => {
    const dir = copy();
    sqlite(dir, `DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq >= ${zSeq - 1};`);
    const { status, report } = verify(dir);
    expect(report).toMatchObject({ ok: false, firstBadSeq: zSeq - 1, reason: 'head_behind' });
    expect(status).toBe(1);
  });

  it('a deleted row, the rest renumbered: prev_mismatch where the link breaks', () => {
    const dir = copy();
    sqlite(
      dir,
      `DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 2;
       UPDATE journal SET seq = seq - 1 WHERE seq > 2;`,
    );
    expect(verify(dir).report).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'prev_mismatch' });
  });

  it('history rewritten with every hash recomputed still breaks the signed Z (anchor_mismatch)', () => {
    const dir = copy();
    sqlite(
      dir,
      `DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 2;`,
    );
    // the intruder's script: renumber and re-hash every row after the hole, as appendJournal would have
    const db = new Database(path.join(dir, 'tillpoint.db'));
    try {
      const rows = db
        .prepare(`SELECT id, seq, at, kind, sale_id AS saleId, data FROM journal ORDER BY seq`)
        .all() as {
        id: number;
        seq: number;
        at: string;
        kind: string;
        saleId: string | null;
        data: string;
      }[];
      const update = db.prepare(`UPDATE journal SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?`);
      db.prepare(`UPDATE journal SET seq = seq + 1000000`).run();
      let prevHash = journalGenesisHash;
      rows.forEach((r, i) => {
        const content = { ...r, seq: i + 1, prevHash };
        const hash = journalRowHash(content, sha256Hex);
        update.run(i + 1, prevHash, hash, r.id);
        prevHash = hash;
      });
    } finally {
      db.close();
    }
    const { status, report } = verify(dir);
    expect(report).toMatchObject({ ok: false, firstBadSeq: zSeq, reason: 'anchor_mismatch' });
    expect(status).toBe(1);
  });

  it('a forged or removed signed Z is named', () => {
    const forged = copy();
    sqlite(
      forged,
      `DROP TRIGGER journal_closings_no_update;
       UPDATE journal_closings SET document = json_set(document, '$.period.gross', 1) WHERE z_number = 1;`,
    );
    const { status, report, stderr } = verify(forged);
    // the chain itself is whole: only the closing is named
    expect(report).toMatchObject({
      ok: false,
      rows: lastSeq,
      closingProblem: expect.stringMatching(/^Z 1: the signature/),
    });
    expect(report.firstBadSeq).toBeUndefined();
    expect(status).toBe(1);
    expect(stderr).toMatch(/signed Z closing does not hold/);
  });
});
