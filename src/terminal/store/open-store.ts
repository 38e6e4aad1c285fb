import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { TillpointError } from '../../core/errors.js';
import { codeSchemaVersion, migrations as allMigrations, type Migration } from './migrations/index.js';
import { protectDatabaseFiles } from './file-modes.js';
import { chainUnchainedJournalRows, journalChainSchemaVersion } from './journal-store.js';
import { runMigrations } from './migrate.js';
import { corruptError, newerSchemaError, toStoreError } from './store-errors.js';

export type SqliteDatabase = Database.Database;
export type SynchronousMode = 'FULL' | 'NORMAL';

export interface OpenStoreOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron loads its own build). */
  readonly nativeBinding?: string;
  /** FULL (default) syncs the WAL on every commit, so a completed sale survives power loss. */
  readonly synchronous?: SynchronousMode;
  /** ms to wait for a lock held by another connection before answering store.busy. */
  readonly busyTimeoutMs?: number;
  /** Only for tests of upgrades: the migrations this "version of the code" knows. */
  readonly migrations?: readonly Migration[];
}

export interface Store {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly schemaVersion: number;
  close(): void;
}

const synchronousValue: Record<SynchronousMode, number> = { NORMAL: 1, FULL: 2 };

/** quick_check answers one row 'ok', or up to N rows describing damage (https://sqlite.org/pragma.html#pragma_quick_check). */
export function checkIntegrity(db: SqliteDatabase, pragma: 'quick_check' | 'integrity_check'): string {
  const rows = db.pragma(pragma) as Record<string, string>[];
  return rows.map((row) => Object.values(row)[0]).join('; ');
}

/**
 * Opens (or creates) the terminal's database. Everything that could reject the file (a newer schema, damage)
 * is checked with reads only, before the first write, so a refused file is left byte-for-byte as it was.
 */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const migrations = options.migrations ?? allMigrations;
  const known = options.migrations ? migrations.length : codeSchemaVersion;
  const existed = existsSync(file);
  let db: SqliteDatabase;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw toStoreError(error, file, 'open');
  }
  protectDatabaseFiles(file);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
    if (existed) {
      const found = db.pragma('user_version', { simple: true }) as number;
      if (found > known) throw newerSchemaError(file, found, known);
      const integrity = checkIntegrity(db, 'quick_check');
      if (integrity !== 'ok') throw corruptError(file, integrity);
    }
    // WAL: readers never block the till, and a commit is one append (https://sqlite.org/wal.html).
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new TillpointError('store.io', `The database ${file} cannot use WAL mode.`, { mode });
    // In WAL mode SQLite's compiled default is NORMAL, which may lose the last commits on power loss;
    // a sale the customer has paid for must not vanish, so FULL is set on every connection and verified.
    const synchronous = options.synchronous ?? 'FULL';
    db.pragma(`synchronous = ${synchronous}`);
    const actual = db.pragma('synchronous', { simple: true });
    if (actual !== synchronousValue[synchronous]) {
      throw new TillpointError('store.io', `The database ${file} refused synchronous=${synchronous}.`, {
        actual,
      });
    }
    db.pragma('foreign_keys = ON');
    if (db.pragma('foreign_keys', { simple: true }) !== 1) {
      throw new TillpointError('store.io', `The database ${file} refused foreign_keys=ON.`);
    }
    const schemaVersion = runMigrations(db, file, migrations);
    // rows written before the chain existed get their place in it (SQL alone cannot hash); idempotent
    if (schemaVersion >= journalChainSchemaVersion) chainUnchainedJournalRows(db);
    return { db, file, schemaVersion, close: () => db.close() };
  } catch (error) {
    db.close();
    throw toStoreError(error, file, 'open');
  }
}

/**
 * The raw read-only connection to a database that must already exist (db check, the diagnostics snapshot,
 * openStoreReadOnly): a missing file is store.io with `missing` as its message, a file SQLite cannot open is
 * mapped like every other store error.
 */
export function openExistingReadOnly(
  file: string,
  options: { nativeBinding?: string },
  missing = `There is no database at ${file}. Check the path.`,
): SqliteDatabase {
  if (!existsSync(file)) throw new TillpointError('store.io', missing, { file });
  try {
    return new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw toStoreError(error, file, 'read');
  }
}

/**
 * Opens an existing database for reading only (the CLI's reports beside a running till: WAL lets readers
 * and the writer go on together). Never creates, migrates or writes; a database the till has not upgraded
 * yet is refused rather than read with the wrong schema.
 */
export function openStoreReadOnly(
  file: string,
  options: Pick<OpenStoreOptions, 'nativeBinding' | 'busyTimeoutMs'> = {},
): Store {
  const db = openExistingReadOnly(
    file,
    options,
    `There is no till database at ${file}. Check the --data folder.`,
  );
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > codeSchemaVersion) throw newerSchemaError(file, found, codeSchemaVersion);
    if (found < codeSchemaVersion) {
      throw new TillpointError(
        'store.older_schema',
        `The database ${file} was written by an older Tillpoint (schema ${found}; this one reads ${codeSchemaVersion}). ` +
          'Start the till once (tillpoint serve or the app) to upgrade it, then try again. The file was not changed.',
        { file, found, known: codeSchemaVersion },
      );
    }
    return { db, file, schemaVersion: found, close: () => db.close() };
  } catch (error) {
    db.close();
    throw toStoreError(error, file, 'read');
  }
}
