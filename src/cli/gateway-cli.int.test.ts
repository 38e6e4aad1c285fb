import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleCli, cliEnv, runServerCommand } from './cli-bundle.test-util.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient } from '../gateway/test-client.js';

/** The real `tillpoint gateway` command, bundled like src/build/build.mjs does, run as a child process. */

let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-gateway-cli-'));
  cli = await bundleCli('tillpoint-gateway');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const gateway = (...args: string[]) => runServerCommand(cli, 'gateway', args, { cwd: dir });

describe('tillpoint gateway', () => {
  it('prints its URL, serves the demo merchant in test mode and closes on SIGTERM with exit 0', async () => {
    const run = gateway('--port', '0', '--test');
    const client = gatewayClient(await run.url);
    const code = await client.issueCode({ wallet: 'wechat', behaviour: 'password', passwordMs: 0 });
    const res = await client.micropay({
      out_trade_no: 'cli-1',
      auth_code: code,
      amount: 100,
      currency: 'CNY',
    });
    expect(res.body).toMatchObject({ trade_status: 'USERPAYING' });
    expect((await client.query('cli-1')).body).toMatchObject({ trade_status: 'SUCCESS' });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout.trim().split('\n')).toHaveLength(1);
  });

  it('refuses scripting without --test and stops on SIGINT', async () => {
    const run = gateway();
    const client = gatewayClient(await run.url);
    await expect(client.issueCode({ wallet: 'wechat', behaviour: 'systemerror' })).rejects.toThrow(/403/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('adds merchants from --merchants FILE', async () => {
    const file = path.join(dir, 'merchants.json');
    writeFileSync(file, JSON.stringify([{ id: 'm-shop', key: 'shop-secret-key' }]));
    const run = gateway('--merchants', file);
    const url = await run.url;
    expect((await gatewayClient(url, { id: 'm-shop', key: 'shop-secret-key' }).query('x')).status).toBe(200);
    expect((await gatewayClient(url, { id: 'm-shop', key: 'guess-the-key' }).query('x')).status).toBe(401);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('keeps its books in --ledger FILE across a restart', async () => {
    const ledger = path.join(dir, 'books.sqlite');
    const first = gateway('--ledger', ledger);
    let client = gatewayClient(await first.url);
    const code = await client.issueCode({ wallet: 'sandbox' });
    await client.micropay({ out_trade_no: 'kept', auth_code: code, amount: 42, currency: 'EUR' });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = gateway('--ledger', ledger);
    client = gatewayClient(await second.url);
    expect((await client.ledger()).orders).toEqual([
      expect.objectContaining({ out_trade_no: 'kept', charged: 1, amount: 42, currency: 'EUR' }),
    ]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('says in one line what is wrong with a bad merchants file, a busy port or a wrong option', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'm-shop', key: 'short' }]));
    const refused = spawnSync(process.execPath, [cli, 'gateway', '--merchants', bad], {
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^tillpoint: --merchants .*\(key 8-256 characters\).*0\.key.*\n$/);
    const missing = spawnSync(
      process.execPath,
      [cli, 'gateway', '--merchants', path.join(dir, 'none.json')],
      { encoding: 'utf8', env: cliEnv },
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);

    const first = gateway();
    const port = new URL(await first.url).port;
    const busy = spawnSync(process.execPath, [cli, 'gateway', '--port', port], {
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`Port ${port} is already in use`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    for (const args of [
      ['gateway', 'extra'],
      ['gateway', '--data', 'x'],
      ['serve', '--test'],
      ['gateway', '--port', 'x'],
    ]) {
      const res = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env: cliEnv });
      expect(res.status, args.join(' ')).toBe(64);
    }
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8', env: cliEnv });
    expect(help.stdout).toContain('gateway [--port P] [--test] [--merchants FILE]');
  });
});
