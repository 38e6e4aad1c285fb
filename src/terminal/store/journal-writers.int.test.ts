import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * The chain has one writer (appendJournal in journal-store.ts): a second one would write rows with their own
 * idea of seq and hash. Engineers adding money events call appendJournal; this test names any file that
 * writes the table itself. The migration fixtures write as a till of an older schema did (before the chain).
 */
const root = join(import.meta.dirname, '..', '..', '..');
const allowed = new Set([
  'src/terminal/store/journal-store.ts',
  'src/terminal/store/migration-fixtures.test-util.ts',
  'src/terminal/store/migration-fixtures-store-ops.test-util.ts',
  'src/terminal/store/journal-writers.int.test.ts',
]);

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.(ts|tsx|mts|mjs|js|sql)$/.test(entry.name)) yield path;
  }
}

describe('journal writers', () => {
  test('no file but journal-store.ts inserts into the journal', () => {
    const writers: string[] = [];
    for (const top of ['src', 'electron', 'e2e']) {
      for (const file of sources(join(root, top))) {
        const name = relative(root, file).split('\\').join('/');
        if (allowed.has(name)) continue;
        // INSERT [OR x] INTO journal, any spacing or case; journal_x tables are other tables
        if (/insert\s+(or\s+\w+\s+)?into\s+["`]?journal["`]?[\s(]/i.test(readFileSync(file, 'utf8')))
          writers.push(name);
      }
    }
    expect(writers, 'call appendJournal(db, event) from src/terminal/store/journal-store.ts instead').toEqual(
      [],
    );
  });
});
