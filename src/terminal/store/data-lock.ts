import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TillpointError } from '../../core/errors.js';

/**
 * One process per data folder. SQLite would let a second till open the same file, and then two processes
 * would resume the same payments and send the same outbox: the second one must be refused before it opens
 * anything. `<dataDir>/tillpoint.lock` holds who has the folder; it is made with an exclusive create, so of
 * two processes starting at once exactly one wins.
 *
 * Why not proper-lockfile: it decides staleness by the lock's mtime, which the holder must keep touching on
 * a timer, and a till blocked on a long synchronous write (or a laptop waking from sleep) would lose its lock
 * to a second process. A till knows better: the lock is stale when the process that wrote it is gone. The
 * pid is only trusted on the host that wrote it (a data folder on a network share names another machine).
 */
export const LOCK_FILE_NAME = 'tillpoint.lock';

export interface LockHolder {
  readonly pid: number;
  /** what runs there: serve, the desktop app, enroll ... */
  readonly command: string;
  readonly startedAt: string;
  readonly hostname: string;
}

export interface DataLock {
  readonly file: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

/** Lock files this process holds, released when it exits without closing its terminals. */
const held = new Map<string, LockHolder>();
let exitHookInstalled = false;

function releaseAllOnExit(): void {
  for (const [file, holder] of held) removeIfOurs(file, holder);
  held.clear();
}

function removeIfOurs(file: string, holder: LockHolder): void {
  const current = readHolder(file);
  if (current && current.pid === holder.pid && current.startedAt === holder.startedAt) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}

function readHolder(file: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid)) return null;
    return {
      pid: value.pid,
      command: typeof value.command === 'string' ? value.command : 'tillpoint',
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'unknown',
      hostname: typeof value.hostname === 'string' ? value.hostname : 'unknown',
    };
  } catch {
    // a half-written lock (the writer died between create and write) names nobody
    return null;
  }
}

/** kill(pid, 0) sends nothing; it only asks whether the process exists (EPERM: it does, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Gone from this host, or our own pid from an earlier life (a container restarts with the same pid). */
function isStale(file: string, holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  if (holder.pid === process.pid) return !held.has(file);
  return !isAlive(holder.pid);
}

/**
 * An empty or garbled lock is being written right now (exclusive create, then write) or was left by a writer
 * that died in between; only the second is stale, and it is old.
 */
function unreadableForAWhile(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > 2_000;
  } catch {
    return true;
  }
}

function lockedError(dataDir: string, file: string, holder: LockHolder | null): TillpointError {
  const who =
    holder === null
      ? 'another Tillpoint that is starting right now'
      : `Tillpoint ${holder.command} (pid ${holder.pid}` +
        `${holder.hostname === hostname() ? '' : ` on ${holder.hostname}`}, started ${holder.startedAt})`;
  return new TillpointError(
    'store.locked',
    `The data folder ${dataDir} is in use by ${who}. Stop it first, or use another --data folder. ` +
      `If no Tillpoint runs there, delete ${file}.`,
    { dataDir, file, holder },
  );
}

/**
 * Takes `<dataDir>/tillpoint.lock` for this process, or throws store.locked naming the folder and the
 * process that holds it. A lock left by a process that is gone (killed, power cut) is taken over and logged.
 */
export function takeDataLock(
  dataDir: string,
  options: { command: string; log?: (line: string, details?: unknown) => void },
): DataLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  const me: LockHolder = {
    pid: process.pid,
    command: options.command,
    startedAt: new Date().toISOString(),
    hostname: hostname(),
  };
  // Two rounds: the second runs after a stale lock was removed (another process may win that race).
  for (let round = 0; round < 2; round += 1) {
    try {
      writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o600 });
      held.set(file, me);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', releaseAllOnExit);
      }
      return {
        file,
        release() {
          if (held.get(file) !== me) return;
          held.delete(file);
          removeIfOurs(file, me);
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new TillpointError(
          'store.readonly',
          `Tillpoint cannot write its lock file ${file}. Check the folder's permissions.`,
          { dataDir, file, cause: String(error) },
        );
      }
    }
    const holder = readHolder(file);
    if (holder === null ? !unreadableForAWhile(file) : !isStale(file, holder)) {
      throw lockedError(dataDir, file, holder);
    }
    // Two processes taking over the same stale lock at the same moment could both remove it and the second
    // remove the first one's new lock; it needs both to start within the same few milliseconds after a
    // crash, and the database itself stays consistent (SQLite's own locking), so it is accepted here.
    options.log?.(`taking over the stale lock ${file}`, holder ?? { unreadable: true });
    try {
      unlinkSync(file);
    } catch {
      // another process took it over first; the next round's exclusive create decides
    }
  }
  throw lockedError(dataDir, file, readHolder(file));
}
