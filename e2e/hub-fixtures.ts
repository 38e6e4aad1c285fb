import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { repoRoot } from './fixtures.js';

/**
 * The real hub for the sync specs (issue 5): `node dist/cli/tillpoint.mjs hub --port P --data DIR` as a child
 * process, stopped by its PID, and the one-shot `hub enroll-code` / `hub report` commands on the same folder.
 * SQLite always (DATABASE_URL is cleared, whatever the machine running the tests has set).
 */
const cli = path.join(repoRoot, 'dist', 'cli', 'tillpoint.mjs');
const HUB_LINE = /^Tillpoint hub: (http:\/\/127\.0\.0\.1:\d+)\s*$/m;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const env = () => ({ ...process.env, NO_COLOR: '1', DATABASE_URL: '' });
const run = promisify(execFile);

export interface HubProcess {
  readonly url: string;
  readonly pid: number;
  readonly log: () => string;
  /** SIGKILL by PID: the hub vanishes as in a power cut or a pulled cable, mid-anything */
  kill(): Promise<void>;
  /** SIGTERM by PID (SIGKILL if it hangs): the hub closes its server and database */
  stop(): Promise<void>;
}

/** A port nobody listens on now, for a hub that must come back on the same port after it was killed. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from the OS');
  return address.port;
}

export async function startHub(port: number, dataDir: string): Promise<HubProcess> {
  const log: string[] = [];
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [cli, 'hub', '--port', String(port), '--data', dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: env() },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(new Error(`tillpoint hub printed no URL within ${START_TIMEOUT_MS} ms:\n${log.join('')}`));
    }, START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = HUB_LINE.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`tillpoint hub exited (${code ?? signal}) before it was ready:\n${log.join('')}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('tillpoint hub has no PID');
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    pid,
    log: () => log.join(''),
    async kill() {
      if (!running()) return;
      process.kill(pid, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (!running()) return;
      process.kill(pid, 'SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS)),
      ]);
      if (!stopped && running()) {
        process.kill(pid, 'SIGKILL');
        await exited;
      }
    },
  };
}

/** `tillpoint hub enroll-code`: one one-time code, as the hub's operator would read it out. */
export async function hubEnrollCode(dataDir: string): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, 'hub', 'enroll-code', '--data', dataDir], {
    cwd: repoRoot,
    env: env(),
  });
  return stdout.trim();
}

/** One row of `tillpoint hub report` (src/hub/sales-report.ts). */
export interface HubReportRow {
  readonly terminalName: string;
  readonly day: string;
  readonly currency: string;
  readonly tender: string;
  readonly payments: number;
  readonly amount: number;
}

/** `tillpoint hub report`: sales by terminal, day (in TZ) and tender, parsed. */
export async function hubReport(
  dataDir: string,
  timeZone = 'UTC',
): Promise<{ timeZone: string; sales: number; rows: HubReportRow[] }> {
  const { stdout } = await run(process.execPath, [cli, 'hub', 'report', '--data', dataDir], {
    cwd: repoRoot,
    env: { ...env(), TZ: timeZone },
  });
  return JSON.parse(stdout) as { timeZone: string; sales: number; rows: HubReportRow[] };
}
