import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { HubStore } from './hub-store.js';
import { openPgHubStore } from './pg-store.js';
import { openSqliteHubStore } from './sqlite-store.js';

/** One storage under test: opens a store (twice for "two hubs on one database") and cleans up after. */
export interface Backend {
  readonly name: string;
  open(): Promise<HubStore>;
  cleanup(): Promise<void>;
  /** PostgreSQL: runs SQL in the test's schema (a test's own triggers); SQLite has none */
  sql?(text: string): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillpoint-hub-'));
  return {
    name: 'SQLite',
    open: () => Promise.resolve(openSqliteHubStore(path.join(dir, 'hub.db'))),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

export const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Each test file works in its own schema, dropped afterwards; a string says why PostgreSQL is not there. */
export async function pgBackend(): Promise<Backend | string> {
  const admin = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    return `PostgreSQL not reachable at ${pgUrl}: ${(error as Error).message}`;
  }
  const schema = `hub_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  return {
    name: 'PostgreSQL',
    open: () => openPgHubStore({ connectionString: pgUrl, schema }),
    sql: async (text) => {
      await admin.query(`SET search_path TO ${schema}`);
      await admin.query(text);
    },
    cleanup: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
