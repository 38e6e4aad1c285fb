/**
 * Durable sale commit: the time of `sale.complete` (sale + lines + payment + outbox + journal in one
 * transaction) with synchronous=FULL, beside the same with synchronous=NORMAL in the same run.
 */
import { join } from 'node:path';
import { openTerminal } from '../../src/terminal/terminal.js';
import { summarize, timeAsync } from './stats.js';
import type { Row } from './run.js';

const SALES = 1_000;

async function commitTimes(dataDir: string, synchronous: 'FULL' | 'NORMAL'): Promise<number[]> {
  const terminal = await openTerminal({ dataDir, synchronous, log: () => {} });
  try {
    const h = terminal.handlers;
    const products = await h['catalog.search']({ query: '', limit: 5 });
    const times: number[] = [];
    for (let i = 0; i < SALES; i++) {
      const sale = await h['sale.start']({});
      await h['sale.addProduct']({
        saleId: sale.id,
        productId: products[i % products.length]!.id,
        quantity: 2,
      });
      const open = await h['sale.addProduct']({
        saleId: sale.id,
        productId: products[(i + 1) % products.length]!.id,
      });
      const tendered = open.totals.total.amount + 1_000;
      times.push(
        await timeAsync(() =>
          Promise.resolve(h['sale.complete']({ saleId: sale.id, tender: { method: 'cash', tendered } })),
        ),
      );
    }
    return times;
  } finally {
    terminal.close();
  }
}

export async function benchSaleCommit(scratch: string): Promise<Row[]> {
  const normal = summarize(await commitTimes(join(scratch, 'commit-normal'), 'NORMAL'));
  const full = summarize(await commitTimes(join(scratch, 'commit-full'), 'FULL'));
  const f = (v: number) => `${v.toFixed(3)} ms`;
  return [
    {
      measure: 'durable sale commit (sale.complete), synchronous=FULL',
      n: full.n,
      median: f(full.median),
      p95: f(full.p95),
      p99: f(full.p99),
      goal: 'p99 <= 10 ms',
      peer: `synchronous=NORMAL: median ${f(normal.median)}, p95 ${f(normal.p95)}, p99 ${f(normal.p99)}`,
    },
  ];
}
