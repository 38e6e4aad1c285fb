import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { configFileNames } from './diagnostics/config-check.js';
import { appendJournal } from './store/journal-store.js';

/** The journal kind of a configuration file that differs from the one the journal last saw. */
export const CONFIG_FILE_JOURNAL_KIND = 'config.file';

/**
 * A configuration change is a money event too (NF525 asks for it: a changed offline cap, a provider, the
 * cash rounding in shop.json, the shift's tolerance). The till reads its configuration files at start, so
 * at each start every file whose content differs from what the journal last recorded for it (or that
 * appeared or went away) gets a `config.file` row: its name and the SHA-256 of its bytes, null when absent.
 * Only the hash: providers.json holds keys. Answers the names it journaled.
 */
export function journalConfigFiles(db: Database.Database, dataDir: string, at: string): string[] {
  const last = db
    .prepare(
      `SELECT json_extract(data, '$.sha256') FROM journal
       WHERE kind = '${CONFIG_FILE_JOURNAL_KIND}' AND json_extract(data, '$.file') = ?
       ORDER BY seq DESC LIMIT 1`,
    )
    .pluck();
  return db
    .transaction(() => {
      const changed: string[] = [];
      for (const file of configFileNames) {
        const digest = digestOf(join(dataDir, file));
        // undefined: never journaled; null: journaled as absent
        const before = last.get(file) as string | null | undefined;
        if (before === digest || (before === undefined && digest === null)) continue;
        appendJournal(db, {
          kind: CONFIG_FILE_JOURNAL_KIND,
          saleId: null,
          data: { file, sha256: digest },
          at,
        });
        changed.push(file);
      }
      return changed;
    })
    .immediate();
}

function digestOf(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
