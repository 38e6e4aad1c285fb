import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

/**
 * The hub's data is its own user's alone (it holds every terminal's HMAC secret): the data folder 0700,
 * hub.db and its -wal / -shm 0600, whatever the umask. SQLite makes -wal and -shm with the database file's own permissions, so a 0600
 * database keeps them 0600 too; files an older version left wider are narrowed. A file system without Unix
 * modes refuses chmod: the hub still starts.
 */
function narrow(path: string, mode: 0o700 | 0o600): void {
  try {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
  } catch {
    // the hub keeps serving; README "Secrets at rest" asks for a file system with Unix modes
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
