import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireService } from '../../e2e/require-service.js';
import { catalogPullResponse, hubPaths } from '../shared/hub-api.js';
import {
  paymentEntry,
  postJson,
  pullCatalog,
  saleEntry,
  samplePaymentFinal,
  sendBatch,
  type Credentials,
} from '../hub/hub-test-client.js';
import { pgUnavailableReason, pgUrl } from '../hub/hub-test-backends.js';
import { bundleCli, cliEnv, repo, runServerCommand } from './cli-bundle.test-util.js';

/** The real `tillpoint hub` command, bundled like src/build/build.mjs does, run as a child process. */

let cli: string;
let dir: string;
/** SQLite unless a test says otherwise, whatever the environment running the tests has set. */
const env = { ...cliEnv, DATABASE_URL: '' };

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

  it('hub staff add (PIN on stdin), list and remove: JSON out, never the PIN; mistakes say why', () => {
    const staff = (args: string[], input = '') =>
      spawnSync(process.execPath, [cli, 'hub', 'staff', ...args, '--data', 'hub-staff'], {
        cwd: dir,
        env,
        input,
        encoding: 'utf8',
      });
    const added = staff(
      ['add', '--role', 'manager', '--name', 'Hui Hub', '--badge', '04:5E:A1:77'],
      '482915\n',
    );
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).not.toContain('482915');
    const member = JSON.parse(added.stdout) as { id: string; cursor: string };
    expect(member).toMatchObject({
      name: 'Hui Hub',
      role: 'manager',
      hasBadge: true,
      cursor: expect.any(String),
    });
    const taken = staff(['add', '--role', 'cashier', '--name', 'Other', '--pin', '482915']);
    expect(taken.status).toBe(1);
    expect(JSON.parse(taken.stdout)).toMatchObject({ error: { code: 'staff.pin_taken' } });
    expect(JSON.parse(staff(['list']).stdout)).toEqual([
      { id: member.id, name: 'Hui Hub', role: 'manager', hasBadge: true, seq: Number(member.cursor) },
    ]);
    expect(staff(['remove', member.id]).status).toBe(0);
    expect(JSON.parse(staff(['list']).stdout)).toEqual([]);
    const again = staff(['remove', member.id]);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'hub.staff_not_found' } });
    expect(staff(['promote']).status).toBe(64);
    expect(staff(['add', '--name', 'No Role', '--pin', '1234']).status).toBe(64);
  });

  it('refuses options that do not apply', () => {
    const res = spawnSync(process.execPath, [cli, 'hub', 'enroll-code', '--port', '1'], { cwd: dir, env });
    expect(res.status).toBe(64);
    for (const args of [
      ['publish'],
      ['publish', 'a.json', 'b.json'],
      ['publish', 'a.json', '--port', '1'],
      ['report', '--state', 'declined'],
      ['report', '--payments', '--state', 'paid'],
    ]) {
      expect(
        spawnSync(process.execPath, [cli, 'hub', ...args], { cwd: dir, env }).status,
        args.join(' '),
      ).toBe(64);
    }
  });

  it('publish checks the whole file first; terminals pull what it published; report --payments', async () => {
    const data = ['--data', 'hub-publish'];
    const tillpoint = (...args: string[]) =>
      spawnSync(process.execPath, [cli, 'hub', ...args], { cwd: dir, env, encoding: 'utf8' });
    const demo = path.join(repo, 'assets', 'demo-catalog.json');
    const demoCatalog = (await import('../../assets/demo-catalog.json', { with: { type: 'json' } })).default;
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({ ...demoCatalog, products: [{ ...demoCatalog.products[0], categoryId: 'toys' }] }),
    );
    const bad = tillpoint('publish', 'bad.json', ...data);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      error: {
        code: 'hub.publish_invalid',
        message: 'bad.json is not valid; nothing was published. products[0].categoryId: no category "toys"',
      },
    });
    const missing = tillpoint('publish', 'nope.json', ...data);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: { code: 'hub.publish_unreadable', message: 'There is no file nope.json.' },
    });

    const total = demoCatalog.taxRates.length + demoCatalog.categories.length + demoCatalog.products.length;
    const good = tillpoint('publish', demo, ...data);
    expect(good.status).toBe(0);
    // the cursor counts only these: the bad file wrote nothing
    expect(JSON.parse(good.stdout)).toEqual({ published: total, cursor: String(total) });
    writeFileSync(
      path.join(dir, 'price.json'),
      JSON.stringify([
        { kind: 'config.set', payload: { key: 'offline.policy', value: { ageLimitS: 3600 } } },
      ]),
    );
    expect(JSON.parse(tillpoint('publish', 'price.json', ...data).stdout)).toEqual({
      published: 1,
      cursor: String(total + 1),
    });

    const code = tillpoint('enroll-code', ...data).stdout.trim();
    const run = hub('--port', '0', ...data);
    const url = await run.url;
    const cred = (await postJson(`${url}${hubPaths.enroll}`, { code, name: 'till 1' })).body as Credentials;
    const pulled = catalogPullResponse.parse((await pullCatalog(url, cred, '?after=0')).body);
    expect(pulled.changes).toHaveLength(total + 1);
    expect(pulled).toMatchObject({ cursor: String(total + 1), more: false });
    const paid = samplePaymentFinal();
    const declined = samplePaymentFinal({
      state: 'declined',
      reason: { code: 'payment.declined', message: 'Declined by the wallet' },
    });
    const sent = await sendBatch(url, cred, { entries: [paymentEntry(paid), paymentEntry(declined)] });
    expect(sent.body).toMatchObject({ results: [{ status: 'accepted' }, { status: 'accepted' }] });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const all = tillpoint('report', '--payments', ...data);
    expect(all.status).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({
      payments: expect.arrayContaining([
        expect.objectContaining({
          attemptId: paid.id,
          state: 'succeeded',
          terminalName: 'till 1',
          amount: 1250,
        }),
        expect.objectContaining({
          attemptId: declined.id,
          state: 'declined',
          reasonCode: 'payment.declined',
        }),
      ]) as unknown[],
    });
    const onlyDeclined = JSON.parse(
      tillpoint('report', '--payments', '--state', 'declined', ...data).stdout,
    ) as {
      payments: { attemptId: string }[];
    };
    expect(onlyDeclined.payments.map((p) => p.attemptId)).toEqual([declined.id]);
    const byName = tillpoint('report', '--payments', '--terminal', 'till 1', ...data);
    expect((JSON.parse(byName.stdout) as { payments: unknown[] }).payments).toHaveLength(2);
    const stranger = tillpoint('report', '--payments', '--terminal', 'till 9', ...data);
    expect(stranger.status).toBe(1);
    expect(stranger.stderr).toMatch(/No terminal with the id or name "till 9"/);
    // the sales report is unchanged: payment.final entries are not sales
    expect(JSON.parse(tillpoint('report', ...data).stdout)).toMatchObject({ sales: 0, rows: [] });
  });
});

const pgAdmin = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
// printed and skipped without PostgreSQL; under CI a failure (requireService)
const pgReachable = requireService('PostgreSQL', await pgUnavailableReason()) === null;
if (pgReachable) await pgAdmin.connect();
afterAll(() => (pgReachable ? pgAdmin.end() : undefined));

describe.skipIf(!pgReachable)('tillpoint hub publish on PostgreSQL (DATABASE_URL)', () => {
  it('publishes into PostgreSQL, refuses a bad file there too, and reports payments', async () => {
    const schema = `hub_test_${randomBytes(6).toString('hex')}`;
    await pgAdmin.query(`CREATE SCHEMA ${schema}`);
    try {
      const url = new URL(pgUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const tillpoint = (...args: string[]) =>
        spawnSync(process.execPath, [cli, 'hub', ...args], {
          cwd: dir,
          env: { ...cliEnv, DATABASE_URL: url.href },
          encoding: 'utf8',
        });
      writeFileSync(path.join(dir, 'pg-bad.json'), JSON.stringify([{ kind: 'config.set', payload: {} }]));
      const bad = tillpoint('publish', 'pg-bad.json');
      expect(bad.status).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'hub.publish_invalid' } });
      const good = tillpoint('publish', path.join(repo, 'assets', 'demo-catalog.json'));
      expect(good.status).toBe(0);
      const { published, cursor } = JSON.parse(good.stdout) as { published: number; cursor: string };
      expect(cursor).toBe(String(published));
      const rows = await pgAdmin.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.catalog_changes`);
      expect(Number(rows.rows[0]?.n)).toBe(published);
      const report = tillpoint('report', '--payments');
      expect(report.status).toBe(0);
      expect(JSON.parse(report.stdout)).toMatchObject({ payments: [], totals: [] });
    } finally {
      await pgAdmin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });
});
