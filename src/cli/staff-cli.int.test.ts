import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from './cli-bundle.test-util.js';

/** `tillpoint staff add/list/remove` from the real CLI bundle on a real data folder. */
let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-staff-cli-'));
  cli = await bundleCli('tillpoint-staff');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const env = { ...process.env, DATABASE_URL: '', TILLPOINT_LANG: '' };
const runCli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: dir,
    env,
    timeout: 30_000,
    ...(input === undefined ? {} : { input }),
  });

describe('tillpoint staff', () => {
  it('adds a manager by --pin and a cashier by stdin, lists them without PINs or hashes, removes one', () => {
    const data = path.join(dir, 'till');
    const manager = runCli([
      'staff',
      'add',
      '--role',
      'manager',
      '--name',
      'Mei',
      '--pin',
      '2468',
      '--data',
      data,
    ]);
    expect(manager.status, manager.stderr).toBe(0);
    expect(JSON.parse(manager.stdout)).toMatchObject({ name: 'Mei', role: 'manager', hasBadge: false });

    const cashier = runCli(
      ['staff', 'add', '--role', 'cashier', '--name', 'Chen', '--badge', '04A2B3C4', '--data', data],
      '13579\n',
    );
    expect(cashier.status, cashier.stderr).toBe(0);
    expect(cashier.stdout + cashier.stderr).not.toContain('13579');

    // a PIN names its owner: a second member with the same PIN is refused
    const taken = runCli([
      'staff',
      'add',
      '--role',
      'cashier',
      '--name',
      'Li',
      '--pin',
      '2468',
      '--data',
      data,
    ]);
    expect(taken.status).toBe(1);
    expect(JSON.parse(taken.stdout)).toMatchObject({ error: { code: 'staff.pin_taken' } });

    const list = runCli(['staff', 'list', '--data', data]);
    expect(list.status, list.stderr).toBe(0);
    const members = JSON.parse(list.stdout) as {
      id: string;
      name: string;
      role: string;
      hasBadge: boolean;
    }[];
    expect(members.map((m) => [m.name, m.role, m.hasBadge])).toEqual([
      ['Mei', 'manager', false],
      ['Chen', 'cashier', true],
    ]);
    expect(list.stdout).not.toMatch(/hash|salt|pin/i);

    const removed = runCli(['staff', 'remove', members[1]!.id, '--data', data]);
    expect(removed.status, removed.stderr).toBe(0);
    expect(JSON.parse(runCli(['staff', 'list', '--data', data]).stdout)).toHaveLength(1);
    const again = runCli(['staff', 'remove', members[1]!.id, '--data', data]);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'staff.not_found' } });
  });

  it('refuses a bad PIN, a missing role or name, an unknown role and an unknown subcommand', () => {
    const data = path.join(dir, 'till-bad');
    for (const pin of ['12ab', '123', '1234567']) {
      const bad = runCli(['staff', 'add', '--role', 'cashier', '--name', 'X', '--pin', pin, '--data', data]);
      expect(bad.status, pin).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({
        error: { code: 'staff.pin_format', message: 'A staff PIN is 4 to 6 digits.' },
      });
    }
    const noRole = runCli(['staff', 'add', '--name', 'X', '--pin', '1234', '--data', data]);
    expect(noRole.status).toBe(64);
    expect(noRole.stderr).toContain('staff add needs --role ROLE and --name NAME');
    const owner = runCli(['staff', 'add', '--role', 'owner', '--name', 'X', '--pin', '1234', '--data', data]);
    expect(owner.status).toBe(64);
    expect(owner.stderr).toContain('--role must be one of cashier, supervisor, manager');
    expect(runCli(['staff', 'fire', '--data', data]).status).toBe(64);
    expect(runCli(['--help']).stdout).toContain('staff add --role cashier|supervisor|manager');
  });
});
