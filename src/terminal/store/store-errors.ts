import { TillpointError } from '../../core/errors.js';

/** What the cashier was doing when SQLite failed; it decides what the message tells them to do next. */
export type StoreAction = 'complete' | 'void' | 'change' | 'read' | 'open' | 'sync' | 'refund';

const retryHint: Record<StoreAction, string> = {
  complete: 'The sale is still open; free space and press Pay again.',
  void: 'The sale is still open; free space and void it again.',
  change: 'The ticket is unchanged; free space and try again.',
  read: 'Free space and try again.',
  open: 'Free space and start Tillpoint again.',
  sync: 'Sales already saved are kept; free space and the till syncs them.',
  refund:
    'Nothing more was recorded; free space and press Refund again (a wallet refund already sent is asked again, never paid twice).',
};

const what: Record<StoreAction, string> = {
  complete: 'The sale could not be saved',
  void: 'The void could not be saved',
  change: 'The change could not be saved',
  read: 'The data could not be read',
  open: 'The data folder could not be opened',
  sync: 'The sync state could not be saved',
  refund: 'The refund could not be saved',
};

export function newerSchemaError(file: string, found: number, known: number): TillpointError {
  return new TillpointError(
    'store.newer_schema',
    `The database ${file} was written by a newer Tillpoint (schema ${found}; this one knows up to ${known}). ` +
      'Update Tillpoint, or open another data folder. The file was not changed.',
    { file, found, known },
  );
}

/** better-sqlite3 throws SqliteError with an extended result code name, e.g. SQLITE_IOERR_WRITE. */
function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

export function corruptError(file: string, details?: unknown): TillpointError {
  return new TillpointError(
    'store.corrupt',
    `The database ${file} is damaged. Restore it from a backup, or move the file aside so Tillpoint can start a new one.`,
    { file, ...(details === undefined ? {} : { cause: details }) },
  );
}

/**
 * Maps a SQLite failure to a TillpointError a cashier can act on (result codes: https://sqlite.org/rescode.html).
 * Anything that is not a SQLite error is returned unchanged, so callers can `throw toStoreError(e, ...)`.
 */
export function toStoreError(error: unknown, file: string, action: StoreAction): unknown {
  if (error instanceof TillpointError) return error;
  const code = sqliteCode(error);
  if (code === null) return error;
  const details = { file, sqlite: code, message: (error as Error).message };
  const primary = code.replace(/^(SQLITE_[A-Z]+).*$/, '$1');
  switch (primary) {
    case 'SQLITE_FULL':
      return new TillpointError(
        'store.disk_full',
        `${what[action]}: the disk is full. ${retryHint[action]}`,
        details,
      );
    case 'SQLITE_IOERR':
      return new TillpointError(
        'store.io',
        `${what[action]}: the disk reported an error while writing ${file}. Check the disk or storage card, then try again.`,
        details,
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new TillpointError(
        'store.busy',
        `${what[action]}: another program is using ${file}. Close other Tillpoint windows and try again.`,
        details,
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_CANTOPEN':
      return new TillpointError(
        'store.readonly',
        `${what[action]}: Tillpoint may not write to ${file}. Check the folder's permissions or free the storage card's write lock.`,
        details,
      );
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return corruptError(file, details);
    default:
      return error;
  }
}

/** Runs `fn`, turning SQLite failures into TillpointErrors. */
export function withStoreErrors<T>(file: string, action: StoreAction, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toStoreError(error, file, action);
  }
}
