import { expect } from 'vitest';
import type { MigrationFixture } from './migration-fixtures.test-util.js';

/**
 * The upgrade test's rows for the bill payments migration (file 0018_bill_payments.sql): a till at the
 * version before it, with a completed sale, gains the two bill tables empty, and a bill payment can cite
 * that older sale. Keyed by the version the migration upgrades from (17).
 */
export const billFixtures: Record<number, MigrationFixture> = {
  17: {
    put(db) {
      db.prepare(
        `INSERT INTO sales (id, number, state, currency, created_at, completed_at, subtotal, tax, total)
         VALUES ('5a1e0000-0000-4000-8000-000000000017', 1017, 'completed', 'CNY', 'a15', 'a15', 300, 0, 300)`,
      ).run();
    },
    check(db) {
      expect(db.prepare('SELECT count(*) FROM bill_payments').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM bill_billers').pluck().get()).toBe(0);
      const add = db.prepare(
        `INSERT INTO bill_payments (id, biller_id, account, kind, state, amount, currency, offline, sale_id,
           idempotency_key, created_at, updated_at)
         VALUES (?, 'state-grid', '1601234567890', 'bill', ?, 10400, 'CNY', 0, ?, ?, 'b', 'b')`,
      );
      add.run('b1', 'paid', '5a1e0000-0000-4000-8000-000000000017', 'bill:b1');
      expect(() => add.run('b2', 'lost', null, 'bill:b2')).toThrow(/CHECK/);
      // one biller payment per idempotency key: a retry can never become a second payment
      expect(() => add.run('b3', 'paid', null, 'bill:b1')).toThrow(/UNIQUE/);
      expect(() => add.run('b4', 'paid', 'no-such-sale', 'bill:b4')).toThrow(/FOREIGN KEY/);
    },
  },
};
