import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient } from '../gateway/test-client.js';
import { makeTestCa } from '../gateway/test-tls.js';
import { bundleCli, cliEnv, runServerCommand } from './cli-bundle.test-util.js';

/** `tillpoint gateway --dialect wechatpay` as a child process: test keys made, printed, kept, and https. */
let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-gateway-wx-cli-'));
  cli = await bundleCli('tillpoint-gateway-wechatpay');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

describe('tillpoint gateway --dialect wechatpay', () => {
  it('makes test keys in --keys DIR (secrets 0600), prints mchid, appid and where they are, serves https', async () => {
    const ca = makeTestCa();
    const server = ca.issue(['127.0.0.1']);
    writeFileSync(path.join(dir, 'cert.pem'), server.certPem);
    writeFileSync(path.join(dir, 'key.pem'), server.keyPem, { mode: 0o600 });
    const keys = path.join(dir, 'keys');
    const args = [
      '--dialect',
      'wechatpay',
      '--keys',
      keys,
      '--tls-cert',
      'cert.pem',
      '--tls-key',
      'key.pem',
      '--test',
    ];
    const run = runServerCommand(cli, 'gateway', args, { cwd: dir });
    const url = await run.url;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = run.output().stdout.trim().split('\n');
    expect(lines[1]).toMatch(
      new RegExp(
        `^WeChat Pay simulator: mchid 1900000109, appid wxd930ea5d5a258f4f, merchant certificate serial [0-9A-F]+, keys in ${keys} \\(apiclient_key\\.pem`,
      ),
    );
    for (const secret of ['apiclient_key.pem', 'wechatpay_platform_key.pem', 'apiv2.key', 'apiv3.key']) {
      expect(statSync(path.join(keys, secret)).mode & 0o777, secret).toBe(0o600);
    }
    // the sandbox controls speak https too; the sandbox's own JSON API is not served in this dialect
    const client = gatewayClient(url, undefined, ca.caPem);
    expect(await client.issueCode({ wallet: 'wechat' })).toMatch(/^1[0-5]\d{16}$/);
    expect((await client.micropay({ out_trade_no: 'x' })).status).toBe(404);
    // the keys never reach the log
    const apiV2Key = readFileSync(path.join(keys, 'apiv2.key'), 'utf8').trim();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stderr).not.toContain(apiV2Key);

    // started again on the same folder: the same keys, so a till set up once keeps working
    const again = runServerCommand(cli, 'gateway', args, { cwd: dir });
    await again.url;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(again.output().stdout.trim().split('\n')[1]).toBe(lines[1]);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('refuses an unknown dialect and half a TLS pair with a one-line reason', () => {
    const wrong = spawnSync(process.execPath, [cli, 'gateway', '--dialect', 'paypal'], {
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(wrong.status).toBe(64);
    expect(wrong.stderr).toContain('--dialect must be one of sandbox, alipay, wechatpay');
    const half = spawnSync(process.execPath, [cli, 'gateway', '--tls-cert', 'x.pem'], {
      encoding: 'utf8',
      env: cliEnv,
    });
    expect(half.status).toBe(64);
    expect(half.stderr).toContain('--tls-cert and --tls-key go together');
  });
});
