import pgInit from './pg/0001_init.sql';
import pgCatalogPayments from './pg/0002_catalog_payments.sql';
import pgStaffKey from './pg/0003_staff_key.sql';
import pgReconciliations from './pg/0004_reconciliations.sql';
import pgJournalHeads from './pg/0005_journal_heads.sql';
import sqliteInit from './sqlite/0001_init.sql';
import sqliteCatalogPayments from './sqlite/0002_catalog_payments.sql';
import sqliteStaffKey from './sqlite/0003_staff_key.sql';
import sqliteReconciliations from './sqlite/0004_reconciliations.sql';
import sqliteJournalHeads from './sqlite/0005_journal_heads.sql';
import pgOfflineCodes from './pg/0006_offline_codes.sql';
import sqliteOfflineCodes from './sqlite/0006_offline_codes.sql';

/**
 * The hub's migrations, one numbered file per dialect and version. Migration N takes a database from
 * version N-1 to N; add a file to both folders and one line here; never edit a migration that has shipped.
 */
export interface HubMigration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly pg: string;
}

export const hubMigrations: readonly HubMigration[] = [
  { version: 1, name: '0001_init', sqlite: sqliteInit, pg: pgInit },
  { version: 2, name: '0002_catalog_payments', sqlite: sqliteCatalogPayments, pg: pgCatalogPayments },
  { version: 3, name: '0003_staff_key', sqlite: sqliteStaffKey, pg: pgStaffKey },
  { version: 4, name: '0004_reconciliations', sqlite: sqliteReconciliations, pg: pgReconciliations },
  { version: 5, name: '0005_journal_heads', sqlite: sqliteJournalHeads, pg: pgJournalHeads },
  { version: 6, name: '0006_offline_codes', sqlite: sqliteOfflineCodes, pg: pgOfflineCodes },
];

/** The schema version this code writes. A database newer than this is refused, never downgraded. */
export const hubSchemaVersion = hubMigrations.length;
