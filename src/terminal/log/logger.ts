import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import pinoRoll from 'pino-roll';
import type { Log, LogFn, LogLevel } from '../../shared/log.js';
import { LOG_FILE_EXTENSION } from './log-files.js';
import { createRedactor, REDACTED, type Redactor } from './redact.js';

/**
 * The one logger of Tillpoint's Node processes (serve, hub, gateway, the desktop app's main): JSON lines by
 * pino, to stderr and, given a folder, to rotating files. Every line passes the redactor first (./redact.ts),
 * so no secret, token, PIN or card number reaches stderr or a file, whoever wrote the call.
 */

/** which process wrote a line; also the log file's base name (`till.1.log`, `hub.1.log`) */
export type LogSource = 'till' | 'hub' | 'gateway';

export interface NodeLoggerOptions {
  readonly source: LogSource;
  /** a folder for rotating files; absent: stderr only */
  readonly logDir?: string;
  /** default 'info'; TILLPOINT_LOG_LEVEL overrides it */
  readonly level?: LogLevel;
  /** where the stderr copy goes (tests pass a stream); false: no stderr copy */
  readonly stderr?: NodeJS.WritableStream | false;
  /** rotate a file past this many bytes (default 10 MB) */
  readonly maxFileBytes?: number;
  /** how many files to keep, the current one included (default 5) */
  readonly maxFiles?: number;
}

export interface NodeLogger {
  /** what the services receive: callable (info, warn for an Error) plus one function per level */
  readonly log: Log & Readonly<Record<LogLevel, LogFn>>;
  /** An exact value never to print (the host token, a merchant key); 8 characters or more. */
  addSecret(value: string): void;
  /** the folder of the rotating files, if any */
  readonly logDir: string | null;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

const levels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Key paths pino removes itself, a second net under the redactor's walk (which covers any depth). */
const redactPaths = [
  'secret',
  'token',
  'password',
  'pin',
  'key',
  'authorization',
  'pan',
  'cardNumber',
].flatMap((k) => [`details.${k}`, `details.*.${k}`, `err.${k}`, `err.details.${k}`]);

function levelFromEnv(fallback: LogLevel): LogLevel {
  const wanted = process.env.TILLPOINT_LOG_LEVEL;
  return levels.find((l) => l === wanted) ?? fallback;
}

/** the file's unwritten lines while the disk is full, at most: past that new lines are dropped, not queued */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export async function createNodeLogger(options: NodeLoggerOptions): Promise<NodeLogger> {
  const streams: pino.StreamEntry[] = [];
  let toStderr: (line: string) => void = () => undefined;
  // stderr synchronously: a line written just before a crash is not lost in a buffer
  if (options.stderr !== false) {
    const dest = options.stderr ?? pino.destination({ fd: 2, sync: true });
    // a closed stderr (the parent went away) must not take the till down, as console.error never did
    dest.on('error', () => undefined);
    toStderr = (line) => {
      try {
        dest.write(line);
      } catch {
        // nowhere left to say it
      }
    };
    streams.push({ level: 'debug', stream: { write: toStderr } });
  }
  let file: Awaited<ReturnType<typeof pinoRoll>> | null = null;
  let closed = false;
  const logDir = options.logDir === undefined ? null : path.resolve(options.logDir);
  if (logDir !== null) {
    // the logs are redacted, yet they tell what was sold when: only the till's own user reads them
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    file = await pinoRoll({
      file: path.join(logDir, options.source),
      extension: LOG_FILE_EXTENSION,
      size: `${Math.max(1024, options.maxFileBytes ?? 10 * 1024 * 1024)}b`,
      limit: { count: Math.max(1, (options.maxFiles ?? 5) - 1) },
      mode: 0o600,
      maxLength: MAX_BUFFERED_BYTES,
    });
    const target = file;
    // A full disk (or a removed folder) stops the file, never the till: said once on stderr per episode;
    // SonicBoom keeps the lines it could not write and writes them once space is back.
    let failing = false;
    target.on('error', (error: NodeJS.ErrnoException) => {
      if (failing) return;
      failing = true;
      toStderr(
        `${JSON.stringify({ level: 'error', time: new Date().toISOString(), source: options.source, msg: `log file: ${error.code ?? error.message}; logging to stderr only until it can write again` })}\n`,
      );
    });
    target.on('write', () => {
      failing = false;
    });
    // a line logged after close() (a late callback during shutdown) still reaches stderr, not a closed file
    streams.push({
      level: 'debug',
      stream: { write: (s: string) => void (closed ? undefined : target.write(s)) },
    });
  }
  const logger = pino(
    {
      level: levelFromEnv(options.level ?? 'info'),
      base: { source: options.source, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: REDACTED },
      // the redactor already turned an Error into {type, message, stack, code, details}; keep that as it is
      serializers: { err: (value: unknown) => value },
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.multistream(streams),
  );
  const redactor: Redactor = createRedactor();
  const at =
    (level: LogLevel): LogFn =>
    (line, details) => {
      try {
        const fields = details === undefined ? {} : details instanceof Error ? { err: details } : { details };
        logger[level](redactor.value(fields) as object, redactor.text(line));
      } catch {
        // logging never breaks what it reports on (a sale, a payment)
      }
    };
  const byLevel = Object.fromEntries(levels.map((l) => [l, at(l)])) as Record<LogLevel, LogFn>;
  const log = Object.assign(
    (line: string, details?: unknown) =>
      (details instanceof Error ? byLevel.warn : byLevel.info)(line, details),
    byLevel,
  );
  return {
    log,
    addSecret: (value) => redactor.addSecret(value),
    logDir,
    close: async () => {
      if (file === null) return;
      const stream = file;
      file = null;
      closed = true;
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.once('error', () => resolve());
        stream.end();
      });
    },
  };
}
