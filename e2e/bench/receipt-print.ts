/**
 * Receipt render + send to the virtual printer: the receipt document built from a 10-line sale, rendered
 * to ESC/POS (GB18030, raster QR) by ReceiptLine, sent over TCP with the DLE EOT check, until the printer
 * (printer-sim on 127.0.0.1) has interpreted the job. Beside it: a bare TCP write of the same bytes.
 */
import { connect } from 'node:net';
import { buildReceipt, type ReceiptSale } from '../../src/core/receipt.js';
import { receiptZhCN } from '../../src/shared/i18n/receipt-zh-CN.js';
import { demoShop, type PrinterConfig } from '../../src/terminal/print/print-config.js';
import { startPrinterSim } from '../../src/terminal/print/printer-sim.js';
import { renderJob } from '../../src/terminal/print/render.js';
import { sendToPrinter, defaultTimeouts } from '../../src/terminal/print/transport.js';
import { summarize, timeAsync } from './stats.js';
import type { Row } from './run.js';

const RUNS = 200;
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const sale: ReceiptSale = {
  number: 1234,
  completedAt: new Date().toISOString(),
  receiptCode: 'K7QX2-1234-M',
  lines: Array.from({ length: 10 }, (_, i) => ({
    name: `可口可乐 330ml 第${i + 1}款`,
    quantity: 1 + (i % 3),
    unitPrice: cny(350),
    gross: cny(350 * (1 + (i % 3))),
    lineDiscount: cny(i % 4 === 0 ? 50 : 0),
    total: cny(350 * (1 + (i % 3))),
  })),
  totals: {
    subtotal: cny(7000),
    discount: cny(150),
    total: cny(6850),
    taxes: [{ name: '增值税', rateBps: 1300, inclusive: true, tax: cny(788) }],
  },
  payments: [{ method: 'cash', amount: cny(6850), tendered: cny(10000), change: cny(3150) }],
  customer: { name: '王芳' },
  pointsEarned: 68,
};

export async function benchReceiptPrint(): Promise<Row[]> {
  const sim = await startPrinterSim({ port: 0 });
  const printer: PrinterConfig = {
    id: 'bench',
    kind: 'tcp',
    host: '127.0.0.1',
    port: sim.port,
    command: 'generic',
    cpl: 42,
    drawer: true,
    receipts: true,
  };
  const labels = receiptZhCN;
  let done = 0;
  const full: number[] = [];
  const bare: number[] = [];
  let bytes: Buffer = Buffer.alloc(0);
  try {
    for (let i = 0; i < RUNS + 10; i++) {
      const t = await timeAsync(async () => {
        const doc = buildReceipt({
          sale,
          shop: demoShop,
          terminalName: 'Till 1',
          labels,
          duplicate: false,
          cashier: null,
        });
        bytes = renderJob(doc, printer, true);
        await sendToPrinter(printer, bytes, defaultTimeouts, () => {});
        await sim.waitForJobs(++done);
      });
      if (i >= 10) full.push(t); // the first runs warm ReceiptLine and iconv up
    }
    for (let i = 0; i < RUNS; i++) {
      bare.push(
        await timeAsync(async () => {
          await new Promise<void>((resolve, reject) => {
            const socket = connect({ host: '127.0.0.1', port: sim.port });
            socket.on('error', reject);
            socket.on('close', () => resolve());
            socket.end(bytes);
          });
          await sim.waitForJobs(++done);
        }),
      );
    }
  } finally {
    await sim.close();
  }
  const a = summarize(full);
  const b = summarize(bare);
  const f = (v: number) => `${v.toFixed(2)} ms`;
  return [
    {
      measure: `receipt render + send to the virtual printer (10 lines, QR, ${bytes.length} bytes)`,
      n: a.n,
      median: f(a.median),
      p95: f(a.p95),
      p99: f(a.p99),
      goal: 'p95 <= 50 ms',
      peer: `bare TCP write of the same bytes: median ${f(b.median)}, p95 ${f(b.p95)}`,
    },
  ];
}
