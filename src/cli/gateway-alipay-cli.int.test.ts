import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa } from '../gateway/test-tls.js';
import { bundleCli, cliEnv } from './cli-bundle.test-util.js';

/** `tillpoint gateway --dialect alipay` as a user runs it: https, a keys folder, what it prints. */
let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-gateway-alipay-cli-'));
  cli = await bundleCli('tillpoint-gateway-alipay');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

describe('tillpoint gateway --dialect alipay', () => {
  it('serves https with the given certificate, prints its URL, app id and key folder, and keeps the keys', async () => {
    const ca = makeTestCa();
    const server = ca.issue(['127.0.0.1']);
    writeFileSync(path.join(dir, 'cert.pem'), server.certPem);
    writeFileSync(path.join(dir, 'key.pem'), server.keyPem, { mode: 0o600 });
    const child = spawn(
      process.execPath,
      [cli, 'gateway', '--dialect', 'alipay', '--port', '0', '--keys', 'sim-keys'] // relative to the cwd
        .concat(['--tls-cert', 'cert.pem', '--tls-key', 'key.pem']),
      { cwd: dir, env: cliEnv },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.split('\n').length > 3) resolve();
      });
      void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const [urlLine, appLine, keysLine] = stdout.trim().split('\n');
    const url = /^Tillpoint gateway: (https:\/\/127\.0\.0\.1:\d+)$/.exec(urlLine ?? '')?.[1];
    expect(url, stdout).toBeDefined();
    const appId = /^Alipay app id: (\d{16})$/.exec(appLine ?? '')?.[1];
    expect(appId, stdout).toBeDefined();
    expect(keysLine).toBe(`Alipay keys: ${path.join(dir, 'sim-keys')}`);
    expect(readFileSync(path.join(dir, 'sim-keys', 'app-id.txt'), 'utf8').trim()).toBe(appId);
    expect(statSync(path.join(dir, 'sim-keys', 'app-private-key.pem')).mode & 0o777).toBe(0o600);
    expect(stdout + stderr).not.toMatch(/PRIVATE KEY|MII/);
    // the test CA is trusted; the gateway answers in Alipay's words
    const text = await new Promise<string>((resolve, reject) => {
      const req = https.request(
        `${url}/gateway.do`,
        { method: 'POST', ca: ca.caPem, agent: false },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      req.end('method=alipay.trade.query&app_id=1');
    });
    expect(text).toContain('"alipay_trade_query_response":{"code":"40002"');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses an unknown dialect, half a TLS pair and an unreadable certificate', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [cli, 'gateway', ...args], { cwd: dir, encoding: 'utf8', env: cliEnv });
    const bogus = run('--dialect', 'paypal');
    expect(bogus.status).toBe(64);
    expect(bogus.stderr).toContain('--dialect must be one of sandbox, alipay');
    const half = run('--tls-cert', 'cert.pem');
    expect(half.status).toBe(64);
    expect(half.stderr).toContain('--tls-cert and --tls-key go together');
    const missing = run('--port', '0', '--tls-cert', 'none.pem', '--tls-key', 'none.pem');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('none.pem');
  });
});
