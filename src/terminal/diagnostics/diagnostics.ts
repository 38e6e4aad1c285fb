import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import packageJson from '../../../package.json' with { type: 'json' };
import { TillpointError } from '../../core/errors.js';
import { logAt, type Log } from '../../shared/log.js';
import { LOG_FILE_EXTENSION } from '../log/log-files.js';
import { createRedactor, isSecretKey, REDACTED } from '../log/redact.js';
import { loadPrinters } from '../print/print-config.js';
import { checkDatabase } from '../store/check-database.js';
import { codeSchemaVersion } from '../store/migrations/index.js';
import { readStoreSnapshot } from '../store/store-snapshot.js';
import { checkConfigFiles, configFileNames, type ConfigFileReport } from './config-check.js';

/**
 * The support archive (`tillpoint diagnostics`, the Settings screen's button): one .tar.gz with what a
 * support engineer asks first (versions, OS, configuration without secrets, db check, sync, reader and printer
 * state, the newest logs). It only reads: the database through a read-only connection, never NFC or the hub.
 */

export const DIAGNOSTICS_FOLDER = 'diagnostics';
/** the newest logs taken, in bytes: enough for days of a till's lines, small enough to mail */
export const DEFAULT_LOG_BUDGET_BYTES = 5 * 1024 * 1024;
const ROOT = 'tillpoint-diagnostics';
/** archives kept in `<data>/diagnostics/`: a till that makes one a day does not fill its disk with them */
export const KEEP_ARCHIVES = 5;
const archiveName = /^tillpoint-diagnostics-[0-9TZ-]+\.tar\.gz$/;

export interface DiagnosticsInput {
  readonly dataDir: string;
  readonly dbFile: string;
  /** the till's log folder; absent or missing: no logs in the archive */
  readonly logDir?: string;
  /** the archive to write; default `<dataDir>/diagnostics/tillpoint-diagnostics-<time>.tar.gz` */
  readonly out?: string;
  readonly nativeBinding?: string;
  /** from a running till: its live sync and reader state; from the CLI: absent (NFC is not started) */
  readonly live?: { readonly sync: () => unknown; readonly nfc: () => unknown };
  readonly logBudgetBytes?: number;
  readonly now?: () => Date;
}

export interface DiagnosticsArchive {
  readonly file: string;
  readonly bytes: number;
  /** each configuration file: present, absent, or invalid with what the till says about it */
  readonly config: readonly ConfigFileReport[];
}

/** A configuration value with every credential replaced, at any depth (and encrypted forms of them too). */
export function redactConfig(value: unknown): unknown {
  const configSecret = /secret|key|token|password|credential|cipher|encrypt|nonce/i;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, inner]) =>
        isSecretKey(k) || configSecret.test(k) ? [k, REDACTED] : [k, walk(inner)],
      ),
    );
  };
  return createRedactor().value(walk(value));
}

function readConfig(file: string): unknown {
  if (!existsSync(file)) return { absent: true };
  const text = readFileSync(file, 'utf8');
  try {
    return redactConfig(JSON.parse(text) as unknown);
  } catch {
    // not JSON: its text could hold anything, so only its size goes into the archive
    return { invalidJson: true, bytes: Buffer.byteLength(text) };
  }
}

/** The newest log files, newest first, up to the budget; the file that crosses it contributes its tail. */
function newestLogs(logDir: string, budget: number): { name: string; text: string }[] {
  if (!existsSync(logDir)) return [];
  const files = readdirSync(logDir)
    .filter((name) => name.endsWith(LOG_FILE_EXTENSION))
    .map((name) => ({ name, stat: statSync(path.join(logDir, name)) }))
    .filter((f) => f.stat.isFile())
    .sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs || b.name.localeCompare(a.name));
  const redactor = createRedactor();
  const out: { name: string; text: string }[] = [];
  let left = budget;
  for (const { name, stat } of files) {
    if (left <= 0) break;
    const take = Math.min(stat.size, left);
    const buffer = Buffer.alloc(take);
    const fd = openSync(path.join(logDir, name), 'r');
    try {
      readSync(fd, buffer, 0, take, stat.size - take);
    } finally {
      closeSync(fd);
    }
    let text = buffer.toString('utf8');
    // a cut tail starts mid-line: drop the partial first line
    if (take < stat.size) text = text.slice(text.indexOf('\n') + 1);
    // written redacted already; masked again in case an older release wrote it
    out.push({ name, text: text.split('\n').map(redactor.text).join('\n') });
    left -= take;
  }
  return out;
}

function freeDisk(dir: string): { freeBytes: number; totalBytes: number } | { error: string } {
  try {
    const s = statfsSync(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const settle = async (read: () => unknown): Promise<unknown> => {
  try {
    return await read();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};

const attempt = <T>(read: () => T): T | { error: string } => {
  try {
    return read();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};

/** The receipt printers printers.json names (ids and kinds; whether they answer is the running till's to say). */
function printerSummary(dataDir: string): unknown {
  return attempt(() => {
    const { printers, problems } = loadPrinters(dataDir);
    if (printers.length === 0 && problems.length === 0) {
      return { state: 'none', reason: 'no printer configured' };
    }
    return {
      state: 'configured',
      printers: printers.map((p) => ({ id: p.id, kind: p.kind })),
      problems: problems.map((p) => p.message),
    };
  });
}

/** Removes the oldest archives of the default folder past KEEP_ARCHIVES (the names sort by their time). */
function pruneArchives(folder: string): void {
  const archives = readdirSync(folder)
    .filter((name) => archiveName.test(name))
    .sort()
    .reverse();
  for (const name of archives.slice(KEEP_ARCHIVES)) rmSync(path.join(folder, name), { force: true });
}

export async function createDiagnosticsArchive(input: DiagnosticsInput): Promise<DiagnosticsArchive> {
  const now = (input.now ?? (() => new Date()))();
  const dataDir = path.resolve(input.dataDir);
  const out = path.resolve(
    input.out ??
      path.join(
        dataDir,
        DIAGNOSTICS_FOLDER,
        `tillpoint-diagnostics-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`,
      ),
  );
  const binding = input.nativeBinding ? { nativeBinding: input.nativeBinding } : {};
  const snapshot = attempt(() => readStoreSnapshot(input.dbFile, binding));
  const dbCheck = attempt(() => checkDatabase(input.dbFile, binding));
  const config = checkConfigFiles(dataDir);
  const summary = {
    createdAt: now.toISOString(),
    versions: {
      tillpoint: packageJson.version,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chromium: process.versions.chrome ?? null,
      sqlite: 'sqliteVersion' in snapshot ? snapshot.sqliteVersion : null,
      schema: 'schemaVersion' in snapshot ? snapshot.schemaVersion : null,
      codeSchema: codeSchemaVersion,
    },
    os: {
      type: os.type(),
      release: os.release(),
      platform: process.platform,
      arch: os.arch(),
      uptimeS: Math.round(os.uptime()),
      totalMemoryBytes: os.totalmem(),
      freeMemoryBytes: os.freemem(),
      dataDisk: freeDisk(dataDir),
    },
    dataDir,
    dbCheck,
    config,
    terminal: 'terminal' in snapshot ? snapshot.terminal : snapshot,
    sync: {
      live: input.live ? await settle(input.live.sync) : null,
      stored:
        'hubLink' in snapshot
          ? { enrolled: snapshot.hubLink !== null, hubLink: snapshot.hubLink, outbox: snapshot.outbox }
          : snapshot,
    },
    counts:
      'sales' in snapshot
        ? { sales: snapshot.sales, paymentAttempts: snapshot.paymentAttempts, problems: snapshot.problems }
        : snapshot,
    reader: input.live
      ? await settle(input.live.nfc)
      : { state: 'not read', reason: 'made from the command line, which does not start NFC' },
    printer: printerSummary(dataDir),
    logs: { folder: input.logDir ?? null },
  };

  const staging = mkdtempSync(path.join(os.tmpdir(), 'tillpoint-diagnostics-'));
  try {
    const root = path.join(staging, ROOT);
    mkdirSync(path.join(root, 'config'), { recursive: true });
    mkdirSync(path.join(root, 'logs'), { recursive: true });
    const redactor = createRedactor();
    writeFileSync(path.join(root, 'summary.json'), `${JSON.stringify(redactor.value(summary), null, 2)}\n`);
    for (const name of configFileNames) {
      const config = readConfig(path.join(dataDir, name));
      writeFileSync(path.join(root, 'config', name), `${JSON.stringify(config, null, 2)}\n`);
    }
    const logs = input.logDir
      ? newestLogs(input.logDir, input.logBudgetBytes ?? DEFAULT_LOG_BUDGET_BYTES)
      : [];
    for (const log of logs) writeFileSync(path.join(root, 'logs', log.name), log.text);

    // the archive tells a lot about the shop: only the till's own user reads it
    mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
    // loaded when an archive is made, not with every till (and never in the processes tests kill)
    const { create: createTar } = await import('tar');
    await createTar({ gzip: true, file: out, cwd: staging, portable: true, mode: 0o600 }, [ROOT]);
    chmodSync(out, 0o600);
    if (input.out === undefined) pruneArchives(path.dirname(out));
    return { file: out, bytes: statSync(out).size, config: redactor.value(config) as ConfigFileReport[] };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The contract's `diagnostics.create` for a running till: the archive into `<data>/diagnostics/` with the live
 * sync and reader state; a failure to write is diagnostics.write_failed with a line in the log.
 */
export function diagnosticsHandler(deps: {
  readonly dbFile: string;
  readonly logDir?: string;
  readonly nativeBinding?: string;
  readonly live: NonNullable<DiagnosticsInput['live']>;
  readonly now: () => Date;
  readonly log: Log;
}): () => Promise<{ file: string; bytes: number }> {
  return async () => {
    try {
      const { file, bytes } = await createDiagnosticsArchive({
        dataDir: path.dirname(deps.dbFile),
        dbFile: deps.dbFile,
        ...(deps.logDir ? { logDir: deps.logDir } : {}),
        ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
        live: deps.live,
        now: deps.now,
      });
      return { file, bytes };
    } catch (error) {
      logAt(deps.log, 'error')('diagnostics: the archive could not be written', error);
      throw new TillpointError(
        'diagnostics.write_failed',
        'The diagnostics file could not be written. Free some disk space and try again.',
        { cause: error instanceof Error ? error.message : String(error) },
      );
    }
  };
}
