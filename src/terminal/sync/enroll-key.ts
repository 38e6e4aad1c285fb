import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The till's enrollment key file in its data folder (0600). */
export const enrollKeyFileName = 'hub-enroll.key';

/**
 * The key that makes enrollment retry-safe: made once and written (fsync'd) in the data folder before the
 * first try, so the same till retrying with the same code after a lost reply (or a crash) is recognised by
 * the hub and gets the same enrollment, never "code used" and an orphan terminal at the hub.
 */
export function enrollKey(dataDir: string): string {
  const file = join(dataDir, enrollKeyFileName);
  const existing = read(file);
  if (existing !== null) return existing;
  const key = randomBytes(32).toString('base64url');
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    // another process of this till made it first: that one is the key
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const made = read(file);
      if (made !== null) return made;
    }
    throw error;
  }
  try {
    writeSync(fd, `${key}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return key;
}

function read(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return /^[A-Za-z0-9_-]{43}$/.test(text) ? text : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
