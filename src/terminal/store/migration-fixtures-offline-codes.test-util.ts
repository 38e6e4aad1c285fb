import { expect } from 'vitest';
import type { MigrationFixture } from './migration-fixtures.test-util.js';

/** The fixture of schema version 16, which 0017_offline_codes upgrades (tests only). */
export const offlineCodeFixtures: Record<number, MigrationFixture> = {
  16: {
    put(db) {
      // a completed sale from before (fixture 1 made sale 'a1000000-...'); nothing about offline codes yet
      db.prepare(`UPDATE terminal SET name = 'Till 16'`).run();
    },
    check(db) {
      const sale = db.prepare(`SELECT id FROM sales ORDER BY rowid LIMIT 1`).pluck().get() as string;
      expect(sale).toBeTruthy();
      const add = db.prepare(
        `INSERT INTO offline_code_captures (id, sale_id, payment_id, issuer_id, key_id, user_id, counter, amount,
           currency, code, issued_at, captured_at) VALUES (?, ?, ?, 'sandbox', 'k1', 'u1', ?, 100, 'CNY', 'TPOC1.x', 'a', 'b')`,
      );
      add.run('r1', sale, 'p1', 1);
      // the replay guard is in the schema: one (issuer, user, counter) once, whatever the code says
      expect(() => add.run('r2', sale, 'p2', 1)).toThrow(/UNIQUE/);
      // a settled row says when; an unsettled one does not
      expect(() =>
        db.prepare(`UPDATE offline_code_captures SET settlement = 'accepted' WHERE id = 'r1'`).run(),
      ).toThrow(/CHECK/);
      expect(() => add.run('r3', 'no-such-sale', 'p3', 2)).toThrow(/FOREIGN KEY/);
    },
  },
};
