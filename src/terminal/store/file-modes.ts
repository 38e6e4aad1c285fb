import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

/**
 * The till's data is its own user's alone: the data folder 0700, the database and its -wal / -shm 0600,
 * whatever the umask. SQLite makes -wal and -shm with the database file's own permissions, so a 0600
 * database keeps them 0600 too; files an older version left wider are narrowed. A file system without Unix
 * modes (a FAT storage card) refuses chmod: the till still starts, and notPrivate tells the caller to say so.
 */
function narrow(path: string, mode: 0o700 | 0o600): void {
  try {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
  } catch {
    // reported by notPrivate: selling goes on, the operator is told
  }
}

export function protectFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  narrow(dir, 0o700);
}

/**
 * Narrows a database just opened (SQLite made it with 0644 less the umask) and any companions to 0600,
 * before the first write creates the -wal and -shm with the same mode as the database.
 */
export function protectDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) narrow(f, 0o600);
}

/** Those of `paths` that exist and that others may still read (chmod was refused). */
export const notPrivate = (paths: readonly string[]): string[] =>
  paths.filter((p) => {
    try {
      return existsSync(p) && (statSync(p).mode & 0o077) !== 0;
    } catch {
      return false;
    }
  });
