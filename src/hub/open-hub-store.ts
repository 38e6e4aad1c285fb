import path from 'node:path';
import { protectFolder } from './file-modes.js';
import type { HubStore } from './hub-store.js';
import { openPgHubStore } from './pg-store.js';
import { openSqliteHubStore } from './sqlite-store.js';

export interface HubStorageConfig {
  /** The hub's data folder; its SQLite file is DIR/hub.db. */
  readonly dataDir: string;
  /** postgres://... : use PostgreSQL instead (the DATABASE_URL environment variable). */
  readonly databaseUrl?: string;
}

/** SQLite in the data folder by default; PostgreSQL when a database URL is given. */
export async function openHubStore(config: HubStorageConfig): Promise<HubStore> {
  if (config.databaseUrl !== undefined && config.databaseUrl !== '') {
    return openPgHubStore({ connectionString: config.databaseUrl });
  }
  // 0700 and hub.db 0600: the hub keeps every terminal's HMAC secret (it must, to verify their requests)
  protectFolder(config.dataDir);
  return openSqliteHubStore(path.join(config.dataDir, 'hub.db'));
}

/** Where the store lives, for the start-up line (never the password of a database URL). */
export function describeHubStorage(config: HubStorageConfig): string {
  if (config.databaseUrl !== undefined && config.databaseUrl !== '') {
    try {
      const url = new URL(config.databaseUrl);
      return `PostgreSQL ${url.host}${url.pathname}`;
    } catch {
      return 'PostgreSQL (DATABASE_URL)';
    }
  }
  return `SQLite ${path.resolve(config.dataDir, 'hub.db')}`;
}
