import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, cliEnv, spawnServe } from './cli-bundle.test-util.js';

/**
 * One process per data folder, with real `tillpoint` processes: a second serve and a CLI write are refused
 * with the folder and the holder named, a read beside the running till is fine, and a SIGKILLed serve's lock
 * is taken over by the next one.
 */

let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-lock-cli-'));
  cli = await bundleCli('tillpoint-lock');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const env = { ...cliEnv, DATABASE_URL: '' };
const runCli = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env, timeout: 30_000 });

function serve(data: string) {
  return spawnServe(cli, ['--no-nfc', '--port', '0', '--data', data], { cwd: dir, env });
}

const lockOf = (data: string) =>
  JSON.parse(readFileSync(path.join(data, 'tillpoint.lock'), 'utf8')) as { pid: number; command: string };

describe('one Tillpoint process per data folder', () => {
  it('refuses a second serve and an enroll while serve runs; queue reads beside it; SIGTERM frees it', async () => {
    const data = path.join(dir, 'till-a');
    const first = serve(data);
    try {
      await first.url;
      expect(lockOf(data)).toMatchObject({ pid: first.child.pid, command: 'serve' });

      const second = runCli('serve', '--no-nfc', '--port', '0', '--data', data);
      expect(second.status).toBe(1);
      expect(second.stdout).toBe('');
      const line = second.stderr.trim().split('\n').at(-1)!;
      expect(line).toContain(`The data folder ${data} is in use by Tillpoint serve (pid ${first.child.pid}`);
      expect(line).toContain('Stop it first, or use another --data folder.');

      const enroll = runCli('enroll', '--hub', 'http://127.0.0.1:9', '--code', 'abcdefgh', '--data', data);
      expect(enroll.status).toBe(1);
      expect(JSON.parse(enroll.stdout)).toMatchObject({
        error: { code: 'store.locked', message: expect.stringContaining(`pid ${first.child.pid}`) as string },
      });

      const queue = runCli('queue', '--data', data);
      expect(queue.status, queue.stderr).toBe(0);
      expect(JSON.parse(queue.stdout)).toMatchObject({ sync: { enrolled: false }, entries: [] });
      // the read left the holder's lock alone
      expect(lockOf(data)).toMatchObject({ pid: first.child.pid });
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(data, 'tillpoint.lock'))).toBe(false);
  });

  it('takes over the lock of a serve that was SIGKILLed', async () => {
    const data = path.join(dir, 'till-b');
    const killed = serve(data);
    await killed.url;
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(lockOf(data)).toMatchObject({ pid: killed.child.pid });

    const next = serve(data);
    try {
      await next.url;
      expect(lockOf(data)).toMatchObject({ pid: next.child.pid, command: 'serve' });
      expect(next.output().stderr).toContain('stale lock');
    } finally {
      next.child.kill('SIGTERM');
    }
    expect(await next.exited).toBe(0);
  });

  it('queue on a folder without a till says so, and creates nothing', () => {
    const data = path.join(dir, 'nothing-here');
    const queue = runCli('queue', '--data', data);
    expect(queue.status).toBe(1);
    expect(JSON.parse(queue.stdout)).toMatchObject({ error: { code: 'store.io' } });
    expect(existsSync(data)).toBe(false);
  });
});
