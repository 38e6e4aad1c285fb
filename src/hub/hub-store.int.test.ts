import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hubPaths } from '../shared/hub-api.js';
import { startHub } from './hub-server.js';
import { HubStoreTooNew, HubStoreUnavailable, type HubStore } from './hub-store.js';
import { saleEntry, sendBatch } from './hub-test-client.js';
import { hubSchemaVersion } from './migrations/index.js';
import { openPgHubStore } from './pg-store.js';
import { openSqliteHubStore } from './sqlite-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tillpoint-hub-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hub store', () => {
  it('SQLite: creates the file in WAL mode with foreign keys and STRICT tables, at the code schema', async () => {
    const file = path.join(dir, 'fresh.db');
    const store = openSqliteHubStore(file);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(hubSchemaVersion);
    const tables = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main'`).all() as {
      name: string;
      strict: number;
    }[];
    for (const t of tables.filter((t) => !t.name.startsWith('sqlite_')))
      expect(t).toMatchObject({ strict: 1 });
    db.close();
    // opening again changes nothing and works
    await openSqliteHubStore(file).close();
  });

  it('SQLite: refuses a database from a newer hub and leaves it unchanged', () => {
    const file = path.join(dir, 'newer.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openSqliteHubStore(file)).toThrow(HubStoreTooNew);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    after.close();
  });

  it('PostgreSQL not answering: opening says unavailable (the CLI reports it)', async () => {
    await expect(openPgHubStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow(
      HubStoreUnavailable,
    );
  });

  it('the database down: 503 with Retry-After, nothing written', async () => {
    const real = openSqliteHubStore(path.join(dir, 'down.db'));
    const down = (): Promise<never> =>
      Promise.reject(new HubStoreUnavailable('hub database unavailable: test'));
    const store: HubStore = {
      ...real,
      terminalSecret: () => Promise.resolve('secret-of-a-terminal-00000000000000'),
      ingest: down,
      ping: down,
    };
    const hub = await startHub({ port: 0, store });
    try {
      const cred = {
        terminalId: '00000000-0000-4000-8000-000000000001',
        secret: 'secret-of-a-terminal-00000000000000',
      };
      const res = await sendBatch(hub.url, cred, { entries: [saleEntry()] });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toMatchObject({ error: { code: 'hub.unavailable' } });
      expect((await fetch(`${hub.url}${hubPaths.health}`)).status).toBe(503);
      expect(await real.countEntries()).toBe(0);
    } finally {
      await hub.close();
      await real.close();
    }
  });
});
