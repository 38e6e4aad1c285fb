import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MethodName, ResultOf } from '../../shared/contract.js';
import { createDispatcher, newCallSession } from '../../shared/dispatch.js';
import type { SaleDto } from '../../shared/dto.js';
import { demoCatalog } from '../demo-catalog.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';
import { parsePrinters, type PrinterConfig } from './print-config.js';
import { startPrinterSim, type PrinterSim } from './printer-sim.js';

/**
 * A Chinese shop's day on the virtual printer, through the real terminal and the dispatcher with staff
 * sign-in: the cashier's name on the receipt, the tax line, the Z report on close, the drawer's pin.
 */
const WATER = '6901234567892'; // 矿泉水 550ml, 2.00, 增值税 13% inclusive

let dir: string;
let terminal: Terminal | undefined;
let sim: PrinterSim | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-print-shop-'));
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  await sim?.close();
  sim = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** printers.json as a shop writes it, through the same parser the till reads the file with */
function printersJson(port: number, drawer: unknown = true): PrinterConfig[] {
  const parsed = parsePrinters(
    { printers: [{ id: 'front', kind: 'tcp', host: '127.0.0.1', port, drawer }] },
    'printers.json',
  );
  expect(parsed.problems).toEqual([]);
  return [...parsed.printers];
}

async function open(printers: PrinterConfig[], extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  terminal = await openTerminal({
    dataDir: dir,
    seed: demoCatalog,
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

/** One screen with its own sign-in, through the dispatcher and the till's staff gate. */
function screen() {
  const session = newCallSession();
  return async <M extends MethodName>(name: M, params: unknown = {}): Promise<ResultOf<M>> => {
    const result = await createDispatcher(terminal!.handlers, () => {}, terminal!.staffGate)(name, params, {
      capability: 'full',
      session,
    });
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value as ResultOf<M>;
  };
}

async function sellWater(call: ReturnType<typeof screen>, tendered: number): Promise<SaleDto> {
  const sale = await call('sale.start');
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  return call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered } });
}

describe('a Chinese shop on the virtual printer', () => {
  test('the signed-in cashier prints on the receipt and shows on the sale; the refund prints who made it', async () => {
    sim = await startPrinterSim({ port: 0 });
    await open(printersJson(sim.port));
    await terminal!.staff.add({ name: '王经理', role: 'manager', pin: '2468' });
    await terminal!.staff.add({ name: '李小红', role: 'cashier', pin: '1357' });
    const cashier = screen();
    await cashier('staff.signIn', { pin: '1357' });

    const sale = await sellWater(cashier, 1000);
    // tax-inclusive shelf prices: two waters at 2.00 cost 4.00, the tax is inside
    expect(sale.totals.total.amount).toBe(400);
    expect(sale.totals.taxAdded.amount).toBe(0);
    expect(sale.cashier).toMatchObject({ name: '李小红' });
    expect((await cashier('sales.get', { saleId: sale.id })).cashier?.name).toBe('李小红');

    const [receipt] = await sim.waitForJobs(1);
    expect(receipt!.text).toMatch(/收银员\s+李小红/);
    // the rate is said once: "增值税 13% 含税", never "增值税 13% 13% 含税"
    expect(receipt!.text).toMatch(/增值税 13% 含税\s+￥0\.46/);
    expect(receipt!.text).not.toMatch(/13%\s+13%/);

    // the hub has the sale (what the sync client records when it accepts it): refunds are allowed
    const db = new Database(join(dir, 'tillpoint.db'));
    db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ? WHERE kind = 'sale.completed'`).run(
      new Date().toISOString(),
    );
    db.close();
    const manager = screen();
    await manager('staff.signIn', { pin: '2468' });
    await manager('sale.refund', { saleId: sale.id, reason: '顾客退货' });
    const [, refund] = await sim.waitForJobs(2);
    expect(refund!.text).toContain('退款');
    expect(refund!.text).toMatch(/收银员\s+王经理/);
  });

  test('closing the shift prints the Z report in Chinese; printed again it is a duplicate; an X report prints', async () => {
    sim = await startPrinterSim({ port: 0 });
    await open(printersJson(sim.port));
    const call = screen();
    await call('shift.open', { count: [{ value: 10_000, count: 2 }] });
    await sellWater(call, 500);
    expect((await call('shift.print')).jobs).toBe(1);
    // the float's drawer pulse, the sale's receipt, the X report
    const xJob = (await sim.waitForJobs(3))[2]!;
    expect(xJob.text).toContain('X 报表');
    expect(xJob.pulses).toEqual([]);

    const closed = await call('shift.close', {
      count: [
        { value: 10_000, count: 2 },
        { value: 100, count: 4 },
      ],
    });
    expect(closed.report.close?.zNumber).toBe(1);
    const z = (await sim.waitForJobs(4))[3]!;
    expect(z.text).toContain('Z 报表');
    expect(z.text).toMatch(/Z 序号\s+1/);
    expect(z.text).toMatch(/销售 \(1 笔\)\s+￥4\.00/);
    expect(z.text).toMatch(/备用金\s+￥200\.00/);
    expect(z.text).toMatch(/应有现金\s+￥204\.00/);
    expect(z.text).toMatch(/差额\s+￥0\.00/);
    expect(z.text).toMatch(/首张小票\s+1/);
    expect(z.text).toMatch(/增值税 13% \(￥4\.00\)\s+￥0\.46/);
    expect(z.text).not.toContain('重印');
    expect(z.pulses).toEqual([]);
    expect(z.cuts).toBe(1);

    await call('shift.print', { shiftId: closed.report.shiftId });
    const again = (await sim.waitForJobs(5))[4]!;
    expect(again.text).toContain('Z 报表');
    expect(again.text).toContain('重印');
    await expect
      .poll(async () =>
        (await call('print.status')).jobs.filter((j) => j.kind === 'report').map((j) => j.state),
      )
      .toEqual(['printed', 'printed', 'printed']);
  });

  test('the printer is off at the close: the Z report waits in SQLite and prints when it is back', async () => {
    const probe = await startPrinterSim({ port: 0 });
    const port = probe.port;
    await probe.close();
    await open(printersJson(port, false));
    const call = screen();
    await call('shift.open', { count: [] });
    await call('shift.close', { count: [] });
    await expect
      .poll(async () => (await call('print.status')).jobs.find((j) => j.kind === 'report')?.attempts ?? 0)
      .toBeGreaterThan(0);
    sim = await startPrinterSim({ port });
    const [z] = await sim.waitForJobs(1);
    expect(z!.text).toContain('Z 报表');
  });

  test('a drawer wired to pin 5 gets ESC p 1 with the timings printers.json names', async () => {
    sim = await startPrinterSim({ port: 0 });
    await open(printersJson(sim.port, { pin: 5, onMs: 100, offMs: 200 }));
    const call = screen();
    await sellWater(call, 1000);
    const [job] = await sim.waitForJobs(1);
    expect(job!.pulses).toEqual([{ pin: 5, onMs: 100, offMs: 200 }]);
  });
});

describe('printers.json drawer', () => {
  test('true is pin 2 with the default pulse; a pin other than 2 or 5 makes the printer a named problem', () => {
    const ok = parsePrinters(
      { printers: [{ id: 'a', kind: 'tcp', host: '127.0.0.1', drawer: true }] },
      'printers.json',
    );
    expect(ok.printers[0]).toMatchObject({ drawer: true });
    expect(ok.printers[0]?.drawerPulse).toBeUndefined();
    const bad = parsePrinters(
      {
        printers: [
          { id: 'a', kind: 'tcp', host: '127.0.0.1', drawer: { pin: 3 } },
          { id: 'b', kind: 'tcp', host: '127.0.0.1', drawer: { pin: 2, onMs: 300, offMs: 100 } },
        ],
      },
      'printers.json',
    );
    expect(bad.printers).toEqual([]);
    expect(bad.problems[0]?.message).toMatch(/printer a: drawer\.pin: the drawer pin must be 2 or 5/);
    expect(bad.problems[1]?.message).toMatch(/printer b: drawer\.offMs/);
  });
});
