import { test as base } from '@playwright/test';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { chromiumMissingReason } from './chromium.js';
import { requireService } from './require-service.js';

/**
 * A real till for each test: its own temp data folder (real SQLite file) and its own
 * `node dist/cli/tillpoint.mjs serve --port 0` child, which prints the cashier URL on one stdout line.
 * `restart()` stops that process and starts a new one on the same folder: what survives is what SQLite kept.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repoRoot, 'dist', 'cli', 'tillpoint.mjs');
const URL_LINE = /^Tillpoint cashier: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;
const DISPLAY_LINE = /^Tillpoint customer display: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export interface Till {
  readonly dataDir: string;
  /** The current cashier URL, token fragment included. */
  readonly url: string;
  /** The customer display's URL (read-only token), printed by serve after the cashier's. */
  readonly displayUrl: string;
  /** Stops the serve process (SIGTERM by PID, SIGKILL if it hangs) and starts it again on the same data. */
  restart(): Promise<string>;
  /** What the process wrote to stderr (for failure messages). */
  readonly log: () => string;
}

export interface Running {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly url: string;
  readonly exited: Promise<void>;
}

interface RunningTill extends Running {
  readonly displayUrl: string;
}

/**
 * Starts `tillpoint <args>` and waits for the stdout lines that say it is ready: one capture per pattern,
 * in the pattern order. Its stderr goes to `log` (shown when it fails to start).
 */
export async function spawnCli(
  what: string,
  args: readonly string[],
  lines: readonly RegExp[],
  log: string[],
): Promise<Running & { readonly found: string[] }> {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
  const found = await new Promise<string[]>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(new Error(`${what} printed no URL within ${START_TIMEOUT_MS} ms:\n${log.join('')}`));
    }, START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const matches = lines.map((line) => line.exec(stdout)?.[1]);
      if (matches.every((m) => m !== undefined)) {
        clearTimeout(timer);
        resolve(matches as string[]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${log.join('')}`));
    });
  });
  return { child, url: found[0]!, exited, found };
}

async function startServe(
  dataDir: string,
  log: string[],
  extraArgs: readonly string[] = [],
): Promise<RunningTill> {
  // Only a spec that asks with --nfc reads cards: one pcscd serves the whole machine, and a tap meant for
  // the NFC spec must not attach a member to another spec's ticket.
  const nfc = extraArgs.includes('--nfc') ? [] : ['--no-nfc'];
  // The specs find elements by their English names; only a spec that asks for another language gets it
  // (a fresh demo till would otherwise speak the seed's zh-CN).
  const lang = extraArgs.includes('--lang') ? [] : ['--lang', 'en'];
  const running = await spawnCli(
    'tillpoint serve',
    ['serve', '--port', '0', '--data', dataDir, ...nfc, ...lang, ...extraArgs],
    [URL_LINE, DISPLAY_LINE],
    log,
  );
  return { ...running, displayUrl: running.found[1]! };
}

export async function stopServe(running: Running): Promise<void> {
  const { child, exited } = running;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, 'SIGTERM');
  const stopped = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS)),
  ]);
  if (!stopped && child.exitCode === null) {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}

/**
 * A till on a data folder the caller owns (the `till` fixture makes a temp one). `extraArgs` go to serve
 * (e.g. `--gateway URL`) on every start.
 */
export async function startTill(
  dataDir: string,
  extraArgs: readonly string[] = [],
): Promise<Till & { stop(): Promise<void> }> {
  const log: string[] = [];
  let running = await startServe(dataDir, log, extraArgs);
  return {
    dataDir,
    get url() {
      return running.url;
    },
    get displayUrl() {
      return running.displayUrl;
    },
    async restart() {
      await stopServe(running);
      running = await startServe(dataDir, log, extraArgs);
      return running.url;
    },
    log: () => log.join(''),
    stop: () => stopServe(running),
  };
}

const GATEWAY_LINE = /^Tillpoint gateway: (http:\/\/127\.0\.0\.1:\d+)\s*$/m;

/** The sandbox payment gateway (`tillpoint gateway --port 0 --test`): plays the wallets for a till. */
export interface Gateway {
  readonly url: string;
  readonly log: () => string;
  /** POST a sandbox control (no signature): /sandbox/codes, /sandbox/orders/:id/pay, /sandbox/clock. */
  control<T = unknown>(path: string, body: unknown): Promise<T>;
  ledger(): Promise<LedgerOrder[]>;
  stop(): Promise<void>;
}

/** A row of GET /sandbox/ledger (q3-design B). */
export interface LedgerOrder {
  readonly out_trade_no: string;
  readonly wallet: string | null;
  readonly amount: number;
  readonly currency: string;
  readonly trade_status: string;
  readonly charged: number;
  readonly refunded: number;
}

export async function startGateway(args: readonly string[] = ['--test']): Promise<Gateway> {
  const log: string[] = [];
  const running = await spawnCli(
    'tillpoint gateway',
    ['gateway', '--port', '0', ...args],
    [GATEWAY_LINE],
    log,
  );
  const { url } = running;
  return {
    url,
    log: () => log.join(''),
    async control<T>(path: string, body: unknown): Promise<T> {
      const response = await fetch(new URL(path, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    },
    async ledger() {
      const response = await fetch(new URL('/sandbox/ledger', url));
      return ((await response.json()) as { orders: LedgerOrder[] }).orders;
    },
    stop: () => stopServe(running),
  };
}

/** A real sandbox gateway with its test controls, for a fixture `gateway: gatewayFixture`. */
// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
export const gatewayFixture = async ({}, use: (gateway: Gateway) => Promise<void>) => {
  const gateway = await startGateway(['--test']);
  try {
    await use(gateway);
  } finally {
    await gateway.stop();
  }
};

export const test = base.extend<{ till: Till; chromiumThere: void }>({
  // Set up before any other fixture (auto), so before the browser launches: without Chromium each browser
  // test skips with the reason, and under CI fails saying how .ci/run installs it.
  chromiumThere: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use, testInfo) => {
      const reason = requireService('Chromium', chromiumMissingReason());
      testInfo.skip(reason !== null, reason ?? undefined);
      await use();
    },
    { auto: true },
  ],
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  till: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-'));
    const till = await startTill(dataDir);
    try {
      await use(till);
    } finally {
      await till.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
