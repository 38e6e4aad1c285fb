/**
 * The X report over a shift of 100,000 completed sales (two lines each, cash, wallets, stored value, bank QR):
 * `shift.xReport` end to end (SQL aggregation, the pure assembly in src/core/shift-report.ts, the two echarts
 * SVGs), beside its parts measured alone in the same run.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { xReport } from '../../src/core/shift-report.js';
import { createShiftStore } from '../../src/terminal/shifts/shift-store.js';
import { openTerminal } from '../../src/terminal/terminal.js';
import { summarize, timeAsync, timeSync } from './stats.js';
import type { Row } from './run.js';

const SALES = 100_000;
const RUNS = 30;

/** 100,000 sales written as sale.complete writes them (the payment first, then the completion), in one transaction. */
function fillShift(file: string): void {
  const db = new Database(file);
  try {
    const sale = db.prepare(
      `INSERT INTO sales (id, state, currency, created_at, subtotal, discount, tax, total)
       VALUES (?, 'open', 'CNY', ?, ?, 0, 0, ?)`,
    );
    // completing fires the shift's triggers (shift_id, running totals), as sale.complete's own UPDATE does
    const complete = db.prepare(
      `UPDATE sales SET state = 'completed', number = ?, completed_at = ? WHERE id = ?`,
    );
    const line = db.prepare(
      `INSERT INTO sale_lines (sale_id, position, id, product_id, sku, name, category_id, quantity, unit_price,
         gross, line_discount, ticket_discount_share, net, tax_rate_id, tax_inclusive, tax, total)
       VALUES (?, ?, ?, 'p', 'SKU', 'Water', 'drinks', 1, ?, ?, 0, 0, ?, ?, 1, ?, ?)`,
    );
    const attempt = db.prepare(
      `INSERT INTO payment_attempts (id, sale_id, kind, wallet, provider_id, amount, currency, state, confirmation,
         deadline_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'sandbox', ?, 'CNY', 'succeeded', 'provider', ?, ?, ?)`,
    );
    const cash = db.prepare(
      `INSERT INTO payments (id, sale_id, method, amount, tendered, change, currency, created_at)
       VALUES (?, ?, 'cash', ?, ?, 0, 'CNY', ?)`,
    );
    const wallet = db.prepare(
      `INSERT INTO payments (id, sale_id, method, amount, currency, created_at, attempt_id, wallet, provider_id, confirmation)
       VALUES (?, ?, 'wallet', ?, 'CNY', ?, ?, ?, 'sandbox', 'provider')`,
    );
    const start = Date.parse('2026-12-07T00:00:00.000Z');
    db.transaction(() => {
      for (let i = 0; i < SALES; i++) {
        const id = randomUUID();
        const at = new Date(start + i * 300).toISOString();
        const a = 200 + (i % 37) * 50;
        const b = 1_000 + (i % 11) * 100;
        const total = a + b;
        sale.run(id, at, total, total);
        line.run(id, 0, randomUUID(), a, a, a, 'vat-13', Math.round(a / 9), a);
        line.run(id, 1, randomUUID(), b, b, b, i % 3 === 0 ? 'vat-9' : 'vat-13', Math.round(b / 10), b);
        if (i % 4 === 0) cash.run(randomUUID(), id, total, total, at);
        else {
          const attemptId = randomUUID();
          const kind = i % 4 === 3 ? 'static-qr' : 'customer-code';
          const name = i % 4 === 1 ? 'wechat' : i % 4 === 2 ? 'alipay' : 'unionpay';
          attempt.run(attemptId, id, kind, name, total, at, at, at);
          wallet.run(randomUUID(), id, total, at, attemptId, name);
        }
        complete.run(1_000 + i, at, id);
      }
    })();
  } finally {
    db.close();
  }
}

export async function benchShiftReport(scratch: string): Promise<Row[]> {
  const dataDir = join(scratch, 'shift-report');
  const terminal = await openTerminal({ dataDir, log: () => {} });
  try {
    const h = terminal.handlers;
    const { open } = await h['shift.open']({ count: [{ value: 10_000, count: 2 }] });
    if (!open) throw new Error('no shift open');
    fillShift(terminal.dbFile);
    await h['shift.xReport']({}); // warm: statements prepared, echarts loaded
    const whole: number[] = [];
    for (let i = 0; i < RUNS; i++) whole.push(await timeAsync(() => Promise.resolve(h['shift.xReport']({}))));
    const reader = new Database(terminal.dbFile, { readonly: true });
    const store = createShiftStore(reader);
    const head = store.openShift()!;
    const sqlTimes: number[] = [];
    const assemble: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let rows = store.rows(head, () => 0);
      sqlTimes.push(timeSync(() => (rows = store.rows(head, () => 0))));
      assemble.push(timeSync(() => void xReport(rows)));
    }
    reader.close();
    const sales = (await h['shift.xReport']({})).report.totals.sales.count;
    if (sales !== SALES) throw new Error(`the X report counted ${sales} sales, not ${SALES}`);
    const all = summarize(whole);
    const q = summarize(sqlTimes);
    const p = summarize(assemble);
    const f = (v: number) => `${v.toFixed(2)} ms`;
    return [
      {
        measure: `X report (shift.xReport) over ${SALES.toLocaleString('en')} sales, charts included`,
        n: all.n,
        median: f(all.median),
        p95: f(all.p95),
        goal: 'median <= 50 ms',
        peer: `SQL aggregation alone: median ${f(q.median)}; pure assembly alone: median ${f(p.median)}`,
      },
    ];
  } finally {
    await terminal.close();
  }
}
