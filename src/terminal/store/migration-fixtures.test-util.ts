import type Database from 'better-sqlite3';
import { expect } from 'vitest';

type Db = Database.Database;
/** Rows a real terminal holds at schema version N (put), and what must still be true after the upgrade (check). */
export interface MigrationFixture {
  put(db: Db): void;
  check(db: Db): void;
}

/**
 * The fixtures of schema versions 1 to 9: sales, payments, cards, sync, refunds, catalog names, kiosk, staff,
 * print jobs (tests only; src/terminal/store/migrate.int.test.ts runs them). Adding migration N+1 without a
 * fixture for version N fails its "every version has a fixture" test.
 */
export const fixtures: Record<number, MigrationFixture> = {
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
