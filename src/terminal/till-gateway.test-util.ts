import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startGateway, type Gateway } from '../gateway/gateway.js';
import { gatewayClient } from '../gateway/test-client.js';
import { callsOf } from './call.test-util.js';
import type { Terminal } from './terminal.js';

/**
 * A fresh data folder and a REAL sandbox gateway on 127.0.0.1 (its ledger in that folder) for every test
 * of a file, closed after it with the till the test opened (tests only). `till.terminal` is set by the
 * test when it opens one; `call`, `fails` and `sql` act on it.
 */
export function tillWithGateway(prefix: string) {
  const ctx = {
    dir: '',
    gateway: undefined as unknown as Gateway,
    client: undefined as unknown as ReturnType<typeof gatewayClient>,
    terminal: undefined as Terminal | undefined,
  };
  beforeEach(async () => {
    ctx.dir = mkdtempSync(join(tmpdir(), `tillpoint-${prefix}-`));
    ctx.gateway = await startGateway({
      test: true,
      log: () => {},
      ledgerFile: join(ctx.dir, 'gateway-ledger.db'),
    });
    ctx.client = gatewayClient(ctx.gateway.url);
  });
  afterEach(async () => {
    await ctx.terminal?.close();
    ctx.terminal = undefined;
    await ctx.gateway.close();
    rmSync(ctx.dir, { recursive: true, force: true });
  });
  /** Runs `fn` on a second connection to the till's SQLite file (what a test reads or arranges by hand). */
  function sql<T>(fn: (db: Database.Database) => T): T {
    if (!ctx.terminal) throw new Error('no terminal is open');
    const db = new Database(ctx.terminal.dbFile);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }
  return Object.assign(
    ctx,
    callsOf(() => ctx.terminal),
    { sql },
  );
}
