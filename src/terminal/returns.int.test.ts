import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { SaleDto } from '../shared/dto.js';
import { outboxPayloadSchemas } from '../shared/hub-api.js';
import { tillWithGateway } from './till-gateway.test-util.js';
import { openTerminal, type Terminal } from './terminal.js';

/**
 * Partial returns (sale.return) through the terminal API on a real SQLite data folder, with the REAL
 * sandbox gateway on 127.0.0.1 for wallet refunds: cumulative returns that add up exactly, never more than
 * was sold, split sales paid back proportionally or as the manager chooses, the unsynced cash limit, and
 * the refund receipt's QR that is never returned.
 */
const BAIJIU = '6914333018929'; // 28.00 CNY, tax included
const TART = '6934666013538'; // 6.00 CNY, tax included

const till = tillWithGateway('returns');
const { call, fails, sql } = till;

async function open(policy?: unknown): Promise<Terminal> {
  if (policy !== undefined) writeFileSync(join(till.dir, 'offline-policy.json'), JSON.stringify(policy));
  till.terminal = await openTerminal({
    dataDir: till.dir,
    gatewayUrl: till.gateway.url,
    paymentTimeoutMs: 4_000,
    paymentPollIntervalsMs: [50, 100, 200],
  });
  return till.terminal;
}

async function cashSale(items: readonly [string, number][]): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  for (const [barcode, count] of items) {
    for (let i = 0; i < count; i++) await call('sale.scan', { saleId: sale.id, barcode });
  }
  const open = await call('sales.get', { saleId: sale.id });
  return call('sale.complete', {
    saleId: sale.id,
    tender: { method: 'cash', tendered: open.totals.total.amount },
  });
}
const lineOf = (sale: SaleDto, barcode: string) => sale.lines.find((l) => l.barcode === barcode)!;
const returnOf = (sale: SaleDto, lines: { lineId: string; quantity: number }[], extra = {}) => ({
  saleId: sale.id,
  returnId: randomUUID(),
  lines,
  reason: 'changed mind',
  ...extra,
});

describe('partial returns', () => {
  test('cash: one unit, then two more; never more than was sold; the hub gets each refund after the sale', async () => {
    await open();
    const sale = await cashSale([
      [BAIJIU, 3],
      [TART, 1],
    ]); // 84.00 + 6.00
    const baijiu = lineOf(sale, BAIJIU);

    const first = await call('sale.return', returnOf(sale, [{ lineId: baijiu.id, quantity: 1 }]));
    expect(first).toMatchObject({
      saleId: sale.id,
      saleNumber: sale.number,
      amount: { amount: 2_800, currency: 'CNY' },
      lines: [{ lineId: baijiu.id, name: baijiu.name, quantity: 1, amount: { amount: 2_800 } }],
    });
    expect(first.refunds).toMatchObject([
      { method: 'cash', state: 'refunded', amount: { amount: 2_800 }, returnId: first.id },
    ]);
    // the same call again (a lost answer): the same return, nothing paid twice
    const repeat = await call('sale.return', {
      saleId: sale.id,
      returnId: first.id,
      lines: [{ lineId: baijiu.id, quantity: 1 }],
      reason: 'changed mind',
    });
    expect(repeat).toEqual(first);

    const second = await call('sale.return', returnOf(sale, [{ lineId: baijiu.id, quantity: 2 }]));
    expect(second.amount.amount).toBe(5_600);
    const after = await call('sales.get', { saleId: sale.id });
    expect(after.returned).toEqual([
      { lineId: baijiu.id, quantity: 3, amount: { amount: 8_400, currency: 'CNY' } },
    ]);
    // the sale itself shows no full refund, and the list does not call it refunded
    expect(after.refund).toBeNull();
    expect((await call('sales.list', {}))[0]).toMatchObject({ id: sale.id, refund: null });

    const tooMany = await fails('sale.return', returnOf(sale, [{ lineId: baijiu.id, quantity: 1 }]));
    expect(tooMany.code).toBe('return.too_many');
    const unknown = await fails('sale.return', returnOf(sale, [{ lineId: randomUUID(), quantity: 1 }]));
    expect(unknown.code).toBe('return.unknown_line');
    // a sale partly returned is not refunded in full any more
    expect((await fails('sale.refund', { saleId: sale.id, reason: 'x' })).code).toBe(
      'sale.refund_after_return',
    );

    // the hub's order: the sale, then each refund, each naming its return
    const rows = sql(
      (db) =>
        db.prepare(`SELECT kind, payload FROM outbox ORDER BY id`).all() as {
          kind: string;
          payload: string;
        }[],
    );
    expect(rows.map((r) => r.kind)).toEqual(['sale.completed', 'sale.refunded', 'sale.refunded']);
    const refunds = rows
      .slice(1)
      .map((r) => outboxPayloadSchemas['sale.refunded'].parse(JSON.parse(r.payload)));
    expect(refunds.map((r) => [r.returnId, r.amount.amount])).toEqual([
      [first.id, 2_800],
      [second.id, 5_600],
    ]);
    expect(await call('sale.returns', { saleId: sale.id })).toEqual([first, second]);
    // the journal names each return
    const journal = sql(
      (db) =>
        db.prepare(`SELECT kind FROM journal WHERE sale_id = ? ORDER BY id`).pluck().all(sale.id) as string[],
    );
    expect(journal.filter((k) => k === 'sale.returned')).toHaveLength(2);
  });

  test('units of a discounted line come back one by one and add up to exactly what the line took', async () => {
    await open();
    const sale = await call('sale.start', {});
    for (let i = 0; i < 3; i++) await call('sale.scan', { saleId: sale.id, barcode: TART });
    await call('sale.setTicketDiscount', { saleId: sale.id, discount: { kind: 'amount', amount: 100 } });
    const done = await call('sale.complete', {
      saleId: sale.id,
      tender: { method: 'cash', tendered: 2_000 },
    });
    expect(done.totals.total.amount).toBe(1_700);
    const tart = lineOf(done, TART);
    const amounts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call('sale.return', returnOf(done, [{ lineId: tart.id, quantity: 1 }]));
      amounts.push(r.amount.amount);
    }
    expect(amounts).toEqual([567, 566, 567]);
    expect(amounts.reduce((s, a) => s + a, 0)).toBe(1_700);
  });

  test('a split sale: proportional to the tenders, or as the manager chooses; the wallet part at the provider', async () => {
    await open();
    const sale = await call('sale.start', {});
    for (let i = 0; i < 3; i++) await call('sale.scan', { saleId: sale.id, barcode: BAIJIU }); // 84.00
    await call('sale.payCash', { saleId: sale.id, tendered: 5_000, amount: 5_000 });
    const code = await till.client.issueCode({ wallet: 'wechat' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt.state).toBe('succeeded');
    const done = await call('sales.get', { saleId: sale.id });
    expect(done.state).toBe('completed');
    const [cash, wallet] = done.payments;
    const line = done.lines[0]!;

    // 28.00 shared 50.00 : 34.00 -> 16.67 cash, 11.33 to the wallet
    const first = await call('sale.return', returnOf(done, [{ lineId: line.id, quantity: 1 }]));
    expect(first.refunds.map((r) => [r.method, r.state, r.amount.amount])).toEqual([
      ['cash', 'refunded', 1_667],
      ['wallet', 'refunded', 1_133],
    ]);
    expect((await till.client.ledger()).orders.find((o) => o.out_trade_no === attempt.id)).toMatchObject({
      refunded_amount: 1_133,
    });

    // the manager's own split: more than the wallet has left is refused, all in cash is taken
    const tooMuch = await fails(
      'sale.return',
      returnOf(done, [{ lineId: line.id, quantity: 1 }], {
        allocation: [{ paymentId: wallet!.id, amount: 2_800 }],
      }),
    );
    expect(tooMuch.code).toBe('return.bad_allocation');
    const notAdding = await fails(
      'sale.return',
      returnOf(done, [{ lineId: line.id, quantity: 1 }], {
        allocation: [{ paymentId: cash!.id, amount: 2_000 }],
      }),
    );
    expect(notAdding.code).toBe('return.bad_allocation');
    const chosen = await call(
      'sale.return',
      returnOf(done, [{ lineId: line.id, quantity: 1 }], {
        allocation: [{ paymentId: cash!.id, amount: 2_800 }],
      }),
    );
    expect(chosen.refunds.map((r) => [r.method, r.amount.amount])).toEqual([['cash', 2_800]]);

    // the last unit: what is left of each payment, so every tender has given back exactly what it took
    const last = await call('sale.return', returnOf(done, [{ lineId: line.id, quantity: 1 }]));
    expect(last.refunds.map((r) => [r.method, r.amount.amount])).toEqual([
      ['cash', 533],
      ['wallet', 2_267],
    ]);
    expect((await till.client.ledger()).orders.find((o) => o.out_trade_no === attempt.id)).toMatchObject({
      refunded_amount: 3_400,
    });
  });

  test('a sale the hub has not received: cash returns up to the shift limit of the offline policy', async () => {
    await open({ unsyncedCashRefundsPerShift: 5_000 });
    const sale = await cashSale([[BAIJIU, 3]]);
    const line = lineOf(sale, BAIJIU);
    await call('sale.return', returnOf(sale, [{ lineId: line.id, quantity: 1 }])); // 28.00 of 50.00
    const over = await fails('sale.return', returnOf(sale, [{ lineId: line.id, quantity: 1 }]));
    expect(over.code).toBe('return.unsynced_limit');
    expect(over.details).toMatchObject({ limit: 5_000, used: 2_800, amount: 2_800 });

    // once the hub has the sale, the limit no longer applies
    sql((db) =>
      db
        .prepare(`UPDATE outbox SET state = 'sent', sent_at = 'x', hub_seq = 1 WHERE kind = 'sale.completed'`)
        .run(),
    );
    const synced = await call('sale.return', returnOf(sale, [{ lineId: line.id, quantity: 2 }]));
    expect(synced.amount.amount).toBe(5_600);
    // a parked sale (the hub refused it) is not returned here
    const parked = await cashSale([[TART, 1]]);
    sql((db) =>
      db.prepare(`UPDATE outbox SET state = 'parked' WHERE idempotency_key = ?`).run(`sale:${parked.id}`),
    );
    const refused = await fails(
      'sale.return',
      returnOf(parked, [{ lineId: parked.lines[0]!.id, quantity: 1 }]),
    );
    expect(refused.code).toBe('sale.refund_unsynced');
  });

  test('a refund receipt QR is never returned; a sale refunded in full has nothing left to return', async () => {
    await open();
    const sale = await cashSale([[TART, 2]]);
    const of = await fails('sales.list', { query: `RF:${sale.receiptCode!}` });
    expect(of.code).toBe('return.of_return');
    // the sale's own code still finds it
    expect((await call('sales.list', { query: sale.receiptCode! })).map((s) => s.id)).toEqual([sale.id]);

    sql((db) => db.prepare(`UPDATE outbox SET state = 'sent', sent_at = 'x', hub_seq = 1`).run());
    await call('sale.refund', { saleId: sale.id, reason: 'broken' });
    const after = await fails('sale.return', returnOf(sale, [{ lineId: sale.lines[0]!.id, quantity: 1 }]));
    expect(after.code).toBe('return.already_refunded');
    const voided = await call('sale.start', {});
    await call('sale.void', { saleId: voided.id });
    expect(
      (
        await fails('sale.return', {
          ...returnOf(sale, [{ lineId: sale.lines[0]!.id, quantity: 1 }]),
          saleId: voided.id,
        })
      ).code,
    ).toBe('sale.refund_not_completed');
  });
});
