import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsOf } from '../terminal/call.test-util.js';
import { openTerminal, type Terminal } from '../terminal/terminal.js';
import { bundleCli } from './cli-bundle.test-util.js';

/** `tillpoint kiosk set-pin` from the real CLI bundle, on a real data folder, then used by a kiosk till. */
let cli: string;
let dir: string;
let terminal: Terminal | undefined;
const { call, fails } = callsOf(() => terminal);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-kiosk-cli-'));
  cli = await bundleCli('tillpoint-kiosk');
});
afterAll(async () => {
  await terminal?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const env = { ...process.env, DATABASE_URL: '' };
const runCli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: dir,
    env,
    timeout: 30_000,
    ...(input === undefined ? {} : { input }),
  });

describe('tillpoint kiosk set-pin', () => {
  it('sets the PIN from --pin or from a line on stdin; a kiosk till then takes it', async () => {
    const data = path.join(dir, 'till');
    const flag = runCli(['kiosk', 'set-pin', '--pin', '2468', '--data', data]);
    expect(flag.status, flag.stderr).toBe(0);
    expect(JSON.parse(flag.stdout)).toEqual({ set: true });

    // from stdin: the PIN stays out of the shell history
    const piped = runCli(['kiosk', 'set-pin', '--data', data], '13579\n');
    expect(piped.status, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual({ set: true });
    expect(piped.stdout + piped.stderr).not.toContain('13579');

    terminal = await openTerminal({ dataDir: data, kiosk: true });
    expect((await call('kiosk.status', {})).demoPin).toBe(false);
    expect((await fails('kiosk.staffClear', { pin: '2468' })).code).toBe('kiosk.pin_wrong');
    await call('kiosk.staffClear', { pin: '13579' });

    // while the till runs, the folder is its: set-pin is refused and changes nothing
    const locked = runCli(['kiosk', 'set-pin', '--pin', '1111', '--data', data]);
    expect(locked.status).toBe(1);
    expect(JSON.parse(locked.stdout)).toMatchObject({ error: { code: 'store.locked' } });
    await terminal.close();
    terminal = undefined;
  });

  it('refuses a PIN that is not 4 to 8 digits, an empty stdin and an unknown subcommand', () => {
    const data = path.join(dir, 'till-bad');
    for (const pin of ['12ab', '123', '123456789']) {
      const bad = runCli(['kiosk', 'set-pin', '--pin', pin, '--data', data]);
      expect(bad.status, pin).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({
        error: { code: 'kiosk.pin_format', message: 'A staff PIN is 4 to 8 digits.' },
      });
    }
    const empty = runCli(['kiosk', 'set-pin', '--data', data], '');
    expect(empty.status).toBe(64);
    expect(empty.stderr).toContain('kiosk set-pin needs --pin N');
    const unknown = runCli(['kiosk', 'reset-pin', '--data', data]);
    expect(unknown.status).toBe(64);
    const help = runCli(['--help']);
    expect(help.stdout).toContain('kiosk set-pin [--pin N] [--data DIR]');
  });
});
