import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createDispatcher } from '../shared/dispatch.js';
import type { SaleDto } from '../shared/dto.js';
import { openStore, type Store } from './store/open-store.js';
import { createTerminal, type Terminal } from './terminal.js';

let dir: string;
let store: Store;
let terminal: Terminal;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-full-'));
  store = openStore(join(dir, 'tillpoint.db'));
  terminal = createTerminal(store);
});
afterEach(() => {
  terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string, ...args: unknown[]) =>
  store.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

test('disk full while completing: store.disk_full, the sale stays open and whole, and completes later', async () => {
  const dispatch = createDispatcher(terminal.handlers, () => {});
  const call = async (name: string, params: unknown) => {
    const r = await dispatch(name, params);
    if (!r.ok) throw new Error(`${name}: ${r.error.code}`);
    return r.value as SaleDto;
  };
  const { id: saleId } = await call('sale.start', {});
  // Many different lines make the outbox payload (the whole sale as JSON) need new overflow pages.
  const products = terminal.handlers['catalog.search']({ query: '', limit: 30 }) as { id: string }[];
  let open!: SaleDto;
  for (const p of products) open = await call('sale.addProduct', { saleId, productId: p.id, quantity: 2 });
  expect(open.lines).toHaveLength(30);
  const before = {
    payments: count('SELECT count(*) FROM payments'),
    outbox: count('SELECT count(*) FROM outbox'),
    journal: count('SELECT count(*) FROM journal'),
    receipt: count('SELECT last_receipt_number FROM terminal'),
  };

  // A real SQLITE_FULL: the database may not grow past the pages it already has (https://sqlite.org/pragma.html#pragma_max_page_count).
  const pages = count('PRAGMA page_count');
  store.db.pragma(`max_page_count = ${pages}`);
  const tender = { method: 'cash', tendered: open.totals.total.amount + 1_000 };
  const failed = await dispatch('sale.complete', { saleId, tender });
  expect(failed.ok).toBe(false);
  if (failed.ok) return;
  expect(failed.error.code).toBe('store.disk_full');
  expect(failed.error.message).toBe(
    'The sale could not be saved: the disk is full. The sale is still open; free space and press Pay again.',
  );

  // nothing half-written, the ticket exactly as the cashier left it
  expect(await call('sale.current', {})).toEqual(open);
  expect({
    payments: count('SELECT count(*) FROM payments'),
    outbox: count('SELECT count(*) FROM outbox'),
    journal: count('SELECT count(*) FROM journal'),
    receipt: count('SELECT last_receipt_number FROM terminal'),
  }).toEqual(before);
  expect(store.db.inTransaction).toBe(false);
  expect(terminal.handlers['status.get']({})).toMatchObject({ outboxQueued: 0 });

  // space freed: the same sale completes, with the first receipt number
  store.db.pragma('max_page_count = 1073741823');
  const done = await call('sale.complete', { saleId, tender });
  expect(done).toMatchObject({ id: saleId, state: 'completed', number: 1 });
  expect(done.lines).toEqual(open.lines);
  expect(count('SELECT count(*) FROM payments WHERE sale_id = ?', saleId)).toBe(1);
  expect(count('SELECT count(*) FROM outbox WHERE idempotency_key = ?', `sale:${saleId}`)).toBe(1);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
});

test('another process holding the write lock: store.busy after the busy timeout, the ticket unchanged', async () => {
  terminal.close();
  store = openStore(join(dir, 'tillpoint.db'), { busyTimeoutMs: 50 });
  terminal = createTerminal(store);
  const sale = (await terminal.handlers['sale.start']({})) as SaleDto;
  const withWater = await terminal.handlers['sale.scan']({ saleId: sale.id, barcode: '6901234567892' });

  const other = new Database(join(dir, 'tillpoint.db'));
  try {
    other.prepare('BEGIN IMMEDIATE').run();
    const dispatch = createDispatcher(terminal.handlers, () => {});
    const busy = await dispatch('sale.scan', { saleId: sale.id, barcode: '6901234567892' });
    expect(busy.ok ? null : busy.error.code).toBe('store.busy');
    other.prepare('ROLLBACK').run();
  } finally {
    other.close();
  }
  expect(await terminal.handlers['sale.current']({})).toEqual(withWater);
  const after = (await terminal.handlers['sale.scan']({
    saleId: sale.id,
    barcode: '6901234567892',
  })) as SaleDto;
  expect(after.lines.reduce((n, l) => n + l.quantity, 0)).toBe(2);
});
