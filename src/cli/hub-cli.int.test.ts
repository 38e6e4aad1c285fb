import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPaths } from '../shared/hub-api.js';
import { postJson, saleEntry, sendBatch, type Credentials } from '../hub/hub-test-client.js';
import { bundleCli, runServerCommand } from './cli-bundle.test-util.js';

/** The real `tillpoint hub` command, bundled like src/build/build.mjs does, run as a child process. */

let cli: string;
let dir: string;
/** SQLite unless a test says otherwise, whatever the environment running the tests has set. */
const env = { ...process.env, DATABASE_URL: '' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-hub-cli-'));
  cli = await bundleCli('tillpoint-hub');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const hub = (...args: string[]) => runServerCommand(cli, 'hub', args, { cwd: dir, env });

describe('tillpoint hub', () => {
  it('enroll-code prints a one-time code that enrolls one terminal with the running hub', async () => {
    const made = spawnSync(process.execPath, [cli, 'hub', 'enroll-code', '--data', 'hub-data'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    expect(made.status).toBe(0);
    const code = made.stdout.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

    const run = hub('--port', '0', '--data', 'hub-data');
    const url = await run.url;
    const enrolled = await postJson(`${url}${hubPaths.enroll}`, { code, name: 'till 1' });
    expect(enrolled.status).toBe(201);
    const batch = await sendBatch(url, enrolled.body as Credentials, { entries: [saleEntry()] });
    expect(batch.body).toMatchObject({ results: [{ status: 'accepted' }] });
    expect((await postJson(`${url}${hubPaths.enroll}`, { code, name: 'till 2' })).status).toBe(403);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout.trim().split('\n')).toHaveLength(1);

    const report = spawnSync(process.execPath, [cli, 'hub', 'report', '--data', 'hub-data'], {
      cwd: dir,
      env: { ...env, TZ: 'UTC' },
      encoding: 'utf8',
    });
    expect(report.status).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({
      timeZone: 'UTC',
      sales: 1,
      rows: [{ terminalName: 'till 1', tender: 'cash', payments: 1, amount: 1250 }],
    });
  });

  it('says in one line that PostgreSQL is not answering, and exits 1', () => {
    const res = spawnSync(process.execPath, [cli, 'hub', '--port', '0'], {
      cwd: dir,
      env: { ...env, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' },
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /^tillpoint: Cannot open the hub database \(PostgreSQL 127\.0\.0\.1:1\/none\).*ECONNREFUSED/,
    );
    expect(res.stderr).not.toContain('secret');
  });

  it('refuses options that do not apply', () => {
    const res = spawnSync(process.execPath, [cli, 'hub', 'enroll-code', '--port', '1'], { cwd: dir, env });
    expect(res.status).toBe(64);
  });
});
