import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { requireService } from '../../e2e/require-service.js';
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
  /** everything the database holds, as text (a test searches it for what must never be stored) */
  dump(): Promise<string>;
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillpoint-hub-'));
  return {
    name: 'SQLite',
    open: () => Promise.resolve(openSqliteHubStore(path.join(dir, 'hub.db'))),
    // the files as they are on disk, the write-ahead log included
    dump: () =>
      Promise.resolve(
        readdirSync(dir)
          .map((f) => readFileSync(path.join(dir, f)).toString('latin1'))
          .join('\n'),
      ),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

export const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL as a message may show it: a password in DATABASE_URL is never printed. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(DATABASE_URL is not a URL)';
  }
}

const unreachable = (url: string, error: unknown) =>
  `not reachable at ${printableUrl(url)} (DATABASE_URL): ${(error as Error).message}`;

/** null when PostgreSQL answers at `url`, else why not (for requireService). */
export async function pgUnavailableReason(url: string = pgUrl): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return unreachable(url, error);
  }
}

/**
 * Each test file works in its own schema, dropped afterwards. Without PostgreSQL a string says why (printed)
 * and the caller skips its PostgreSQL suite; under CI it throws instead (requireService), failing the file.
 */
export async function pgBackend(
  options: { url?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Backend | string> {
  const url = options.url ?? pgUrl;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    return requireService('PostgreSQL', unreachable(url, error), { env: options.env ?? process.env })!;
  }
  const schema = `hub_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  return {
    name: 'PostgreSQL',
    open: () => openPgHubStore({ connectionString: url, schema }),
    sql: async (text) => {
      await admin.query(`SET search_path TO ${schema}`);
      await admin.query(text);
    },
    dump: async () => {
      await admin.query(`SET search_path TO ${schema}`);
      const tables = await admin.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1`,
        [schema],
      );
      const texts: string[] = [];
      for (const { name } of tables.rows) {
        const rows = await admin.query<{ t: string }>(`SELECT x::text AS t FROM ${schema}."${name}" x`);
        texts.push(...rows.rows.map((r) => r.t));
      }
      return texts.join('\n');
    },
    cleanup: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
