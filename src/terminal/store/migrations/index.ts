import init from './0001_init.sql';
import payments from './0002_payments.sql';
import cards from './0003_cards.sql';
import sync from './0004_sync.sql';
import refunds from './0005_refunds.sql';
import catalogNames from './0006_catalog_names.sql';
import kiosk from './0007_kiosk.sql';
import staff from './0008_staff.sql';
import printJobs from './0009_print_jobs.sql';
import shifts from './0010_shifts.sql';
import splitTender from './0011_split_tender.sql';
import returns from './0012_returns.sql';
import saleStaff from './0013_sale_staff.sql';
import hubStaff from './0014_hub_staff.sql';
import hubPin from './0015_hub_pin.sql';
import journalChain from './0016_journal_chain.sql';
import offlineCodes from './0017_offline_codes.sql';
import billPayments from './0018_bill_payments.sql';

/**
 * Every migration, in order. Migration N takes a database from `user_version` N-1 to N. Add a file
 * `000N_name.sql` and one line here; never edit a migration that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: '0001_init', sql: init },
  { version: 2, name: '0002_payments', sql: payments },
  { version: 3, name: '0003_cards', sql: cards },
  { version: 4, name: '0004_sync', sql: sync },
  { version: 5, name: '0005_refunds', sql: refunds },
  { version: 6, name: '0006_catalog_names', sql: catalogNames },
  { version: 7, name: '0007_kiosk', sql: kiosk },
  { version: 8, name: '0008_staff', sql: staff },
  { version: 9, name: '0009_print_jobs', sql: printJobs },
  { version: 10, name: '0010_shifts', sql: shifts },
  { version: 11, name: '0011_split_tender', sql: splitTender },
  { version: 12, name: '0012_returns', sql: returns },
  { version: 13, name: '0013_sale_staff', sql: saleStaff },
  { version: 14, name: '0014_hub_staff', sql: hubStaff },
  { version: 15, name: '0015_hub_pin', sql: hubPin },
  { version: 16, name: '0016_journal_chain', sql: journalChain },
  { version: 17, name: '0017_offline_codes', sql: offlineCodes },
  { version: 18, name: '0018_bill_payments', sql: billPayments },
];

/** The schema version this code writes. A database newer than this is refused, never downgraded. */
export const codeSchemaVersion = migrations.length;
