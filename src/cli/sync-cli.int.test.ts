import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, cliEnv, runServerCommand } from './cli-bundle.test-util.js';

/** `tillpoint enroll` and `tillpoint queue`, run as child processes against a real `tillpoint hub`. */

let cli: string;
let dir: string;
const env = { ...cliEnv, DATABASE_URL: '' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-sync-cli-'));
  cli = await bundleCli('tillpoint-sync');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const tillpoint = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { cwd: dir, env, encoding: 'utf8' });

describe('tillpoint enroll / queue', () => {
  it('enrolls a till with a one-time code and shows its queue; a used code is refused with a typed error', async () => {
    const code = tillpoint('hub', 'enroll-code', '--data', 'hub').stdout.trim();
    const hub = runServerCommand(cli, 'hub', ['--port', '0', '--data', 'hub'], { cwd: dir, env });
    try {
      const url = await hub.url;
      const enrolled = tillpoint(
        'enroll',
        '--hub',
        url,
        '--code',
        code,
        '--data',
        'till',
        '--name',
        'Front till',
      );
      expect(enrolled.status, enrolled.stderr).toBe(0);
      expect(JSON.parse(enrolled.stdout)).toMatchObject({ enrolled: true, hubUrl: url, queued: 0 });

      const again = tillpoint('enroll', '--hub', url, '--code', code, '--data', 'till2');
      expect(again.status).toBe(1);
      expect(JSON.parse(again.stdout).error.code).toBe('sync.enroll_refused');

      const queue = tillpoint('queue', '--data', 'till', '--state', 'parked');
      expect(queue.status).toBe(0);
      expect(JSON.parse(queue.stdout)).toMatchObject({
        sync: { enrolled: true, unfinishedPayments: 0, pendingRefunds: 0 },
        entries: [],
      });
    } finally {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
  });

  it('refuses missing and wrong options with exit 64', () => {
    expect(tillpoint('enroll', '--hub', 'http://127.0.0.1:1').status).toBe(64);
    const bad = tillpoint('queue', '--state', 'lost');
    expect(bad.status).toBe(64);
    expect(bad.stderr).toMatch(/--state must be one of queued, sent, parked, resolved/);
  });
});
