import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeLogger } from '../terminal/log/logger.js';
import { gatewayProvider } from '../terminal/payments/providers.test-util.js';
import { openTerminal } from '../terminal/terminal.js';
import { bundleCli, cliEnv } from './cli-bundle.test-util.js';

/**
 * `tillpoint diagnostics` and the contract's diagnostics.create on a real data folder: configuration files
 * holding keys, an enrolled hub link with its secret, log files (one from the logger, one as an older release
 * might have written it, with a card number in clear). The archive is listed with the system's tar, its parts
 * checked, and its every byte searched for the seeded secrets.
 */

const MERCHANT_KEY = 'merchant-key-0b1c2d3e4f5a6978';
const SV_KEY = 'ab'.repeat(32);
const HUB_SECRET = 'hub-secret-Zm9vYmFyYmF6cXV4cXV1eA';
const PAN = '4111111111111111';
const OLD_LOG_LINE = `{"level":30,"msg":"tap with card ${PAN}"}\n`;

let dir: string;
let cli: string;
let data: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-diag-'));
  cli = await bundleCli('diagnostics');
  data = path.join(dir, 'till');
  mkdirSync(data, { recursive: true });
  writeFileSync(
    path.join(data, 'providers.json'),
    JSON.stringify({ providers: [gatewayProvider('http://127.0.0.1:9', { key: MERCHANT_KEY })] }),
  );
  writeFileSync(
    path.join(data, 'stored-value.json'),
    JSON.stringify({ schemeId: 'SHOP', key: SV_KEY, currency: 'CNY', maxBalance: 100000 }),
  );
  writeFileSync(path.join(data, 'offline-policy.json'), JSON.stringify({ ageLimitS: 3600 }));
  const logger = await createNodeLogger({ source: 'till', logDir: path.join(data, 'logs'), stderr: false });
  const terminal = await openTerminal({ dataDir: data, nfc: 'off', log: logger.log });
  logger.log('a line from the till', { hubSecret: HUB_SECRET });
  await terminal.close();
  await logger.close();
  writeFileSync(path.join(data, 'logs', 'till.0.log'), OLD_LOG_LINE);
  // an enrolled till: the hub link with its secret, as sync.enroll writes it
  const db = new Database(path.join(data, 'tillpoint.db'));
  db.prepare(
    `INSERT INTO hub_link (id, hub_url, hub_terminal_id, secret, enrolled_at) VALUES (1, ?, ?, ?, ?)`,
  ).run('http://127.0.0.1:9', 'hub-terminal-1', HUB_SECRET, new Date().toISOString());
  db.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

/** the parts of summary.json the tests read */
interface Summary {
  versions: { sqlite: string; schema: number; codeSchema: number } & Record<string, unknown>;
  os: { dataDisk: { freeBytes: number } } & Record<string, unknown>;
  dbCheck: { error?: string } & Record<string, unknown>;
  terminal: unknown;
  sync: { stored: unknown; live: unknown };
  reader: unknown;
  printer: unknown;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** the archive's files by name, extracted by the system's tar */
function extract(archive: string): Map<string, string> {
  const listing = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' });
  expect(listing.status, listing.stderr).toBe(0);
  const names = listing.stdout.split('\n').filter((n) => n !== '' && !n.endsWith('/'));
  return new Map(
    names.map((name) => [name, spawnSync('tar', ['-xOzf', archive, name], { encoding: 'utf8' }).stdout]),
  );
}

function expectNoSecret(archive: string) {
  // the whole archive, decompressed, and each file in it
  const whole = gunzipSync(readFileSync(archive)).toString('latin1');
  for (const secret of [MERCHANT_KEY, SV_KEY, HUB_SECRET, PAN]) {
    expect(whole.includes(secret), 'a seeded secret is in the archive').toBe(false);
  }
}

describe('tillpoint diagnostics', () => {
  it('writes one archive with versions, OS, configuration without secrets, db check, sync state and logs', () => {
    const dbFile = path.join(data, 'tillpoint.db');
    const before = sha(dbFile);
    const out = path.join(dir, 'support.tar.gz');
    const run = spawnSync(process.execPath, [cli, 'diagnostics', '--data', data, '--out', out], {
      cwd: dir,
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { file: string; bytes: number; config: unknown };
    expect(printed).toEqual({
      file: out,
      bytes: statSync(out).size,
      config: [
        { file: 'providers.json', state: 'present' },
        { file: 'offline-policy.json', state: 'present' },
        { file: 'stored-value.json', state: 'present' },
        { file: 'printers.json', state: 'absent' },
        { file: 'shop.json', state: 'absent' },
        { file: 'kiosk.json', state: 'absent' },
        { file: 'staff.json', state: 'absent' },
        { file: 'shift.json', state: 'absent' },
        { file: 'bills.json', state: 'absent' },
      ],
    });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // read-only: the database is byte for byte what it was
    expect(sha(dbFile)).toBe(before);

    const files = extract(out);
    expect([...files.keys()].sort()).toEqual([
      'tillpoint-diagnostics/config/bills.json',
      'tillpoint-diagnostics/config/kiosk.json',
      'tillpoint-diagnostics/config/offline-policy.json',
      'tillpoint-diagnostics/config/printers.json',
      'tillpoint-diagnostics/config/providers.json',
      'tillpoint-diagnostics/config/shift.json',
      'tillpoint-diagnostics/config/shop.json',
      'tillpoint-diagnostics/config/staff.json',
      'tillpoint-diagnostics/config/stored-value.json',
      'tillpoint-diagnostics/logs/till.0.log',
      'tillpoint-diagnostics/logs/till.1.log',
      'tillpoint-diagnostics/summary.json',
    ]);
    const summary = JSON.parse(files.get('tillpoint-diagnostics/summary.json')!) as Summary;
    expect(summary.versions).toMatchObject({ tillpoint: expect.any(String), node: process.versions.node });
    expect(summary.versions.sqlite).toMatch(/^3\.\d+/);
    expect(summary.versions.schema).toBe(summary.versions.codeSchema);
    expect(summary.os).toMatchObject({ type: expect.any(String), arch: process.arch });
    expect(summary.os.dataDisk.freeBytes).toBeGreaterThan(0);
    expect(summary.dbCheck).toMatchObject({ integrity: 'ok' });
    expect(summary.terminal).toMatchObject({ name: 'Till 1', currency: 'CNY' });
    expect(summary.sync.stored).toMatchObject({
      enrolled: true,
      hubLink: { hubUrl: 'http://127.0.0.1:9', hubTerminalId: 'hub-terminal-1' },
    });
    expect(summary.sync.live).toBeNull();
    expect(summary.reader).toMatchObject({ state: 'not read' });
    expect(summary.printer).toEqual({ state: 'none', reason: 'no printer configured' });

    const providers = JSON.parse(files.get('tillpoint-diagnostics/config/providers.json')!);
    expect(providers.providers[0]).toMatchObject({ key: '[redacted]', merchantId: 'm-demo' });
    expect(JSON.parse(files.get('tillpoint-diagnostics/config/stored-value.json')!)).toEqual({
      schemeId: 'SHOP',
      key: '[redacted]',
      currency: 'CNY',
      maxBalance: 100000,
    });
    expect(JSON.parse(files.get('tillpoint-diagnostics/config/offline-policy.json')!)).toEqual({
      ageLimitS: 3600,
    });
    expect(files.get('tillpoint-diagnostics/logs/till.1.log')).toContain('a line from the till');
    // a card number an older release logged in clear is masked on the way into the archive
    expect(files.get('tillpoint-diagnostics/logs/till.0.log')).toContain('411111******1111');
    expectNoSecret(out);
  });

  it('writes into DATA/diagnostics by default, keeping the newest 5, and archives a folder it cannot fully read', () => {
    const folder = path.join(data, 'diagnostics');
    mkdirSync(folder, { recursive: true });
    const old = [1, 2, 3, 4, 5, 6].map((d) => `tillpoint-diagnostics-2020-01-0${d}T00-00-00-000Z.tar.gz`);
    for (const name of old) writeFileSync(path.join(folder, name), 'old');
    writeFileSync(path.join(folder, 'notes.txt'), 'not an archive: kept');
    const run = spawnSync(process.execPath, [cli, 'diagnostics', '--data', data], {
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(run.status, run.stderr).toBe(0);
    const { file } = JSON.parse(run.stdout) as { file: string };
    expect(path.dirname(file)).toBe(folder);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual([...old.slice(2), path.basename(file), 'notes.txt'].sort());

    // no database, no logs: the archive still says so rather than failing
    const empty = path.join(dir, 'empty');
    const second = spawnSync(process.execPath, [cli, 'diagnostics', '--data', empty], {
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(second.status, second.stderr).toBe(0);
    const summary = JSON.parse(
      extract((JSON.parse(second.stdout) as { file: string }).file).get(
        'tillpoint-diagnostics/summary.json',
      )!,
    ) as Summary;
    expect(summary.dbCheck.error).toMatch(/no database/);
  });

  it('names a configuration file the till would refuse, with the reason and without its values', () => {
    const folder = path.join(dir, 'bad-config');
    mkdirSync(folder, { recursive: true });
    const VALUE = 'not-a-number-7f3e9a';
    writeFileSync(path.join(folder, 'staff.json'), JSON.stringify({ maxTries: VALUE }));
    writeFileSync(path.join(folder, 'kiosk.json'), '{ not json');
    writeFileSync(
      path.join(folder, 'providers.json'),
      JSON.stringify({ providers: [gatewayProvider('http://127.0.0.1:9', { key: MERCHANT_KEY })] }),
    );
    writeFileSync(path.join(folder, 'shop.json'), JSON.stringify({ name: 'Corner shop' }));
    const out = path.join(dir, 'bad-config.tar.gz');
    const run = spawnSync(process.execPath, [cli, 'diagnostics', '--data', folder, '--out', out], {
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(run.status, run.stderr).toBe(0);
    const { config } = JSON.parse(run.stdout) as {
      config: { file: string; state: string; code?: string; message?: string }[];
    };
    const byFile = new Map(config.map((c) => [c.file, c]));
    expect(byFile.get('staff.json')).toMatchObject({
      state: 'invalid',
      code: 'staff.config_invalid',
      message: expect.stringContaining('maxTries'),
    });
    expect(byFile.get('kiosk.json')).toMatchObject({ state: 'invalid', code: 'kiosk.config_invalid' });
    expect(byFile.get('providers.json')).toEqual({ file: 'providers.json', state: 'present' });
    expect(byFile.get('shop.json')).toEqual({ file: 'shop.json', state: 'present' });
    expect(byFile.get('printers.json')).toEqual({ file: 'printers.json', state: 'absent' });
    const files = extract(out);
    const summaryText = files.get('tillpoint-diagnostics/summary.json')!;
    expect((JSON.parse(summaryText) as { config: unknown }).config).toEqual(config);
    // the report names the field, not what was in it (the file's own copy, secrets redacted, is beside it)
    for (const text of [run.stdout, summaryText]) expect(text).not.toContain(VALUE);
    expect(gunzipSync(readFileSync(out)).toString('latin1')).not.toContain(MERCHANT_KEY);
  });

  it('refuses options that do not apply', () => {
    const run = spawnSync(process.execPath, [cli, 'diagnostics', '--port', '1'], {
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(run.status).toBe(64);
  });
});

describe('diagnostics.create on a running till', () => {
  it('writes the archive into DATA/diagnostics with the live sync and reader state', async () => {
    const logDir = path.join(data, 'logs');
    const terminal = await openTerminal({ dataDir: data, nfc: 'off', logDir });
    try {
      const answer = await terminal.handlers['diagnostics.create']({});
      expect(path.dirname(answer.file)).toBe(path.join(data, 'diagnostics'));
      expect(answer.bytes).toBe(statSync(answer.file).size);
      const summary = JSON.parse(extract(answer.file).get('tillpoint-diagnostics/summary.json')!) as Summary;
      expect(summary.sync.live).toMatchObject({ enrolled: true, hubUrl: 'http://127.0.0.1:9' });
      expect(summary.reader).toHaveProperty('readers');
      expect(readdirSync(path.join(data, 'diagnostics')).length).toBeGreaterThan(0);
      expectNoSecret(answer.file);
    } finally {
      await terminal.close();
    }
  });

  it('answers diagnostics.write_failed when the folder cannot be written', async () => {
    const other = path.join(dir, 'blocked');
    const terminal = await openTerminal({ dataDir: other, nfc: 'off' });
    try {
      // a file where the diagnostics folder should be
      writeFileSync(path.join(other, 'diagnostics'), 'not a folder');
      await expect(terminal.handlers['diagnostics.create']({})).rejects.toMatchObject({
        code: 'diagnostics.write_failed',
      });
    } finally {
      await terminal.close();
    }
  });
});
