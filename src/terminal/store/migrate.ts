import type Database from 'better-sqlite3';
import type { Migration } from './migrations/index.js';
import { newerSchemaError } from './store-errors.js';

/**
 * Brings the database to the newest schema with a `user_version` runner (https://sqlite.org/pragma.html#pragma_user_version):
 * all pending migrations and the version bump run in ONE transaction, so a crash leaves either the old
 * schema or the new one, never half of it. Answers the resulting version.
 */
export function runMigrations(db: Database.Database, file: string, migrations: readonly Migration[]): number {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1)
      throw new Error(`migration ${m.name} is out of order (expected ${index + 1})`);
  });
  const upgrade = db.transaction(() => {
    // Read inside the write transaction, so two processes opening at once cannot both migrate.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > migrations.length) throw newerSchemaError(file, current, migrations.length);
    for (const migration of migrations.slice(current)) db.exec(migration.sql);
    if (current < migrations.length) db.pragma(`user_version = ${migrations.length}`);
    return migrations.length;
  });
  return upgrade.immediate();
}
