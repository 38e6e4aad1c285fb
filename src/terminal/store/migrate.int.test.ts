import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { codeSchemaVersion, migrations } from './migrations/index.js';
import { openStore } from './open-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Db = Database.Database;
/**
 * Rows a real terminal would hold at schema version N, and what must still be true after the upgrade.
 * Adding migration N+1 without a fixture for version N fails the "every version has a fixture" test.
 */
const fixtures: Record<number, { put(db: Db): void; check(db: Db): void }> = {
  1: {
    put(db) {
      db.prepare(
        `INSERT INTO terminal (id, terminal_id, name, currency, locale, last_receipt_number, created_at)
         VALUES (1, '6f1c1a52-8f7e-4f57-9d5e-0c2b7a1f3e11', 'Till 1', 'CNY', 'zh-CN', 7, '2026-11-01T08:00:00.000Z')`,
      ).run();
      db.prepare(`INSERT INTO categories (id, name) VALUES ('drinks', 'Drinks')`).run();
      db.prepare(`INSERT INTO tax_rates VALUES ('vat-13', 'VAT 13 %', 1300, 1)`).run();
      db.prepare(
        `INSERT INTO products (id, sku, name, barcode, category_id, price, currency, tax_rate_id)
         VALUES ('p1', 'DRK-001', 'Water', '6901234567892', 'drinks', 200, 'CNY', 'vat-13')`,
      ).run();
      db.prepare(
        `INSERT INTO sales (id, number, state, currency, created_at, completed_at, subtotal, tax, total)
         VALUES ('0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01', 7, 'completed', 'CNY', '2026-11-01T09:00:00.000Z',
                 '2026-11-01T09:01:00.000Z', 400, 46, 400)`,
      ).run();
      db.prepare(
        `INSERT INTO sale_lines VALUES ('0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01', 0,
           'a1b2c3d4-0000-4000-8000-000000000001', 'p1', 'DRK-001', 'Water', '6901234567892', 'drinks', 2, 200,
           NULL, 400, 0, 0, 400, 'vat-13', 1, 46, 400)`,
      ).run();
      db.prepare(
        `INSERT INTO payments (id, sale_id, method, amount, tendered, change, currency, created_at)
         VALUES ('c0ffee00-0000-4000-8000-000000000001', '0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01',
           'cash', 400, 500, 100, 'CNY', '2026-11-01T09:01:00.000Z')`,
      ).run();
      db.prepare(
        `INSERT INTO outbox (idempotency_key, kind, payload, created_at)
         VALUES ('sale:0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01', 'sale.completed', '{}', '2026-11-01T09:01:00.000Z')`,
      ).run();
    },
    check(db) {
      expect(db.prepare('SELECT last_receipt_number FROM terminal').pluck().get()).toBe(7);
      expect(db.prepare('SELECT total FROM sales WHERE number = 7').pluck().get()).toBe(400);
      expect(db.prepare(`SELECT count(*) FROM sale_lines WHERE sale_id LIKE '0b9f%'`).pluck().get()).toBe(1);
      expect(db.prepare(`SELECT state FROM outbox`).pluck().get()).toBe('queued');
      // 0002 rebuilt payments: the cash row keeps every column
      expect(db.prepare('SELECT method, amount, tendered, change, currency FROM payments').get()).toEqual({
        method: 'cash',
        amount: 400,
        tendered: 500,
        change: 100,
        currency: 'CNY',
      });
    },
  },
  2: {
    put(db) {
      // a wallet-paid sale: its attempt and payment row must survive 0003's rebuild of payments
      db.prepare(
        `INSERT INTO sales (id, number, state, currency, created_at, completed_at, subtotal, tax, total)
         VALUES ('5d1e0a3c-2b7f-4e61-9a0d-7c3b2e1f0a02', 8, 'completed', 'CNY', '2026-11-02T09:00:00.000Z',
                 '2026-11-02T09:01:00.000Z', 900, 104, 900)`,
      ).run();
      db.prepare(
        `INSERT INTO payment_attempts (id, sale_id, kind, wallet, provider_id, amount, currency, state,
           confirmation, deadline_at, created_at, updated_at)
         VALUES ('a77e0000-0000-4000-8000-000000000002', '5d1e0a3c-2b7f-4e61-9a0d-7c3b2e1f0a02', 'customer-code',
           'alipay', 'sandbox', 900, 'CNY', 'succeeded', 'provider', '2026-11-02T09:00:30.000Z',
           '2026-11-02T09:00:00.000Z', '2026-11-02T09:01:00.000Z')`,
      ).run();
      db.prepare(
        `INSERT INTO payments (id, sale_id, method, amount, currency, created_at, attempt_id, wallet, provider_id,
           confirmation)
         VALUES ('c0ffee00-0000-4000-8000-000000000002', '5d1e0a3c-2b7f-4e61-9a0d-7c3b2e1f0a02', 'wallet', 900,
           'CNY', '2026-11-02T09:01:00.000Z', 'a77e0000-0000-4000-8000-000000000002', 'alipay', 'sandbox',
           'provider')`,
      ).run();
    },
    check(db) {
      expect(
        db
          .prepare(`SELECT method, amount, attempt_id, wallet FROM payments WHERE sale_id LIKE '5d1e%'`)
          .get(),
      ).toEqual({
        method: 'wallet',
        amount: 900,
        attempt_id: 'a77e0000-0000-4000-8000-000000000002',
        wallet: 'alipay',
      });
      // 0003: sales gain a customer and points, existing sales have none
      expect(db.prepare(`SELECT customer_id, points_earned FROM sales WHERE id LIKE '5d1e%'`).get()).toEqual({
        customer_id: null,
        points_earned: 0,
      });
    },
  },
  3: {
    put(db) {
      // outbox rows as the pre-sync till left them: one sent, one caught mid-send with a text error
      db.prepare(
        `INSERT INTO outbox (idempotency_key, kind, payload, state, attempts, last_error, created_at)
         VALUES ('sale:5d1e0a3c-2b7f-4e61-9a0d-7c3b2e1f0a02', 'sale.completed', '{}', 'sent', 1, NULL,
                 '2026-11-02T09:01:00.000Z'),
                ('svcard:tx-3', 'svcard.topup', '{}', 'sending', 2, 'socket hang up', '2026-11-03T09:00:00.000Z')`,
      ).run();
    },
    check(db) {
      // 0004: 'sending' is queued again, a sent row got its sent_at, a text error became {code, message}
      const rows = db
        .prepare(
          `SELECT idempotency_key AS key, state, sent_at, json_extract(last_error, '$.message') AS error
           FROM outbox WHERE idempotency_key IN ('sale:5d1e0a3c-2b7f-4e61-9a0d-7c3b2e1f0a02', 'svcard:tx-3')
           ORDER BY id`,
        )
        .all();
      expect(rows).toEqual([
        {
          key: 'sale:5d1e0a3c-2b7f-4e61-9a0d-7c3b2e1f0a02',
          state: 'sent',
          sent_at: '2026-11-02T09:01:00.000Z',
          error: null,
        },
        { key: 'svcard:tx-3', state: 'queued', sent_at: null, error: 'socket hang up' },
      ]);
    },
  },
  4: {
    put(db) {
      // a cash sale the hub has (its outbox row sent): after 0005 it can be refunded
      db.prepare(
        `INSERT INTO sales (id, number, state, currency, created_at, completed_at, subtotal, tax, total)
         VALUES ('9a4b0c1d-3e2f-4a5b-8c6d-7e8f9a0b1c04', 9, 'completed', 'CNY', '2026-11-04T09:00:00.000Z',
                 '2026-11-04T09:01:00.000Z', 200, 23, 200)`,
      ).run();
      db.prepare(
        `INSERT INTO payments (id, sale_id, method, amount, tendered, change, currency, created_at)
         VALUES ('c0ffee00-0000-4000-8000-000000000004', '9a4b0c1d-3e2f-4a5b-8c6d-7e8f9a0b1c04',
           'cash', 200, 200, 0, 'CNY', '2026-11-04T09:01:00.000Z')`,
      ).run();
      db.prepare(
        `INSERT INTO outbox (idempotency_key, kind, payload, state, created_at, sent_at, hub_seq)
         VALUES ('sale:9a4b0c1d-3e2f-4a5b-8c6d-7e8f9a0b1c04', 'sale.completed', '{}', 'sent',
                 '2026-11-04T09:01:00.000Z', '2026-11-04T09:02:00.000Z', 41)`,
      ).run();
    },
    check(db) {
      expect(db.prepare('SELECT count(*) FROM refunds').pluck().get()).toBe(0);
      expect(
        db
          .prepare(`SELECT state, hub_seq FROM outbox WHERE idempotency_key = ?`)
          .get('sale:9a4b0c1d-3e2f-4a5b-8c6d-7e8f9a0b1c04'),
      ).toEqual({ state: 'sent', hub_seq: 41 });
      // 0005's refunds take a row that references the old sale and its payment, and only one per sale
      const refund = db.prepare(
        `INSERT INTO refunds (id, sale_id, payment_id, tender, method, amount, currency, reason, state,
           created_at, updated_at, refunded_at)
         VALUES (?, '9a4b0c1d-3e2f-4a5b-8c6d-7e8f9a0b1c04', 'c0ffee00-0000-4000-8000-000000000004', 'cash',
           'cash', 200, 'CNY', 'damaged', 'refunded', '2026-11-05T10:00:00.000Z', '2026-11-05T10:00:00.000Z',
           '2026-11-05T10:00:00.000Z')`,
      );
      refund.run('e5f00000-0000-4000-8000-000000000001');
      // 0011 dropped the one-per-sale index: a voided ticket's paid parts are given back one row each
      refund.run('e5f00000-0000-4000-8000-000000000002');
      // STRICT: money is INTEGER, a float amount is refused
      expect(() =>
        db
          .prepare(
            `INSERT INTO refunds (id, sale_id, payment_id, tender, method, amount, currency, reason, state,
               created_at, updated_at, refunded_at)
             VALUES ('e5f00000-0000-4000-8000-000000000003', '9a4b0c1d-3e2f-4a5b-8c6d-7e8f9a0b1c04',
               'c0ffee00-0000-4000-8000-000000000004', 'cash', 'cash', 1.5, 'CNY', 'r', 'failed', 'a', 'a', NULL)`,
          )
          .run(),
      ).toThrow(/cannot store REAL/);
    },
  },
  5: {
    put(db) {
      // a catalog from before second names: one category, one product (rate vat-13 is fixture 1's)
      db.prepare(`INSERT INTO categories (id, name, position) VALUES ('beer', '啤酒', 1)`).run();
      db.prepare(
        `INSERT INTO products (id, sku, name, barcode, category_id, price, currency, tax_rate_id)
         VALUES ('p5', 'BEER-001', '啤酒 500ml', '6914297017915', 'beer', 690, 'CNY', 'vat-13')`,
      ).run();
    },
    check(db) {
      // 0006: existing rows have no second name and need no staff, until the hub says otherwise
      expect(db.prepare(`SELECT name, alt_name FROM categories WHERE id = 'beer'`).get()).toEqual({
        name: '啤酒',
        alt_name: null,
      });
      expect(db.prepare(`SELECT name, alt_name, needs_staff FROM products WHERE id = 'p5'`).get()).toEqual({
        name: '啤酒 500ml',
        alt_name: null,
        needs_staff: null,
      });
      db.prepare(`UPDATE products SET alt_name = 'Beer 500 ml', needs_staff = 'age' WHERE id = 'p5'`).run();
      expect(() => db.prepare(`UPDATE products SET needs_staff = 'adult' WHERE id = 'p5'`).run()).toThrow(
        /CHECK/,
      );
    },
  },
};

fixtures[5] = {
  put() {
    // nothing new to write at version 5: the products of version 1 are what 0006 extends
  },
  check(db) {
    // 0006: products and categories written before have no second name and need no staff check
    expect(db.prepare(`SELECT alt_name FROM categories WHERE id = 'drinks'`).pluck().get()).toBeNull();
  },
};

fixtures[6] = {
  put(db) {
    // a sale completed before receipt codes, and a product that needs a staff check at a kiosk
    db.prepare(
      `INSERT INTO sales (id, number, state, currency, created_at, completed_at, subtotal, tax, total)
       VALUES ('6c0de000-0000-4000-8000-000000000006', 10, 'completed', 'CNY', '2026-11-06T09:00:00.000Z',
               '2026-11-06T09:01:00.000Z', 200, 23, 200)`,
    ).run();
    db.prepare(`UPDATE products SET needs_staff = 'age' WHERE id = 'p1'`).run();
  },
  check(db) {
    // 0007: old sales have no receipt code; the kiosk starts with no PIN, no tries and no help request
    expect(db.prepare(`SELECT receipt_code FROM sales WHERE number = 10`).pluck().get()).toBeNull();
    expect(db.prepare(`SELECT needs_staff FROM products WHERE id = 'p1'`).pluck().get()).toBe('age');
    for (const table of [
      'kiosk_staff_pin',
      'kiosk_pin_tries',
      'kiosk_help_requests',
      'kiosk_line_approvals',
    ]) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    const code = db.prepare(`UPDATE sales SET receipt_code = ? WHERE number = ?`);
    code.run('ABCDE-10-X', 10);
    expect(() => code.run('ABCDE-10-X', 7)).toThrow(/UNIQUE/);
    // one open help request at a time
    const help = db.prepare(
      `INSERT INTO kiosk_help_requests (id, sale_id, reason, raised_at) VALUES (?, NULL, 'customer', 'a')`,
    );
    help.run('h1');
    expect(() => help.run('h2')).toThrow(/UNIQUE/);
  },
};

fixtures[7] = {
  put(db) {
    // a journal row written before staff existed
    db.prepare(
      `INSERT INTO journal (at, kind, sale_id, data) VALUES ('a', 'kiosk.pin_set', NULL, '{}')`,
    ).run();
  },
  check(db) {
    // 0008: no staff yet (so the till stays open), the kiosk PIN and the journal kept
    // (a later fixture's member of staff is not one of them)
    expect(db.prepare(`SELECT count(*) FROM staff WHERE added_at <> 'a13'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM staff_pin_tries`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM journal WHERE kind = 'kiosk.pin_set'`).pluck().get()).toBe(1);
    const add = db.prepare(
      `INSERT INTO staff (id, name, role, pin_hash, pin_salt, pin_params, badge_key, added_at)
       VALUES (?, 'A', ?, x'00', zeroblob(16), '{}', ?, 'a')`,
    );
    add.run('s1', 'manager', 'b1');
    expect(() => add.run('s2', 'cashier', 'b1')).toThrow(/UNIQUE/);
    expect(() => add.run('s3', 'owner', null)).toThrow(/CHECK/);
  },
};

fixtures[8] = {
  put(db) {
    // a sale completed at version 8, with its receipt code
    db.prepare(
      `INSERT INTO sales (id, number, state, currency, created_at, completed_at, subtotal, tax, total, receipt_code)
       VALUES ('7c0de000-0000-4000-8000-000000000007', 11, 'completed', 'CNY', '2026-12-06T09:00:00.000Z',
               '2026-12-06T09:01:00.000Z', 300, 35, 300, 'ABCDE-11-Y')`,
    ).run();
  },
  check(db) {
    // 0009: no print jobs for old sales (they were printed, or not, before); a job names a document or a pulse
    expect(
      db
        .prepare(`SELECT count(*) FROM print_jobs WHERE sale_id = '7c0de000-0000-4000-8000-000000000007'`)
        .pluck()
        .get(),
    ).toBe(0);
    const job = db.prepare(
      `INSERT INTO print_jobs (printer_id, kind, sale_id, document, drawer, created_at) VALUES ('p', ?, ?, ?, ?, 'a')`,
    );
    job.run('sale', '7c0de000-0000-4000-8000-000000000007', 'doc', 1);
    expect(() => job.run('drawer', null, null, 0)).toThrow(/CHECK/);
    expect(() => job.run('fax', null, 'doc', 0)).toThrow(/CHECK/);
  },
};

fixtures[9] = {
  put(db) {
    // an open ticket at version 9, from before shifts: it completes after the upgrade, in the shift open then
    db.prepare(
      `INSERT INTO sales (id, state, currency, created_at) VALUES ('8a1e0000-0000-4000-8000-000000000008', 'open', 'CNY', 'a')`,
    ).run();
  },
  check(db) {
    // 0010: sales completed before shifts belong to none; the Z sequence starts at 0
    expect(db.prepare(`SELECT count(*) FROM sales WHERE shift_id IS NOT NULL`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT last FROM z_sequence`).pluck().get()).toBe(0);
    db.prepare(
      `INSERT INTO shifts (id, state, currency, opened_at, opening_float, opening_count) VALUES ('sh1', 'open', 'CNY', 'b', 0, '[]')`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO shifts (id, state, currency, opened_at, opening_float, opening_count) VALUES ('sh2', 'open', 'CNY', 'b', 0, '[]')`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    db.prepare(
      `UPDATE sales SET state = 'completed', number = 99, completed_at = 'c' WHERE id = '8a1e0000-0000-4000-8000-000000000008'`,
    ).run();
    expect(db.prepare(`SELECT shift_id FROM sales WHERE number = 99`).pluck().get()).toBe('sh1');
    expect(db.prepare(`SELECT count, first FROM shift_tally WHERE kind = 'sales'`).get()).toEqual({
      count: 1,
      first: 99,
    });
    db.prepare(`UPDATE z_sequence SET last = 3`).run();
    expect(() => db.prepare(`UPDATE z_sequence SET last = 2`).run()).toThrow(/never goes back/);
  },
};

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

describe('migrations', () => {
  test('numbered 1..N in order, and the code version is the last one', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations.every((m, i) => m.name.startsWith(String(i + 1).padStart(4, '0') + '_'))).toBe(true);
    expect(codeSchemaVersion).toBe(migrations.length);
  });

  test('every older version with tables has a fixture', () => {
    for (let v = 1; v < codeSchemaVersion; v++) expect(fixtures[v], `fixture for version ${v}`).toBeDefined();
  });

  test('an empty folder gets the newest schema, all tables STRICT', () => {
    const store = openStore(join(dir, 'new.db'));
    try {
      expect(store.schemaVersion).toBe(codeSchemaVersion);
      expect(store.db.pragma('user_version', { simple: true })).toBe(codeSchemaVersion);
      const tables = store.db
        .prepare(
          `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`,
        )
        .all() as { name: string; strict: number }[];
      expect(tables.map((t) => t.name).sort()).toEqual(
        [
          'cash_movements',
          'categories',
          'customers',
          'hub_link',
          'journal',
          'kiosk_help_requests',
          'kiosk_line_approvals',
          'kiosk_pin_tries',
          'kiosk_staff_pin',
          'outbox',
          'print_jobs',
          'payment_attempts',
          'payment_transitions',
          'payments',
          'products',
          'refunds',
          'return_lines',
          'returns',
          'sale_lines',
          'sales',
          'shift_tally',
          'shifts',
          'staff',
          'staff_pin_tries',
          'sv_cards',
          'sv_transactions',
          'tax_rates',
          'terminal',
          'terminal_config',
          'z_sequence',
        ].sort(),
      );
      expect(tables.every((t) => t.strict === 1)).toBe(true);
    } finally {
      store.close();
    }
  });

  // One case per older version: build the database with only the first N migrations, fill it, upgrade it.
  for (let from = 0; from < codeSchemaVersion; from++) {
    test(`upgrades a database at version ${from} to ${codeSchemaVersion}, keeping its rows`, () => {
      const file = join(dir, `v${from}.db`);
      // a real till's history: each version's rows were written while it was that version
      for (let v = 0; v <= from; v++) {
        const old = openStore(file, { migrations: migrations.slice(0, v) });
        expect(old.db.pragma('user_version', { simple: true })).toBe(v);
        fixtures[v]?.put(old.db);
        old.close();
      }

      const store = openStore(file);
      try {
        expect(store.db.pragma('user_version', { simple: true })).toBe(codeSchemaVersion);
        for (let v = 1; v <= from; v++) fixtures[v]?.check(store.db);
        expect(store.db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        store.close();
      }
    });
  }

  test('a failing migration rolls back every pending one: the file stays at its old version', () => {
    const file = join(dir, 'atomic.db');
    openStore(file, { migrations: [] }).close();
    const broken = [
      ...migrations,
      {
        version: codeSchemaVersion + 1,
        name: 'broken',
        sql: 'CREATE TABLE extra (x INTEGER) STRICT; SELECT nope();',
      },
    ];
    expect(() => openStore(file, { migrations: broken })).toThrow(/nope/);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM sqlite_schema`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  test('reopening a current database runs nothing and keeps the data', () => {
    const file = join(dir, 'again.db');
    const first = openStore(file);
    fixtures[1]!.put(first.db);
    first.close();
    const second = openStore(file);
    try {
      fixtures[1]!.check(second.db);
    } finally {
      second.close();
    }
  });
});
