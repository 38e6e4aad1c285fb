import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import type { SaleDto } from '../../shared/dto.js';
import { callsOf } from '../call.test-util.js';
import { demoCatalog } from '../demo-catalog.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';
import { interpretEscPos } from './escpos-interpreter.js';
import { parsePrinters, type PrinterConfig } from './print-config.js';
import { startPrinterSim, type PrinterSim } from './printer-sim.js';

/**
 * Receipts through the real terminal on a real SQLite folder to the virtual ESC/POS printer on 127.0.0.1:
 * what the printer made of the bytes (text back from GB18030, the QR read from the raster, pulses, cuts).
 */
const COLA = '6909995550013';
const seed = {
  ...demoCatalog,
  products: [
    ...demoCatalog.products,
    {
      id: 'p-cola',
      sku: 'CN-1',
      name: '可口可乐 330ml',
      altName: 'Coca-Cola 330ml',
      needsStaff: null,
      barcode: COLA,
      categoryId: 'drinks',
      price: 350,
      taxRateId: 'vat-13',
    },
  ],
};

let dir: string;
let terminal: Terminal | undefined;
let sim: PrinterSim | undefined;
let gateway: Gateway | undefined;
const { call, fails } = callsOf(() => terminal);

/** a port nothing listens on (yet): the printer is off */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

const tcp = (port: number, extra: Partial<PrinterConfig> = {}): PrinterConfig =>
  ({
    id: 'front',
    kind: 'tcp',
    host: '127.0.0.1',
    port,
    command: 'generic',
    cpl: 42,
    drawer: true,
    receipts: true,
    ...extra,
  }) as PrinterConfig;

async function open(printers: PrinterConfig[], extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  terminal = await openTerminal({
    dataDir: dir,
    seed,
    locale: 'zh-CN',
    demo: true,
    print: {
      printers: { printers, problems: [] },
      retry: { baseMs: 100, capMs: 400 },
      statusIntervalMs: 150,
      timeouts: { connectMs: 500, writeMs: 2_000 },
    },
    ...extra,
  });
  return terminal;
}

async function cashSale(): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: COLA });
  await call('sale.scan', { saleId: sale.id, barcode: COLA });
  return call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 1000 } });
}

const jobRows = () => {
  const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
  try {
    return db.prepare('SELECT id, state, kind, drawer, attempts FROM print_jobs ORDER BY id').all() as {
      id: number;
      state: string;
      kind: string;
      drawer: number;
      attempts: number;
    }[];
  } finally {
    db.close();
  }
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-print-'));
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  await sim?.close();
  sim = undefined;
  await gateway?.close();
  gateway = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('receipts on the virtual printer', () => {
  test('a cash sale prints Chinese text and ￥ amounts, the receipt code as QR, one drawer pulse, one cut', async () => {
    sim = await startPrinterSim({ port: 0 });
    await open([tcp(sim.port)]);
    const sale = await cashSale();
    const [job] = await sim.waitForJobs(1);
    expect(job!.text).toContain('便利店 Tillpoint');
    expect(job!.text).toContain('可口可乐 330ml');
    expect(job!.text).toContain('\uFFE57.00');
    expect(job!.text).toContain('找零');
    expect(job!.text).not.toContain('\u00A5');
    expect(job!.qr).toEqual([sale.receiptCode]);
    // the journal row of the completion: its seq and the first 8 hex of its hash, labelled in Chinese
    const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
    const row = db
      .prepare(`SELECT seq, hash FROM journal WHERE sale_id = ? AND kind = 'sale.completed'`)
      .get(sale.id) as { seq: number; hash: string };
    db.close();
    expect(job!.text).toMatch(new RegExp(`流水\\s+J#${row.seq} ${row.hash.slice(0, 8)}`));
    expect(job!.pulses).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
    expect(job!.cuts).toBe(1);
    await expect.poll(() => jobRows().map((r) => r.state)).toEqual(['printed']);
  });

  test('a wallet sale prints without a drawer pulse; a reprint carries the duplicate mark and no pulse', async () => {
    gateway = await startGateway({ test: true, log: () => {}, ledgerFile: join(dir, 'ledger.db') });
    sim = await startPrinterSim({ port: 0 });
    await open([tcp(sim.port)], { gatewayUrl: gateway.url, paymentPollIntervalsMs: [50, 100] });
    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: COLA });
    const code = await gatewayClient(gateway.url).issueCode({ wallet: 'wechat' });
    expect((await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' })).state).toBe(
      'succeeded',
    );
    const [paid] = await sim.waitForJobs(1);
    expect(paid!.pulses).toEqual([]);
    expect(paid!.text).toContain('微信支付');
    expect(paid!.text).not.toContain('重印');
    expect(paid!.cuts).toBe(1);

    expect((await call('receipt.print', { saleId: sale.id })).jobs).toBe(1);
    const [, reprint] = await sim.waitForJobs(2);
    expect(reprint!.text).toContain('重印');
    expect(reprint!.pulses).toEqual([]);
    expect(reprint!.qr.length).toBe(1);
  });

  test('printer off: the sale completes, the job waits and shows; the printer comes back: printed once', async () => {
    const port = await freePort();
    await open([tcp(port)]);
    const sale = await cashSale();
    expect(sale.state).toBe('completed');
    await expect.poll(() => jobRows()[0]?.attempts ?? 0).toBeGreaterThan(0);
    const status = await call('print.status', {});
    expect(status.waiting).toBe(1);
    expect(status.printers[0]).toMatchObject({ id: 'front', state: 'offline', waiting: 1 });
    expect(status.jobs[0]).toMatchObject({ saleNumber: sale.number, state: 'queued' });

    sim = await startPrinterSim({ port });
    const [job] = await sim.waitForJobs(1);
    expect(job!.qr).toEqual([sale.receiptCode]);
    await expect.poll(() => jobRows().map((r) => r.state)).toEqual(['printed']);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sim.jobs.length).toBe(1);
    expect((await call('print.status', {})).printers[0]).toMatchObject({ state: 'ready', waiting: 0 });
  });

  test('a printer taken out of printers.json: its waiting jobs are cancelled at the next start', async () => {
    await open([tcp(await freePort())]);
    await cashSale();
    await expect.poll(() => jobRows()[0]?.attempts ?? 0).toBeGreaterThan(0);
    await terminal!.close();
    const lines: string[] = [];
    await open([tcp(await freePort(), { id: 'back' })], { log: (line: string) => lines.push(line) });
    expect(jobRows().map((r) => r.state)).toEqual(['cancelled']);
    expect(lines.some((l) => l.includes('printer front') && l.includes('cancelled'))).toBe(true);
    expect((await call('print.status', {})).waiting).toBe(0);
  });

  test('paper out: the job is not sent into a printer that cannot print it; paper back: printed once', async () => {
    sim = await startPrinterSim({ port: 0, state: { paperOut: true } });
    await open([tcp(sim.port)]);
    await cashSale();
    await expect.poll(async () => (await call('print.status', {})).printers[0]?.state).toBe('paper-out');
    expect(sim.jobs.length).toBe(0);
    sim.set({ paperOut: false });
    await sim.waitForJobs(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sim.jobs.length).toBe(1);
  });

  test('a cash refund prints a refund receipt and opens the drawer', async () => {
    sim = await startPrinterSim({ port: 0 });
    await open([tcp(sim.port)]);
    const sale = await cashSale();
    await sim.waitForJobs(1);
    // the hub has the sale (what the sync client records when it accepts it): refunds are allowed
    const db = new Database(join(dir, 'tillpoint.db'));
    db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ? WHERE kind = 'sale.completed'`).run(
      new Date().toISOString(),
    );
    db.close();
    await call('sale.refund', { saleId: sale.id, reason: '瓶子漏水' });
    const [, refund] = await sim.waitForJobs(2);
    expect(refund!.text).toContain('退款');
    expect(refund!.text).toContain('瓶子漏水');
    expect(refund!.text).toContain('-\uFFE57.00');
    expect(refund!.pulses).toHaveLength(1);
    expect(refund!.cuts).toBe(1);
  });

  test('the drawer opens with no receipt for the opening float, a cash out and a no-sale', async () => {
    sim = await startPrinterSim({ port: 0 });
    await open([tcp(sim.port)]);
    await call('shift.open', { count: [{ value: 10000, count: 1 }] });
    await call('shift.cashMove', { kind: 'out', amount: 500, reason: '找零' });
    await call('shift.noSale', {});
    const jobs = await sim.waitForJobs(3);
    expect(jobs.map((job) => job.pulses)).toEqual([
      [{ pin: 2, onMs: 50, offMs: 500 }],
      [{ pin: 2, onMs: 50, offMs: 500 }],
      [{ pin: 2, onMs: 50, offMs: 500 }],
    ]);
    expect(jobs.map((job) => [job.cuts, job.qr.length, job.text.trim()])).toEqual([
      [0, 0, ''],
      [0, 0, ''],
      [0, 0, ''],
    ]);
  });

  test('a device file (a FIFO standing in for /dev/usb/lp0) gets the receipt', async () => {
    const fifo = join(dir, 'lp0');
    execFileSync('mkfifo', [fifo]);
    const received: Buffer[] = [];
    // the "printer" side: reads until the till closes its end
    const reader = createReadStream(fifo);
    reader.on('data', (chunk) => received.push(chunk as Buffer));
    const ended = new Promise<void>((resolve) => reader.once('end', () => resolve()));
    await open([
      { id: 'usb', kind: 'device', path: fifo, command: 'escpos', cpl: 48, drawer: false, receipts: true },
    ]);
    const sale = await cashSale();
    await expect.poll(() => jobRows().map((r) => r.state), { timeout: 5_000 }).toEqual(['printed']);
    await ended;
    const job = interpretEscPos(Buffer.concat(received));
    expect(job.text).toContain('可口可乐 330ml');
    expect(job.qr).toEqual([sale.receiptCode]);
    expect(job.pulses).toEqual([]);
    expect(job.cuts).toBe(1);
  });

  test('receipt.preview answers the same document as SVG; an open sale has no receipt', async () => {
    await open([]);
    const sale = await cashSale();
    const preview = await call('receipt.preview', { saleId: sale.id, duplicate: true });
    expect(preview.svg).toMatch(/^<svg/);
    expect(preview.text).toContain('可口可乐 330ml');
    expect(preview.text).toContain('重印');
    const open2 = await call('sale.start', {});
    expect((await fails('receipt.preview', { saleId: open2.id })).code).toBe('print.not_completed');
    expect((await fails('receipt.print', { saleId: sale.id })).code).toBe('print.no_printer');
  });
});

describe('printers.json', () => {
  test('a bad host, port or path is named; the good printers are kept', () => {
    const parsed = parsePrinters(
      {
        printers: [
          { id: 'ok', kind: 'tcp', host: '192.168.1.50' },
          { id: 'badport', kind: 'tcp', host: '192.168.1.51', port: 99_999 },
          { id: 'badhost', kind: 'tcp', host: 'not a host' },
          { id: 'relative', kind: 'device', path: 'dev/usb/lp0' },
        ],
      },
      'printers.json',
    );
    expect(parsed.printers.map((p) => p.id)).toEqual(['ok']);
    expect(parsed.printers[0]).toMatchObject({ port: 9100, command: 'generic', cpl: 42, receipts: true });
    expect(parsed.problems.map((p) => p.id)).toEqual(['badport', 'badhost', 'relative']);
    expect(parsed.problems[0]!.message).toMatch(/printer badport: port/);
    expect(parsed.problems[2]!.message).toMatch(/absolute/);
  });

  test('the till starts with a bad printers.json, logs it and shows it in print.status', async () => {
    writeFileSync(
      join(dir, 'printers.json'),
      JSON.stringify({ printers: [{ id: 'x', kind: 'tcp', host: 'h', port: 0 }] }),
    );
    const lines: string[] = [];
    terminal = await openTerminal({
      dataDir: dir,
      seed,
      demo: true,
      log: (line: string) => lines.push(line),
    });
    expect(lines.some((l) => l.includes('printer x') && l.includes('port'))).toBe(true);
    const status = await call('print.status', {});
    expect(status.printers).toMatchObject([{ id: 'x', state: 'invalid' }]);
    expect((await cashSale()).state).toBe('completed');
    expect(readFileSync(join(dir, 'printers.json'), 'utf8')).toContain('"x"');
  });
});
