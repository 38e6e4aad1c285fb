import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isTillpointError } from '../../core/errors.js';
import { LOCK_FILE_NAME, takeDataLock } from './data-lock.js';

/** The data folder's lock file on a real folder (the CLI test runs real processes against it). */
let dir: string;
let n = 0;
const folder = () => {
  const d = join(dir, `data-${(n += 1)}`);
  mkdirSync(d);
  return d;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-lock-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that surely belonged to a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isTillpointError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the data folder lock', () => {
  test('holds JSON naming the process; a second take is refused naming the folder and the holder', () => {
    const data = folder();
    const lock = takeDataLock(data, { command: 'serve' });
    const holder = JSON.parse(readFileSync(join(data, LOCK_FILE_NAME), 'utf8')) as Record<string, unknown>;
    expect(holder).toMatchObject({ pid: process.pid, command: 'serve', hostname: hostname() });
    expect(Date.parse(holder.startedAt as string)).not.toBeNaN();

    const error = refusal(() => takeDataLock(data, { command: 'enroll' }));
    expect(error.code).toBe('store.locked');
    expect(error.message).toContain(data);
    expect(error.message).toContain(`Tillpoint serve (pid ${process.pid}`);
    expect(error.message).toMatch(/Stop it first, or use another --data folder/);

    lock.release();
    expect(existsSync(join(data, LOCK_FILE_NAME))).toBe(false);
    lock.release();
    takeDataLock(data, { command: 'serve' }).release();
  });

  test('a lock left by a process that is gone is taken over, and the takeover is logged', () => {
    const data = folder();
    const pid = deadPid();
    const stale = { pid, command: 'serve', startedAt: '2026-01-01T00:00:00.000Z', hostname: hostname() };
    writeFileSync(join(data, LOCK_FILE_NAME), JSON.stringify(stale));
    const logged: unknown[] = [];
    const lock = takeDataLock(data, { command: 'serve', log: (line, details) => logged.push(line, details) });
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(logged).toEqual([expect.stringContaining('stale lock'), stale]);
    lock.release();
  });

  test('a live pid is never taken over; a lock from another host is not judged by its pid', () => {
    const data = folder();
    // pid 1 is alive on every Linux host (EPERM for us counts as alive)
    writeFileSync(
      join(data, LOCK_FILE_NAME),
      JSON.stringify({ pid: 1, command: 'desktop app', startedAt: 'x', hostname: hostname() }),
    );
    expect(refusal(() => takeDataLock(data, { command: 'serve' })).message).toContain('desktop app (pid 1,');
    writeFileSync(
      join(data, LOCK_FILE_NAME),
      JSON.stringify({ pid: deadPid(), command: 'serve', startedAt: 'x', hostname: 'other-host' }),
    );
    expect(refusal(() => takeDataLock(data, { command: 'serve' })).message).toContain('on other-host');
  });

  test('an unreadable lock is someone writing it right now; only an old one is stale', () => {
    const data = folder();
    const file = join(data, LOCK_FILE_NAME);
    writeFileSync(file, '');
    const starting = refusal(() => takeDataLock(data, { command: 'serve' }));
    expect(starting.code).toBe('store.locked');
    expect(starting.message).toContain('another Tillpoint that is starting right now');
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    takeDataLock(data, { command: 'serve' }).release();
  });
});
