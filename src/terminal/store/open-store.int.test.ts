import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TillpointError } from '../../core/errors.js';
import { codeSchemaVersion } from './migrations/index.js';
import { openStore } from './open-store.js';
import { appendJournal } from './journal-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function caught(fn: () => unknown): TillpointError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TillpointError) return error;
    throw error;
  }
  throw new Error('expected a TillpointError');
}

/** A database with enough rows to span many pages, closed cleanly (WAL checkpointed into the file). */
function filledDatabase(file: string): void {
  const store = openStore(file);
  store.db.transaction(() => {
    for (let i = 0; i < 2_000; i++) {
      const at = new Date(0).toISOString();
      appendJournal(store.db, { kind: 'test', saleId: null, data: { i, pad: 'x'.repeat(80) }, at });
    }
  })();
  store.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
}

describe('openStore pragmas', () => {
  test('WAL, synchronous=FULL (2) by default, foreign keys on, a busy timeout', () => {
    const store = openStore(join(dir, 't.db'));
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      // foreign keys are enforced, not just switched on
      expect(() =>
        store.db
          .prepare(
            `INSERT INTO payments (id, sale_id, method, amount, tendered, change, currency, created_at)
             VALUES ('p', 'no-such-sale', 'cash', 1, 1, 0, 'CNY', 'now')`,
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      store.close();
    }
  });

  test('synchronous=NORMAL when asked (the bench compares both)', () => {
    const store = openStore(join(dir, 'n.db'), { synchronous: 'NORMAL' });
    try {
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      store.close();
    }
  });

  test('an explicit native binding (how Electron loads its own build) is used', () => {
    const binding = createRequire(import.meta.url).resolve(
      'better-sqlite3/build/Release/better_sqlite3.node',
    );
    const store = openStore(join(dir, 'native.db'), { nativeBinding: binding });
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      store.close();
    }
  });

  test('a missing native binding is reported, not swallowed', () => {
    expect(() => openStore(join(dir, 'b.db'), { nativeBinding: join(dir, 'nope.node') })).toThrow();
    expect(existsSync(join(dir, 'b.db'))).toBe(false);
  });
});

describe('openStore refuses and never touches', () => {
  test('a database written by a newer Tillpoint: store.newer_schema, file byte-identical', () => {
    const file = join(dir, 'newer.db');
    filledDatabase(file);
    const db = new Database(file);
    db.pragma(`user_version = ${codeSchemaVersion + 3}`);
    db.close();
    const before = readFileSync(file);

    const error = caught(() => openStore(file));
    expect(error.code).toBe('store.newer_schema');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/Update Tillpoint, or open another data folder/);
    expect(readFileSync(file).equals(before)).toBe(true);
    // and a second try answers the same, so the app can keep showing it
    expect(caught(() => openStore(file)).code).toBe('store.newer_schema');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  const corruptions: Record<string, (file: string) => void> = {
    'random bytes': (file) => writeFileSync(file, randomBytes(3 * 4096)),
    'a truncated database': (file) => {
      filledDatabase(file);
      truncateSync(file, Math.floor(readFileSync(file).length / 2) + 123);
    },
    'a database with a damaged b-tree page': (file) => {
      filledDatabase(file);
      const db = new Database(file, { readonly: true });
      // dbstat (compiled in) names the pages of the journal table; scribble over an interior one.
      const pages = db
        .prepare(`SELECT pageno FROM dbstat WHERE name = 'journal' AND pagetype = 'leaf' ORDER BY pageno`)
        .pluck()
        .all() as number[];
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.close();
      expect(pages.length).toBeGreaterThan(10);
      const bytes = readFileSync(file);
      const page = pages[Math.floor(pages.length / 2)]!;
      bytes.fill(0xa5, (page - 1) * pageSize, (page - 1) * pageSize + 64);
      writeFileSync(file, bytes);
    },
  };

  for (const [name, corrupt] of Object.entries(corruptions)) {
    test(`${name}: store.corrupt naming the file, file byte-identical`, () => {
      const file = join(dir, 'corrupt.db');
      corrupt(file);
      const before = readFileSync(file);
      const error = caught(() => openStore(file));
      expect(error.code).toBe('store.corrupt');
      expect(error.message).toContain(file);
      expect(error.message).toMatch(/backup|move the file aside/);
      expect(readFileSync(file).equals(before)).toBe(true);
    });
  }
});
