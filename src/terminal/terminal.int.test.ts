import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MethodName, ParamsOf, ResultOf } from '../shared/contract.js';
import { createDispatcher } from '../shared/dispatch.js';
import { saleDto, type SaleDto } from '../shared/dto.js';
import type { ApiError } from '../shared/result.js';
import packageJson from '../../package.json' with { type: 'json' };
import { demoCatalog } from './demo-catalog.js';
import { openTerminal, type Terminal } from './terminal.js';
import { codeSchemaVersion } from './store/migrations/index.js';
import { freshStatus } from '../shared/status-fixture.test-util.js';

const WATER = '6901234567892'; // 矿泉水 550ml (Mineral Water 550 ml), 2.00 CNY, VAT 13 % inclusive

let dir: string;
let terminal: Terminal;
let events: { event: string; payload: unknown }[];

async function open(): Promise<Terminal> {
  terminal = await openTerminal({ dataDir: dir, terminalName: 'Till 7' });
  events = [];
  terminal.onEvent((event, payload) => events.push({ event, payload }));
  return terminal;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-terminal-'));
  await open();
});
afterEach(() => {
  terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Through the real dispatcher, as a transport would call it. */
async function call<M extends MethodName>(name: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const result = await createDispatcher(terminal.handlers, () => {})(name, params);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as ResultOf<M>;
}
async function fails(name: MethodName, params: unknown): Promise<ApiError> {
  const result = await createDispatcher(terminal.handlers, () => {})(name, params);
  if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
  return result.error;
}

function expectConsistent(sale: SaleDto): void {
  expect(saleDto.parse(sale)).toEqual(sale);
  const lineTotals = sale.lines.reduce((s, l) => s + l.total.amount, 0);
  expect(sale.totals.total.amount).toBe(lineTotals);
  expect(sale.totals.subtotal.amount).toBe(sale.lines.reduce((s, l) => s + l.gross.amount, 0));
  for (const l of sale.lines) {
    expect(l.gross.amount).toBe(l.unitPrice.amount * l.quantity);
    expect(l.net.amount).toBe(l.gross.amount - l.lineDiscount.amount - l.ticketDiscountShare.amount);
  }
}

const quantityOf = (sale: SaleDto) => sale.lines.reduce((s, l) => s + l.quantity, 0);

function dbRows<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(terminal.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('terminal service through the dispatcher', () => {
  test('first run: identity, version, seeded catalog', async () => {
    const info = await call('terminal.info', {});
    expect(info).toMatchObject({
      terminalName: 'Till 7',
      currency: 'CNY',
      locale: 'zh-CN',
      schemaVersion: codeSchemaVersion,
    });
    expect(info.version).toBe(packageJson.version);
    expect(await call('status.get', {})).toEqual(freshStatus('Till 7'));
    expect((await call('catalog.categories', {})).length).toBe(7);
    expect((await call('catalog.taxRates', {})).map((r) => r.id).sort()).toEqual([
      'vat-13',
      'vat-6',
      'vat-9',
    ]);
    const water = await call('catalog.search', { query: WATER });
    expect(water[0]).toMatchObject({ barcode: WATER, price: { amount: 200, currency: 'CNY' } });
    expect((await call('catalog.search', { query: '', limit: 5 })).length).toBe(5);
    expect(
      (await call('catalog.search', { query: '', categoryId: 'dairy' })).every(
        (p) => p.categoryId === 'dairy',
      ),
    ).toBe(true);
  });

  test('a whole sale: scan, add, quantities, discounts, cash with change, outbox row', async () => {
    expect(await call('sale.current', {})).toBeNull();
    const started = await call('sale.start', {});
    expect(started).toMatchObject({ state: 'open', number: null, lines: [], currency: 'CNY' });
    expect((await call('sale.start', {})).id).toBe(started.id); // at most one open ticket
    const saleId = started.id;

    let sale = await call('sale.scan', { saleId, barcode: WATER });
    expect(sale.lines).toHaveLength(1);
    expect(sale.lines[0]).toMatchObject({
      name: '矿泉水 550ml',
      quantity: 1,
      total: { amount: 200 },
    });
    sale = await call('sale.scan', { saleId, barcode: WATER });
    expect(quantityOf(sale)).toBe(2);
    expect(sale.totals.total.amount).toBe(400);
    expectConsistent(sale);

    const unknown = await fails('sale.scan', { saleId, barcode: '6900000000000' });
    expect(unknown.code).toBe('catalog.unknown_barcode');
    expect(unknown.message).toContain('6900000000000');
    expect((await call('sale.current', {}))?.totals.total.amount).toBe(400);
    expect((await fails('sale.addProduct', { saleId, productId: 'nope' })).code).toBe(
      'catalog.unknown_product',
    );

    // a service (VAT 6 %) is priced tax-inclusive like the goods, as a Chinese shop prices: the shelf price is paid
    const [copy] = await call('catalog.search', { query: 'Photocopy' });
    sale = await call('sale.addProduct', { saleId, productId: copy!.id, quantity: 10 });
    const copyLine = sale.lines.find((l) => l.productId === copy!.id)!;
    expect(copyLine).toMatchObject({
      quantity: 10,
      taxInclusive: true,
      gross: { amount: 500 },
      tax: { amount: 28 },
    });
    expect(copyLine.total.amount).toBe(500);
    expect(sale.totals.taxAdded.amount).toBe(0);
    // the total is the shelf prices: 2 waters at 2.00 and 10 copies at 0.50
    expect(sale.totals.total.amount).toBe(2 * 200 + 10 * 50);
    expectConsistent(sale);

    sale = await call('sale.setQuantity', { saleId, lineId: copyLine.id, quantity: 12 });
    expect(sale.lines.find((l) => l.id === copyLine.id)?.quantity).toBe(12);
    sale = await call('sale.setQuantity', { saleId, lineId: copyLine.id, quantity: 11 });
    expect(sale.lines.find((l) => l.id === copyLine.id)?.quantity).toBe(11);
    const waterLine = sale.lines.find((l) => l.barcode === WATER)!;
    sale = await call('sale.setQuantity', { saleId, lineId: waterLine.id, quantity: 0 });
    expect(sale.lines.map((l) => l.id)).toEqual([copyLine.id]);
    sale = await call('sale.scan', { saleId, barcode: WATER });
    expect(
      (
        await fails('sale.setQuantity', {
          saleId,
          lineId: '00000000-0000-4000-8000-000000000000',
          quantity: 1,
        })
      ).code,
    ).toBe('sale.line_not_found');

    sale = await call('sale.setLineDiscount', {
      saleId,
      lineId: copyLine.id,
      discount: { kind: 'percent', bps: 1000 },
    });
    expect(sale.lines.find((l) => l.id === copyLine.id)?.lineDiscount.amount).toBe(55);
    sale = await call('sale.setTicketDiscount', { saleId, discount: { kind: 'amount', amount: 50 } });
    expect(sale.ticketDiscount).toEqual({ kind: 'amount', amount: 50 });
    expect(sale.lines.reduce((s, l) => s + l.ticketDiscountShare.amount, 0)).toBe(50);
    expect(sale.totals.discount.amount).toBe(105);
    expectConsistent(sale);

    const due = sale.totals.total.amount;
    const short = await fails('sale.complete', { saleId, tender: { method: 'cash', tendered: due - 1 } });
    expect(short.code).toBe('tender.insufficient');
    expect((await call('sale.current', {}))?.state).toBe('open');

    const done = await call('sale.complete', { saleId, tender: { method: 'cash', tendered: 10_000 } });
    expect(done).toMatchObject({ id: saleId, state: 'completed', number: 1 });
    expect(done.totals).toEqual(sale.totals);
    expect(done.lines).toEqual(sale.lines);
    expect(done.payments).toHaveLength(1);
    expect(done.payments[0]).toMatchObject({
      method: 'cash',
      amount: { amount: due, currency: 'CNY' },
      tendered: { amount: 10_000 },
      change: { amount: 10_000 - due },
    });
    expectConsistent(done);
    expect(await call('sale.current', {})).toBeNull();

    const outbox = dbRows<{ idempotency_key: string; kind: string; payload: string; state: string }>(
      'SELECT idempotency_key, kind, payload, state FROM outbox',
    );
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      idempotency_key: `sale:${saleId}`,
      kind: 'sale.completed',
      state: 'queued',
    });
    expect(JSON.parse(outbox[0]!.payload)).toEqual(done);
    expect(dbRows('SELECT kind FROM journal WHERE sale_id = ? ORDER BY id', saleId)).toEqual([
      { kind: 'sale.started' },
      { kind: 'sale.completed' },
    ]);
    expect(await call('status.get', {})).toMatchObject({ outboxQueued: 1 });
    // the ticket's own announcements (sale.changed) are tested in sale-changed.int.test.ts
    const others = events.filter((e) => e.event !== 'sale.changed');
    expect(others).toMatchObject([
      {
        event: 'status.changed',
        payload: {
          terminalName: 'Till 7',
          network: 'unknown',
          outboxQueued: 1,
          nfc: 'off',
          sync: { enrolled: false, queued: 1, oldestQueuedAt: done.completedAt, overdue: false },
        },
      },
    ]);
    expect(others).toHaveLength(1);
  });

  test('receipt numbers increase; void; illegal transitions; empty and unknown sales', async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await call('sale.start', {});
      await call('sale.scan', { saleId: id, barcode: WATER });
      numbers.push(
        (await call('sale.complete', { saleId: id, tender: { method: 'cash', tendered: 200 } })).number!,
      );
    }
    expect(numbers).toEqual([1, 2, 3]);

    const empty = await call('sale.start', {});
    expect(
      (await fails('sale.complete', { saleId: empty.id, tender: { method: 'cash', tendered: 0 } })).code,
    ).toBe('sale.empty');
    await call('sale.scan', { saleId: empty.id, barcode: WATER });
    const voided = await call('sale.void', { saleId: empty.id });
    expect(voided).toMatchObject({ state: 'voided', number: null });
    expect(voided.voidedAt).not.toBeNull();
    expect(dbRows('SELECT 1 FROM outbox WHERE idempotency_key = ?', `sale:${empty.id}`)).toEqual([]);
    expect(dbRows('SELECT kind FROM journal WHERE sale_id = ? ORDER BY id', empty.id)).toEqual([
      { kind: 'sale.started' },
      { kind: 'sale.voided' },
    ]);

    const again = await fails('sale.complete', {
      saleId: empty.id,
      tender: { method: 'cash', tendered: 500 },
    });
    expect(again.code).toBe('sale.illegal_transition');
    expect((await fails('sale.void', { saleId: empty.id })).code).toBe('sale.illegal_transition');
    expect((await fails('sale.scan', { saleId: empty.id, barcode: WATER })).code).toBe(
      'sale.illegal_transition',
    );
    const completedId = (await call('sales.list', { query: '1' })).find((s) => s.number === 1)!.id;
    expect((await fails('sale.void', { saleId: completedId })).code).toBe('sale.illegal_transition');

    const next = await call('sale.start', {});
    expect(next.id).not.toBe(empty.id);
    await call('sale.scan', { saleId: next.id, barcode: WATER });
    const done = await call('sale.complete', { saleId: next.id, tender: { method: 'cash', tendered: 200 } });
    expect(done.number).toBe(4);

    // A retried completion (its reply was lost) answers the same sale: no second payment, number or outbox row.
    const retried = await call('sale.complete', {
      saleId: next.id,
      tender: { method: 'cash', tendered: 200 },
    });
    expect(retried).toEqual(done);
    expect(dbRows('SELECT count(*) AS n FROM payments WHERE sale_id = ?', next.id)).toEqual([{ n: 1 }]);
    expect(dbRows('SELECT count(*) AS n FROM outbox WHERE idempotency_key = ?', `sale:${next.id}`)).toEqual([
      { n: 1 },
    ]);
    const otherTender = await fails('sale.complete', {
      saleId: next.id,
      tender: { method: 'cash', tendered: 500 },
    });
    expect(otherTender.code).toBe('sale.illegal_transition');

    const missing = '4b1a4b2c-1111-4222-8333-444455556666';
    expect((await fails('sales.get', { saleId: missing })).code).toBe('sale.not_found');
    expect((await fails('sale.scan', { saleId: missing, barcode: WATER })).code).toBe('sale.not_found');
  });

  test('invalid params answer invalid_params with the zod issues', async () => {
    const error = await fails('sale.scan', { saleId: 'not-a-uuid', barcode: '' });
    expect(error.code).toBe('invalid_params');
    const issues = error.details as { path: (string | number)[] }[];
    expect(issues.map((i) => i.path[0]).sort()).toEqual(['barcode', 'saleId']);
    expect(
      (await fails('sale.complete', { saleId: randomUUID(), tender: { method: 'cash', tendered: 1.5 } }))
        .code,
    ).toBe('invalid_params');
    expect((await fails('catalog.search', { query: 'x', extra: 1 })).code).toBe('invalid_params');
  });

  test('after a restart: the open ticket is still there, past sales listed and searchable, same totals', async () => {
    const first = await call('sale.start', {});
    await call('sale.scan', { saleId: first.id, barcode: WATER });
    const [bread] = await call('catalog.search', { query: 'Sliced White Bread' });
    await call('sale.addProduct', { saleId: first.id, productId: bread!.id, quantity: 2 });
    const completed = await call('sale.complete', {
      saleId: first.id,
      tender: { method: 'cash', tendered: 5_000 },
    });

    const second = await call('sale.start', {});
    await call('sale.scan', { saleId: second.id, barcode: WATER });
    const voided = await call('sale.void', { saleId: second.id });

    const ticket = await call('sale.start', {});
    const ringing = await call('sale.addProduct', { saleId: ticket.id, productId: bread!.id, quantity: 3 });
    const info = await call('terminal.info', {});

    terminal.close();
    await open();

    expect((await call('terminal.info', {})).terminalId).toBe(info.terminalId);
    expect(await call('sale.current', {})).toEqual(ringing);
    expect(await call('status.get', {})).toMatchObject({ outboxQueued: 1 });

    const list = await call('sales.list', {});
    expect(list.map((s) => s.id)).toEqual([voided.id, completed.id]);
    expect(list[1]).toMatchObject({
      number: 1,
      state: 'completed',
      total: completed.totals.total,
      itemCount: 3,
      tenders: ['cash'],
    });
    expect(list[0]).toMatchObject({ state: 'voided', number: null, tenders: [] });
    expect(await call('sales.get', { saleId: completed.id })).toEqual(completed);

    expect((await call('sales.list', { query: '1' })).map((s) => s.id)).toEqual([completed.id]);
    // a past sale is found by the name its line was sold under (the shop's name)
    expect((await call('sales.list', { query: '切片面包' })).map((s) => s.id)).toEqual([completed.id]);
    expect((await call('sales.list', { query: bread!.sku })).map((s) => s.id)).toEqual([completed.id]);
    expect((await call('sales.list', { query: WATER })).map((s) => s.id)).toEqual([voided.id, completed.id]);
    expect(await call('sales.list', { query: 'no such thing' })).toEqual([]);
    expect(await call('sales.list', { beforeNumber: 1 })).toEqual([]);

    // the open ticket is still usable after the restart
    const done = await call('sale.complete', {
      saleId: ticket.id,
      tender: { method: 'cash', tendered: 10_000 },
    });
    expect(done.number).toBe(2);
    expect((await call('sales.list', { limit: 1 }))[0]?.id).toBe(ticket.id);
  });
});

describe('first run', () => {
  test('identity and catalog are seeded together or not at all', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'tillpoint-seed-'));
    try {
      const bad = {
        ...demoCatalog,
        products: [
          ...demoCatalog.products,
          { ...demoCatalog.products[0]!, id: 'x', sku: 'X-1', barcode: null, categoryId: 'nope' },
        ],
      };
      await expect(openTerminal({ dataDir: fresh, seed: bad })).rejects.toThrow(/FOREIGN KEY/);
      const db = new Database(join(fresh, 'tillpoint.db'), { readonly: true });
      expect(
        db.prepare('SELECT (SELECT count(*) FROM terminal) + (SELECT count(*) FROM products)').pluck().get(),
      ).toBe(0);
      db.close();

      const good = await openTerminal({ dataDir: fresh, terminalName: 'Front desk' });
      expect((await good.handlers['terminal.info']({})).terminalName).toBe('Front desk');
      expect((await good.handlers['catalog.search']({ query: '', limit: 500 })).length).toBe(
        demoCatalog.products.length,
      );
      good.close();
      const renamed = await openTerminal({ dataDir: fresh, terminalName: 'Back desk' });
      expect((await renamed.handlers['status.get']({})).terminalName).toBe('Back desk');
      renamed.close();
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
