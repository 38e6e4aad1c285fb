/**
 * A real PC/SC stack without hardware, for vitest integration tests and Playwright e2e (issue 4):
 * pcscd with vpcd's virtual readers ("Virtual PCD 00 00" on tcp 35963, "Virtual PCD 00 01" on 35964) and
 * card-emulator.py, a contactless card steered by line commands.
 *
 * Only one pcscd can run on a machine (/run/pcscd socket, fixed vpcd ports), so everything using this file
 * runs one file at a time (vitest: the `pcsc` project, `*.pcsc.int.test.ts`). Every process here is a direct
 * child, started and stopped by its PID; pcscd only ever gets SIGTERM and is waited for (a SIGKILLed pcscd
 * leaves a zombie whose pidfile blocks the next start).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const VPCD_READER = 'Virtual PCD 00 00';
export const VPCD_SECOND_READER = 'Virtual PCD 00 01';

const PCSCD = '/usr/sbin/pcscd';
const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const PCSCD_PIDFILE = '/run/pcscd/pcscd.pid';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
/** Debian's python3-virtualsmartcard installs outside sys.path */
const VIRTUALSMARTCARD = '/usr/lib/python3/site-packages/virtualsmartcard';
const CRYPTODOME = '/usr/lib/python3/dist-packages/Cryptodome';
/** Debian's python: pyenv's (first on PATH in some images) lacks the Debian modules */
const PYTHON = '/usr/bin/python3';
/** Next to this file, or (when bundled into dist/bench/) at e2e/nfc/ of the first folder above that has it. */
function findEmulator(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'card-emulator.py');
  if (existsSync(beside)) return beside;
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'e2e', 'nfc', 'card-emulator.py');
    if (existsSync(candidate)) return candidate;
  }
  return beside;
}
const EMULATOR = findEmulator();

/** Children still running, stopped at process exit if a test forgot to (SIGTERM only, see above). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) if (c.pid !== undefined) process.kill(c.pid, 'SIGTERM');
    });
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** true when something answers on pcscd's socket */
function socketAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (!existsSync(path)) return resolve(false);
    const socket = createConnection({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Why this machine cannot run the PC/SC tests, or null when it can: missing packages, or another pcscd
 * (the distro's service, another test run) holding the socket and the vpcd ports.
 */
export async function pcscUnavailableReason(): Promise<string | null> {
  const missing = [
    [PCSCD, 'pcscd'],
    [VPCD_DRIVER, 'vsmartcard-vpcd'],
    [join(VIRTUALSMARTCARD, 'virtualsmartcard'), 'python3-virtualsmartcard'],
    [CRYPTODOME, 'python3-pycryptodome'],
    [PYTHON, 'python3'],
  ].filter(([path]) => !existsSync(path!));
  if (missing.length > 0) return `Debian packages missing: ${missing.map(([, p]) => p).join(' ')}`;
  if (await socketAlive(PCSCD_SOCKET)) {
    const pid = (await readFile(PCSCD_PIDFILE, 'utf8').catch(() => '?')).trim();
    return (
      `another pcscd is running (pid ${pid} in ${PCSCD_PIDFILE}); the PC/SC tests start their own. ` +
      `Stop it by its pid (kill -TERM ${pid}) or wait for the other test run to finish.`
    );
  }
  return null;
}

export class PcscdStartError extends Error {
  override name = 'PcscdStartError';
}

export interface PcscdProcess {
  readonly pid: number;
  /** pcscd's log so far (stdout and stderr, one entry a line) */
  readonly log: readonly string[];
  readonly running: boolean;
  /** the first log line (already seen or still to come) matching `pattern`, after `from` lines */
  waitForLog(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<string>;
  /** SIGTERM and wait for the exit (never SIGKILL: see the file comment) */
  stop(): Promise<void>;
}

/**
 * Starts `pcscd --foreground --info --apdu` as our child and resolves once it logs `daemon ready`.
 * Rejects with PcscdStartError (with the reason) if another pcscd is running or it dies while starting.
 */
export async function startPcscd(
  options: { timeoutMs?: number; args?: string[] } = {},
): Promise<PcscdProcess> {
  const blocked = await pcscUnavailableReason();
  if (blocked) throw new PcscdStartError(blocked);
  const child = spawn(PCSCD, ['--foreground', '--info', '--apdu', ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  const log: string[] = [];
  const watchers = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      log.push(line);
      for (const w of watchers) w();
    });
  }
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', resolve);
  });
  if (spawned) throw new PcscdStartError(`pcscd could not be started: ${spawned.message}`);

  const waitForLog: PcscdProcess['waitForLog'] = (pattern, { from = 0, timeoutMs = 10_000 } = {}) =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const line = log.slice(from).find((l) => pattern.test(l));
        if (line === undefined) return false;
        done();
        resolve(line);
        return true;
      };
      const onExit = (): void => {
        if (check()) return;
        done();
        reject(new PcscdStartError(`pcscd exited before logging ${pattern}:\n${log.slice(-20).join('\n')}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new PcscdStartError(`pcscd did not log ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        watchers.delete(check);
        child.off('exit', onExit);
      };
      if (check()) return;
      watchers.add(check);
      child.once('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) onExit();
    });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 10_000))) {
      throw new Error(`pcscd (pid ${child.pid}) did not exit 10 s after SIGTERM`);
    }
  };

  try {
    await waitForLog(/daemon ready/, { timeoutMs: options.timeoutMs ?? 10_000 });
  } catch (error) {
    await stop().catch(() => undefined);
    const text = log.join('\n');
    if (/another pcscd|already running|Address already in use|file exists/i.test(text)) {
      throw new PcscdStartError(`another pcscd holds the PC/SC socket or the vpcd ports:\n${text}`);
    }
    throw error;
  }
  return {
    pid: child.pid!,
    log,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    waitForLog,
    stop,
  };
}

export type TagType = 'ntag213' | 'ntag215' | 'ntag216' | 'ultralight';

export interface CardDump {
  readonly type: TagType | 'iso14443-4' | null;
  readonly uid: string;
  /** every page of a Type 2 tag */
  readonly pages: Uint8Array;
  readonly onReader: boolean;
}

/** The emulated card. Every method waits for the emulator's answer and rejects with its error text. */
export interface CardEmulator {
  readonly pid: number;
  /** a Type 2 tag (7-byte UID hex); the same type and UID as before keeps the memory (one physical card) */
  tap(type: TagType, uid: string): Promise<void>;
  /** the current card again */
  retap(): Promise<void>;
  /** an ISO 14443-4 card: SELECT 2PAY.SYS.DDF01 answers `ppseFci` (+ 90 00), or 6A 82 when null */
  tapIso14443_4(ppseFci: string | null, uid?: string): Promise<void>;
  /** what SELECT `aid` answers on the ISO 14443-4 card (+ 90 00); null: 6A 82 */
  setAidAnswer(aid: string, response: string | null): Promise<void>;
  remove(): Promise<void>;
  /** the n-th page write from now pulls the card before it is applied */
  removeAfterWrites(n: number): Promise<void>;
  /** the n-th page read from now pulls the card instead of answering */
  removeAfterReads(n: number): Promise<void>;
  dump(): Promise<CardDump>;
  /** sets one page directly, no access rules (tamper / replay tests) */
  poke(page: number, data: string | Uint8Array): Promise<void>;
  /** replaces the whole memory (same size) */
  load(pages: string | Uint8Array): Promise<void>;
  /** CC access byte 0F + static lock bytes: a read-only tag */
  lock(): Promise<void>;
  stats(): Promise<{ reads: number; writes: number; apdus: number }>;
  /** takes the card away and ends the emulator process */
  stop(): Promise<void>;
}

const hex = (data: string | Uint8Array): string =>
  typeof data === 'string' ? data.replace(/\s+/g, '') : Buffer.from(data).toString('hex');

/** Spawns card-emulator.py (no card on the reader yet). pcscd need not be running until `tap`. */
export async function startCard(): Promise<CardEmulator> {
  const shim = await mkdtemp(join(tmpdir(), 'tillpoint-vicc-'));
  // python3-virtualsmartcard imports `Crypto` (PyCrypto's name); Debian ships PyCryptodome as `Cryptodome`
  await symlink(CRYPTODOME, join(shim, 'Crypto'));
  const child = spawn(PYTHON, ['-u', EMULATOR], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONPATH: `${VIRTUALSMARTCARD}:${shim}`, PYTHONDONTWRITEBYTECODE: '1' },
  });
  track(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const waiting: { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }[] = [];
  let exited = false;
  child.once('exit', (code, signal) => {
    exited = true;
    const error = new Error(`card emulator exited (${code ?? signal}): ${stderr}`);
    for (const w of waiting.splice(0)) w.reject(error);
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const w = waiting.shift();
    if (!w) return;
    try {
      const answer = JSON.parse(line) as Record<string, unknown>;
      if (answer.ok === true) w.resolve(answer);
      else w.reject(new Error(`card emulator: ${String(answer.error)}`));
    } catch {
      w.reject(new Error(`card emulator said: ${line}`));
    }
  });
  // the first line is the emulator's "ready"
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => waiting.push({ resolve, reject }));
  const command = (line: string): Promise<Record<string, unknown>> => {
    if (exited) return Promise.reject(new Error(`card emulator is not running: ${stderr}`));
    return new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin!.write(`${line}\n`);
    });
  };
  try {
    await ready;
  } catch (error) {
    await rm(shim, { recursive: true, force: true });
    throw error;
  }
  const ok = async (line: string): Promise<void> => {
    await command(line);
  };
  return {
    pid: child.pid!,
    tap: (type, uid) => ok(`tap ${type} ${uid}`),
    retap: () => ok('tap'),
    tapIso14443_4: (fci, uid) =>
      ok(`tap iso14443-4 ${fci === null ? 'none' : hex(fci)}${uid ? ` ${uid}` : ''}`),
    setAidAnswer: (aid, response) => ok(`aid ${aid} ${response === null ? 'none' : hex(response)}`),
    remove: () => ok('remove'),
    removeAfterWrites: (n) => ok(`remove-after-writes ${n}`),
    removeAfterReads: (n) => ok(`remove-after-reads ${n}`),
    dump: async () => {
      const a = await command('dump');
      return {
        type: a.type as CardDump['type'],
        uid: String(a.uid),
        pages: new Uint8Array(Buffer.from(String(a.pages), 'hex')),
        onReader: a.onReader === true,
      };
    },
    poke: (page, data) => ok(`poke ${page} ${hex(data)}`),
    load: (pages) => ok(`load ${hex(pages)}`),
    lock: () => ok('lock'),
    stats: async () => {
      const a = await command('stats');
      return { reads: Number(a.reads), writes: Number(a.writes), apdus: Number(a.apdus) };
    },
    stop: async () => {
      if (!exited) {
        await command('quit').catch(() => undefined);
        child.stdin!.end();
        if (!(await waitForExit(child, 5_000))) {
          child.kill('SIGTERM');
          await waitForExit(child, 5_000);
        }
      }
      await rm(shim, { recursive: true, force: true });
    },
  };
}

/** EMV Book 1, 11.3.4: the FCI of SELECT PPSE (6F > 84 name, A5 > BF0C > 61 per application > 4F 50 87). */
export function ppseFci(apps: readonly { aid: string; label?: string; priority?: number }[]): string {
  const tlv = (tag: string, value: string): string => {
    const length = value.length / 2;
    const len =
      length < 0x80 ? length.toString(16).padStart(2, '0') : `81${length.toString(16).padStart(2, '0')}`;
    return `${tag}${len}${value}`;
  };
  const entries = apps.map((app, i) =>
    tlv(
      '61',
      tlv('4F', app.aid) +
        (app.label ? tlv('50', Buffer.from(app.label, 'ascii').toString('hex')) : '') +
        tlv('87', (app.priority ?? i + 1).toString(16).padStart(2, '0')),
    ),
  );
  const name = Buffer.from('2PAY.SYS.DDF01', 'ascii').toString('hex');
  return tlv('6F', tlv('84', name) + tlv('A5', tlv('BF0C', entries.join('')))).toUpperCase();
}

/** one Visa application: short enough for nfc-pcsc's 40-byte SELECT buffer (38 bytes + SW) */
export const SHORT_PPSE_FCI = ppseFci([{ aid: 'A0000000031010' }]);
/** Visa + Mastercard + UnionPay with labels: far past nfc-pcsc's 40-byte buffer */
export const LONG_PPSE_FCI = ppseFci([
  { aid: 'A0000000031010', label: 'VISA CREDIT' },
  { aid: 'A0000000041010', label: 'MASTERCARD' },
  { aid: 'A000000333010101', label: 'UNIONPAY' },
]);
