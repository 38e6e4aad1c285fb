import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPaths } from '../shared/hub-api.js';
import { postJson, sendBatch, type Credentials } from '../hub/hub-test-client.js';
import { sampleShift, shiftEntry } from '../hub/shift-sample.test-util.js';
import { bundleCli, cliEnv, runServerCommand } from './cli-bundle.test-util.js';

/** `tillpoint hub report --shifts`, the real command bundled and run as a child process against SQLite. */

let cli: string;
let dir: string;
const env = { ...cliEnv, DATABASE_URL: '' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-hub-shifts-'));
  cli = await bundleCli('tillpoint-hub-shifts');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const tillpoint = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'hub', ...args], { cwd: dir, env, encoding: 'utf8' });

describe('tillpoint hub report --shifts', () => {
  it('prints every closed shift the terminals synced as JSON, by terminal too', async () => {
    const code = tillpoint('enroll-code', '--data', 'hub').stdout.trim();
    const run = runServerCommand(cli, 'hub', ['--port', '0', '--data', 'hub'], { cwd: dir, env });
    const url = await run.url;
    const till = (await postJson(`${url}${hubPaths.enroll}`, { code, name: 'till 1' })).body as Credentials;
    const sent = await sendBatch(url, till, {
      entries: [shiftEntry(sampleShift('shift-1', 1)), shiftEntry(sampleShift('shift-2', 2))],
    });
    expect(sent.body).toMatchObject({ results: [{ status: 'accepted' }, { status: 'accepted' }] });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const report = tillpoint('report', '--shifts', '--data', 'hub');
    expect(report.status).toBe(0);
    const parsed = JSON.parse(report.stdout) as {
      shifts: { terminalName: string; zNumber: number; report: { totals: { cash: { expected: number } } } }[];
    };
    expect(parsed.shifts.map((s) => [s.terminalName, s.zNumber])).toEqual([
      ['till 1', 1],
      ['till 1', 2],
    ]);
    expect(parsed.shifts[0]!.report.totals.cash.expected).toBe(20_500);
    expect(
      JSON.parse(tillpoint('report', '--shifts', '--terminal', 'till 1', '--data', 'hub').stdout),
    ).toEqual(parsed);
    // shift.closed entries are not sales
    expect(JSON.parse(tillpoint('report', '--data', 'hub').stdout)).toMatchObject({ sales: 0 });
  });

  it('refuses --shifts with --payments or --state (exit 64, named)', () => {
    const both = tillpoint('report', '--shifts', '--payments');
    expect(both.status).toBe(64);
    expect(both.stderr).toMatch(/--payments, --shifts, --reconciliations and --journal are separate reports/);
    expect(tillpoint('report', '--shifts', '--state', 'declined').status).toBe(64);
  });
});
