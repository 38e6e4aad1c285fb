import { describe, expect, test } from 'vitest';
import { TillpointError } from '../../core/errors.js';
import { toStoreError, withStoreErrors } from './store-errors.js';

const sqlite = (code: string) => Object.assign(new Error(`sqlite said ${code}`), { code });
const FILE = '/data/tillpoint.db';

describe('toStoreError', () => {
  test.each([
    ['SQLITE_FULL', 'store.disk_full'],
    ['SQLITE_IOERR', 'store.io'],
    ['SQLITE_IOERR_WRITE', 'store.io'],
    ['SQLITE_IOERR_FSYNC', 'store.io'],
    ['SQLITE_BUSY', 'store.busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'store.busy'],
    ['SQLITE_READONLY', 'store.readonly'],
    ['SQLITE_READONLY_DBMOVED', 'store.readonly'],
    ['SQLITE_CANTOPEN', 'store.readonly'],
    ['SQLITE_CORRUPT', 'store.corrupt'],
    ['SQLITE_NOTADB', 'store.corrupt'],
  ])('%s -> %s, naming the file', (code, expected) => {
    const mapped = toStoreError(sqlite(code), FILE, 'change');
    expect(mapped).toBeInstanceOf(TillpointError);
    expect((mapped as TillpointError).code).toBe(expected);
    if (expected !== 'store.disk_full') expect((mapped as TillpointError).message).toContain(FILE);
    expect((mapped as TillpointError).details).toMatchObject({ file: FILE });
  });

  test('disk full while paying tells the cashier the sale is kept and what to do', () => {
    const mapped = toStoreError(sqlite('SQLITE_FULL'), FILE, 'complete') as TillpointError;
    expect(mapped.message).toBe(
      'The sale could not be saved: the disk is full. The sale is still open; free space and press Pay again.',
    );
  });

  test('other errors pass through unchanged: constraint bugs, TillpointErrors, non-SQLite errors', () => {
    const constraint = sqlite('SQLITE_CONSTRAINT_UNIQUE');
    expect(toStoreError(constraint, FILE, 'change')).toBe(constraint);
    const own = new TillpointError('sale.empty', 'empty');
    expect(toStoreError(own, FILE, 'change')).toBe(own);
    const plain = new TypeError('x');
    expect(toStoreError(plain, FILE, 'change')).toBe(plain);
    expect(() =>
      withStoreErrors(FILE, 'complete', () => {
        throw sqlite('SQLITE_FULL');
      }),
    ).toThrow(/disk is full/);
    expect(withStoreErrors(FILE, 'read', () => 42)).toBe(42);
  });
});
