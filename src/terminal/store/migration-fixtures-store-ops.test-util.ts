import { expect } from 'vitest';
import { journalGenesisHash } from '../../core/journal-chain.js';
import { checkJournal } from './journal-store.js';
import type { MigrationFixture } from './migration-fixtures.test-util.js';

/**
 * The fixtures of schema versions 10 and later: shifts, split tender, returns, the cashier on sales, hub
 * staff, the hub pin, the journal chain (tests only; src/terminal/store/migrate.int.test.ts runs them).
 */
export const storeOperationFixtures: Record<number, MigrationFixture> = {};
const fixtures = storeOperationFixtures;
fixtures[10] = {
  put(db) {
    // a closed shift's running totals at version 10 (kept by the triggers 0011 makes again)
    db.prepare(
      `INSERT INTO shift_tally (shift_id, kind, key, name, count, amount) VALUES ('sh10', 'tender', 'cash', '', 1, 1234)`,
    ).run();
  },
  check(db) {
    // 0011: the running totals survive the rebuild of shift_tally; old payments were not rounded
    expect(
      db.prepare(`SELECT count, amount FROM shift_tally WHERE shift_id = 'sh10' AND kind = 'tender'`).get(),
    ).toEqual({ count: 1, amount: 1234 });
    expect(db.prepare(`SELECT count(*) FROM payments WHERE rounding <> 0`).pluck().get()).toBe(0);
    // a sale with a rounded cash part joins the open shift with its rounding counted
    db.prepare(
      `INSERT INTO shifts (id, state, currency, opened_at, opening_float, opening_count)
       SELECT 'sh11', 'open', 'CNY', 'd', 0, '[]' WHERE NOT EXISTS (SELECT 1 FROM shifts WHERE state = 'open')`,
    ).run();
    db.prepare(
      `INSERT INTO sales (id, state, currency, created_at, total, voided_at) VALUES ('9a1e0000-0000-4000-8000-000000000011', 'voided', 'CNY', 'a', 1234, 'a')`,
    ).run();
    db.prepare(
      `INSERT INTO payments (id, sale_id, method, amount, tendered, change, currency, created_at, rounding)
       VALUES ('c0ffee00-0000-4000-8000-000000000011', '9a1e0000-0000-4000-8000-000000000011', 'cash', 1230, 1230, 0, 'CNY', 'b', -4)`,
    ).run();
    db.prepare(
      `UPDATE sales SET state = 'completed', voided_at = NULL, number = 101, completed_at = '2026-12-07T10:05:00.000Z' WHERE id = '9a1e0000-0000-4000-8000-000000000011'`,
    ).run();
    expect(
      db
        .prepare(
          `SELECT t.count, t.amount FROM shift_tally t JOIN sales s ON s.shift_id = t.shift_id
           WHERE s.number = 101 AND t.kind = 'rounding'`,
        )
        .get(),
    ).toEqual({ count: 1, amount: -4 });
    // a sale may have several refunds now (each paid part of a voided ticket), with a return id or none
    const refund = db.prepare(
      `INSERT INTO refunds (id, sale_id, payment_id, tender, method, amount, currency, reason, state, created_at,
         updated_at, refunded_at, return_id) VALUES (?, '9a1e0000-0000-4000-8000-000000000011',
         'c0ffee00-0000-4000-8000-000000000011', 'cash', 'cash', 100, 'CNY', 'r', 'refunded', 'a', 'a', 'a', ?)`,
    );
    refund.run('r1', null);
    refund.run('r2', 'e1e1e1e1-0000-4000-8000-000000000001');
    expect(db.prepare(`SELECT count(*) FROM refunds WHERE sale_id LIKE '9a1e%'`).pluck().get()).toBe(2);
  },
};

fixtures[11] = {
  put(db) {
    // a completed sale of 3 units at version 11, before partial returns
    db.prepare(
      `INSERT INTO sales (id, number, state, currency, created_at, completed_at, subtotal, tax, total)
       VALUES ('9c0b0000-0000-4000-8000-000000000011', 111, 'completed', 'CNY', 'a', 'b', 900, 0, 900)`,
    ).run();
    db.prepare(
      `INSERT INTO sale_lines (sale_id, position, id, product_id, sku, name, category_id, quantity, unit_price,
         gross, line_discount, ticket_discount_share, net, tax_rate_id, tax_inclusive, tax, total)
       VALUES ('9c0b0000-0000-4000-8000-000000000011', 0, '1e0b0000-0000-4000-8000-000000000011', 'p', 's', 'Tea',
         'c', 3, 300, 900, 0, 0, 900, 'vat-13', 1, 0, 900)`,
    ).run();
  },
  check(db) {
    // 0012: an old sale has no returns; a return of 2 then 1 unit is taken, a 4th unit is refused by the
    // guard trigger, and a return is never changed or deleted
    expect(db.prepare(`SELECT count(*) FROM returns`).pluck().get()).toBe(0);
    const ret = db.prepare(
      `INSERT INTO returns (id, sale_id, amount, currency, reason, created_at)
       VALUES (?, '9c0b0000-0000-4000-8000-000000000011', ?, 'CNY', 'r', 'c')`,
    );
    const line = db.prepare(
      `INSERT INTO return_lines (return_id, line_id, quantity, amount) VALUES (?, '1e0b0000-0000-4000-8000-000000000011', ?, ?)`,
    );
    ret.run('a1', 600);
    line.run('a1', 2, 600);
    ret.run('a2', 300);
    line.run('a2', 1, 300);
    ret.run('a3', 300);
    expect(() => line.run('a3', 1, 300)).toThrow(/more units returned than were sold/);
    expect(() => db.prepare(`UPDATE returns SET amount = 1 WHERE id = 'a1'`).run()).toThrow(/never changed/);
    expect(() => db.prepare(`DELETE FROM returns WHERE id = 'a1'`).run()).toThrow(/never deleted/);
  },
};

fixtures[12] = {
  put(db) {
    // a sale completed at version 10 and its receipt's print job, waiting for a printer that is off
    db.prepare(
      `INSERT INTO sales (id, number, state, currency, created_at, completed_at, subtotal, tax, total)
       VALUES ('9b0a0000-0000-4000-8000-000000000010', 120, 'completed', 'CNY', 'a', 'b', 500, 58, 500)`,
    ).run();
    db.prepare(
      `INSERT INTO print_jobs (id, printer_id, kind, sale_id, document, drawer, attempts, created_at)
       VALUES (41, 'front', 'sale', '9b0a0000-0000-4000-8000-000000000010', 'receipt 120', 1, 3, 'b')`,
    ).run();
  },
  check(db) {
    // 0013: an old sale has no cashier; the waiting job is kept as it was; a report job names its shift
    expect(db.prepare(`SELECT staff_id, staff_name FROM sales WHERE number = 120`).get()).toEqual({
      staff_id: null,
      staff_name: null,
    });
    expect(
      db
        .prepare(`SELECT kind, document, drawer, attempts, state, shift_id FROM print_jobs WHERE id = 41`)
        .get(),
    ).toEqual({
      kind: 'sale',
      document: 'receipt 120',
      drawer: 1,
      attempts: 3,
      state: 'queued',
      shift_id: null,
    });
    const report = db.prepare(
      `INSERT INTO print_jobs (printer_id, kind, shift_id, document, created_at) VALUES ('front', 'report', ?, 'Z 1', 'c')`,
    );
    report.run('sh-z');
    expect(() => report.run(null)).toThrow(/CHECK/);
  },
};

fixtures[13] = {
  put(db) {
    // a till's own member of staff and an enrolled hub link, from before hub staff
    db.prepare(
      `INSERT INTO staff (id, name, role, pin_hash, pin_salt, pin_params, badge_key, added_at)
       VALUES ('5aff0000-0000-4000-8000-000000000013', 'Local', 'manager', x'01', zeroblob(16), '{}', 'k13', 'a13')`,
    ).run();
    db.prepare(
      `INSERT INTO hub_link (id, hub_url, hub_terminal_id, secret, enrolled_at)
       VALUES (1, 'http://127.0.0.1:9', '0b000000-0000-4000-8000-000000000013', 'tpsec1:x', 'a')`,
    ).run();
  },
  check(db) {
    // 0014: rows from before are the till's own, verified with its own pepper; the link has no staff key yet
    expect(
      db
        .prepare(`SELECT source, pin_pepper FROM staff WHERE id = '5aff0000-0000-4000-8000-000000000013'`)
        .get(),
    ).toEqual({ source: 'local', pin_pepper: 'till' });
    expect(db.prepare(`SELECT org_pepper FROM hub_link`).pluck().get()).toBeNull();
    const add = db.prepare(
      `INSERT INTO staff (id, name, role, pin_hash, pin_salt, pin_params, badge_key, added_at, source, pin_pepper)
       VALUES (?, 'H', 'cashier', x'02', zeroblob(16), '{}', NULL, 'b', ?, ?)`,
    );
    add.run('h1', 'hub', 'org');
    expect(() => add.run('h2', 'cloud', 'org')).toThrow(/CHECK/);
    expect(() => add.run('h3', 'hub', 'both')).toThrow(/CHECK/);
  },
};

fixtures[14] = {
  put(db) {
    // the link fixture 13 made, as a version 14 till has it
    db.prepare(`UPDATE hub_link SET hub_url = 'http://127.0.0.1:14'`).run();
  },
  check(db) {
    // 0015: a link from before has no pin (it was made over plain http to this machine); a pin is 64 hex
    expect(db.prepare(`SELECT hub_pin FROM hub_link`).pluck().get()).toBeNull();
    const pin = db.prepare(`UPDATE hub_link SET hub_pin = ?`);
    pin.run('ab'.repeat(32));
    expect(() => pin.run('AB'.repeat(32))).toThrow(/CHECK/);
    expect(() => pin.run('ab')).toThrow(/CHECK/);
  },
};

fixtures[15] = {
  put(db) {
    // money events journaled before the chain: two rows, the second with a sale
    const add = db.prepare(`INSERT INTO journal (at, kind, sale_id, data) VALUES (?, ?, ?, ?)`);
    add.run('2026-01-01T00:00:00.000Z', 'shift.open', null, '{"float":{"amount":5000,"currency":"CNY"}}');
    add.run(
      '2026-01-01T00:01:00.000Z',
      'sale.completed',
      's15',
      '{"total":{"amount":1200,"currency":"CNY"}}',
    );
  },
  check(db) {
    // 0016 + the open step: every old row is chained in the order it was written, from the 64-zero genesis
    const rows = db.prepare(`SELECT id, seq, prev_hash FROM journal ORDER BY id`).all() as {
      id: number;
      seq: number;
      prev_hash: string;
    }[];
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(journalGenesisHash);
    const { verdict, unchained } = checkJournal(db);
    expect(unchained).toBe(0);
    expect(verdict).toMatchObject({ ok: true, rows: rows.length });
    // still append-only, and a row without its chain is refused
    expect(() => db.prepare(`UPDATE journal SET data = '{}' WHERE seq = 1`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM journal WHERE seq = 1`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`INSERT INTO journal (at, kind) VALUES ('b', 'x')`).run()).toThrow(
      /appendJournal/,
    );
  },
};
