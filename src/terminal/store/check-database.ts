import { TillpointError } from '../../core/errors.js';
import { codeSchemaVersion } from './migrations/index.js';
import { checkIntegrity, openExistingReadOnly } from './open-store.js';
import { corruptError, toStoreError } from './store-errors.js';

export interface DatabaseCheck {
  readonly file: string;
  /** 'ok', or what PRAGMA integrity_check found */
  readonly integrity: string;
  readonly schemaVersion: number;
  readonly codeSchemaVersion: number;
}

/**
 * `tillpoint db check`: a read-only look at a database. It never migrates, never writes, and answers
 * damage as a result (integrity is not 'ok') rather than an error, so the CLI can print it. A file that is
 * not a database at all is store.corrupt; a missing file is store.readonly's cousin, reported plainly.
 */
export function checkDatabase(file: string, options: { nativeBinding?: string } = {}): DatabaseCheck {
  const db = openExistingReadOnly(file, options);
  try {
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    let integrity: string;
    try {
      integrity = checkIntegrity(db, 'integrity_check');
    } catch (error) {
      // SQLITE_CORRUPT while walking the b-trees is itself the answer
      const mapped = toStoreError(error, file, 'read');
      if (mapped instanceof TillpointError && mapped.code === 'store.corrupt')
        integrity = String((error as Error).message);
      else throw mapped;
    }
    return { file, integrity, schemaVersion, codeSchemaVersion };
  } catch (error) {
    const mapped = toStoreError(error, file, 'read');
    throw mapped instanceof TillpointError && mapped.code === 'store.corrupt'
      ? corruptError(file, mapped.details)
      : mapped;
  } finally {
    db.close();
  }
}
