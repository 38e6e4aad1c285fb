import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawRequest } from '../../gateway/test-client.js';
import { openTerminal } from '../terminal.js';
import { tillWithGateway } from '../till-gateway.test-util.js';
import { startPrinterSim } from '../print/printer-sim.js';
import type { PrintOptions } from '../print/print-service.js';

/**
 * Bill payments through the till's contract, on a real SQLite file, paid to the sandbox biller of a real
 * `tillpoint gateway` on 127.0.0.1: lookup, the customer's confirmation, the ticket paid with the sale
 * engine's tenders, the biller paid after the money is in, offline prepayments and the biller's refusal.
 */
const till = tillWithGateway('bills');
const { call, fails, sql } = till;

async function open(extra: { gatewayUrl?: string; now?: () => Date; printerPort?: number } = {}) {
  till.terminal = await openTerminal({
    dataDir: till.dir,
    gatewayUrl: extra.gatewayUrl ?? till.gateway.url,
    paymentPollIntervalsMs: [50],
    ...(extra.now ? { now: extra.now } : {}),
    ...(extra.printerPort === undefined ? {} : { print: printerAt(extra.printerPort) }),
  });
  return till.terminal;
}
/** one receipt printer with a drawer on the virtual printer's port */
const printerAt = (port: number): PrintOptions => ({
  printers: {
    printers: [
      {
        id: 'front',
        kind: 'tcp' as const,
        host: '127.0.0.1',
        port,
        command: 'generic' as const,
        cpl: 42,
        drawer: true,
        receipts: true,
      },
    ],
    problems: [],
  },
  retry: { baseMs: 100, capMs: 400 },
  statusIntervalMs: 150,
  timeouts: { connectMs: 500, writeMs: 2_000 },
});
const fault = (mode: string, times = 1) =>
  rawRequest(till.gateway.url, 'POST', '/sandbox/biller/faults', JSON.stringify({ mode, times }));
/** bill.pay runs after the completion's sale.changed too; wait until the biller's answer is written */
async function settled(billId: string) {
  for (let i = 0; i < 100; i++) {
    const bill = await call('bill.get', { billId });
    if (bill.state !== 'on_ticket' && bill.state !== 'paid') return bill;
    await new Promise((r) => setTimeout(r, 20));
  }
  return call('bill.get', { billId });
}

describe('bill payments', () => {
  it('looks a bill up, puts it on its own ticket at 0 % tax, takes cash, then the biller confirms', async () => {
    await open();
    const billers = await call('bill.billers', {});
    expect(billers.map((b) => b.id)).toEqual(['state-grid', 'city-water', 'city-gas', 'mobile-topup']);
    const bill = await call('bill.lookup', { billerId: 'city-gas', account: '2100000001' });
    expect(bill).toMatchObject({
      state: 'quoted',
      kind: 'bill',
      amount: { amount: 9064, currency: 'CNY' },
      billAmount: { amount: 8800 },
      lateFee: { amount: 264 },
      maskedName: '**军',
      offline: false,
    });
    expect(await call('bill.current', {})).toMatchObject({ id: bill.id });
    const sale = await call('bill.confirm', { billId: bill.id });
    expect(sale.lines).toHaveLength(1);
    expect(sale.lines[0]).toMatchObject({ taxRateId: 'bill-collected', tax: { amount: 0 }, quantity: 1 });
    expect(sale.totals.total.amount).toBe(9064);
    // a bill is paid on its own ticket: no item, no second bill, no discount joins it
    expect((await fails('sale.scan', { saleId: sale.id, barcode: '6914333018929' })).code).toBe(
      'bill.illegal_transition',
    );
    expect(
      (await fails('sale.setTicketDiscount', { saleId: sale.id, discount: { kind: 'percent', bps: 1000 } }))
        .code,
    ).toBe('bill.illegal_transition');
    expect(
      (await fails('sale.setQuantity', { saleId: sale.id, lineId: sale.lines[0]?.id, quantity: 2 })).code,
    ).toBe('bill.illegal_transition');
    expect((await fails('bill.pay', { billId: bill.id })).code).toBe('bill.illegal_transition');
    const done = await call('sale.complete', {
      saleId: sale.id,
      tender: { method: 'cash', tendered: 10_000 },
    });
    expect(done.state).toBe('completed');
    const paid = await settled(bill.id);
    expect(paid).toMatchObject({ state: 'confirmed', saleId: sale.id, refundOwed: false });
    expect(paid.confirmationNo).toMatch(/^CI\d{14}$/);
    // asking again answers the same confirmation (the idempotency key is the bill's)
    expect(await call('bill.pay', { billId: bill.id })).toEqual(paid);
    // the receipt says who the money was collected for, and the biller's confirmation number
    const receipt = (await call('receipt.preview', { saleId: sale.id })).text;
    expect(receipt).toMatch(/代收单位\s+城市燃气 燃气费/);
    expect(receipt).toMatch(new RegExp(`缴费确认号\\s+${paid.confirmationNo ?? 'none'}`));
    // no tax row: the money is the biller's, not a taxed sale
    expect(receipt).not.toContain('含税');
    // the biller has the money now: the ticket is not refunded at the till
    expect((await fails('sale.refund', { saleId: sale.id, reason: 'changed mind' })).code).toBe(
      'bill.not_reversible',
    );
    // nor given back as a return: that too would reverse money the biller already holds
    const giveBack = {
      saleId: sale.id,
      returnId: randomUUID(),
      lines: [{ lineId: sale.lines[0]?.id, quantity: 1 }],
      reason: 'changed mind',
    };
    expect((await fails('sale.return', giveBack)).code).toBe('bill.not_reversible');
    expect(sql((db) => db.prepare('SELECT count(*) FROM returns').pluck().get())).toBe(0);
    const journal = sql((db) =>
      db.prepare(`SELECT kind FROM journal WHERE kind LIKE 'bill.%' ORDER BY id`).pluck().all(),
    );
    expect(journal).toEqual(['bill.looked_up', 'bill.confirmed', 'bill.paid', 'bill.biller_confirmed']);
  });

  it('reads the scanned payment slip (wedge scanner: ]C1 and ~ for GS) and refuses a misread one', async () => {
    await open();
    const slip = ']C1415690000000001480201601234567890~390210400~12261231';
    const bill = await call('bill.lookup', { slip });
    expect(bill).toMatchObject({
      billerId: 'state-grid',
      account: '1601234567890',
      amount: { amount: 10_400 },
    });
    expect((await fails('bill.lookup', { slip: slip.replace('0014', '0015') })).code).toBe(
      'bill.slip_check_digit',
    );
    expect((await fails('bill.lookup', { billerId: 'state-grid', account: '12345' })).code).toBe(
      'bill.account_format',
    );
    expect((await fails('bill.lookup', { billerId: 'city-water', account: '399999999' })).code).toBe(
      'bill.no_bill',
    );
  });

  it("bills.json sets the scanner's FNC1 substitute; a bad file stops the till at start", async () => {
    writeFileSync(join(till.dir, 'bills.json'), JSON.stringify({ fnc1Substitutes: ['^]'] }));
    await open();
    const slip = '41569000000000218020310000001^]39024560^]12261220';
    expect(await call('bill.lookup', { slip })).toMatchObject({
      billerId: 'city-water',
      account: '310000001',
    });
    // '~' is no separator on this till, and no character a slip may hold: the slip is refused, not guessed
    expect((await fails('bill.lookup', { slip: slip.replaceAll('^]', '~') })).code).toBe(
      'bill.slip_bad_field',
    );
    await till.terminal?.close();
    till.terminal = undefined;
    writeFileSync(join(till.dir, 'bills.json'), JSON.stringify({ fnc1Substitutes: ['A'] }));
    await expect(open()).rejects.toMatchObject({ code: 'bill.config_invalid' });
  });

  it('a biller that refuses after the money is in leaves a refund owed; a lost reply is asked again', async () => {
    await open();
    const refused = await call('bill.lookup', { billerId: 'state-grid', account: '1609999999999' });
    const sale = await call('bill.confirm', { billId: refused.id });
    await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 5_000 } });
    expect(await settled(refused.id)).toMatchObject({
      state: 'rejected',
      refundOwed: true,
      rejection: { code: 'ACCOUNT_REFUSED' },
    });

    const water = await call('bill.lookup', { billerId: 'city-water', account: '310000001' });
    const waterSale = await call('bill.confirm', { billId: water.id });
    expect((await fault('lose_reply')).status).toBe(200);
    await call('sale.complete', { saleId: waterSale.id, tender: { method: 'cash', tendered: 5_000 } });
    // the first answer was lost after the biller paid: still 'paid', tried again with the same key
    await new Promise((r) => setTimeout(r, 200));
    expect(await call('bill.get', { billId: water.id })).toMatchObject({ state: 'paid' });
    const again = await call('bill.pay', { billId: water.id });
    expect(again).toMatchObject({ state: 'confirmed', lastError: null });
    expect(
      sql((db) => db.prepare('SELECT tries FROM bill_payments WHERE id = ?').pluck().get(water.id)),
    ).toBe(2);
  });

  it('offline: only prepayments to billers that take one, under the caps, paid when the biller is back', async () => {
    // a gateway that is not there: nothing listens on this port
    await open();
    await call('bill.billers', {}); // the list is kept for offline use
    await till.terminal?.close();
    await open({ gatewayUrl: 'http://127.0.0.1:9' });
    expect((await fails('bill.lookup', { billerId: 'city-gas', account: '2100000001' })).code).toBe(
      'bill.prepay_not_accepted',
    );
    const prepay = await call('bill.lookup', { billerId: 'state-grid', account: '1650000000025' });
    expect(prepay).toMatchObject({ kind: 'prepay', offline: true, amount: null });
    expect((await fails('bill.confirm', { billId: prepay.id })).code).toBe('bill.amount_invalid');
    expect((await fails('bill.confirm', { billId: prepay.id, amount: 30_000 })).code).toBe(
      'bill.offline_limit',
    );
    const sale = await call('bill.confirm', { billId: prepay.id, amount: 5_000 });
    await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 5_000 } });
    const pending = await settled(prepay.id);
    expect(pending).toMatchObject({ state: 'paid', offline: true, confirmationNo: null });
    // the demo till speaks zh-CN: 缴费确认号 (the confirmation number) is 处理中 (pending)
    expect((await call('receipt.preview', { saleId: sale.id })).text).toMatch(/缴费确认号\s+处理中/);
    expect(pending.lastError).toMatch(/^unreachable/);
    // never delivered, so reversible; here the refund itself is refused (the hub has not the sale yet), and
    // the bill goes back on the queue rather than being lost between the two
    expect((await fails('sale.refund', { saleId: sale.id, reason: 'changed mind' })).code).toBe(
      'sale.refund_unsynced',
    );
    expect(await call('bill.get', { billId: prepay.id })).toMatchObject({ state: 'paid' });
    // the biller is back (the real gateway): the till pays it with the same key
    await till.terminal?.close();
    await open();
    expect(await settled(prepay.id)).toMatchObject({ state: 'confirmed' });
  });

  it('the customer display is shown a looked-up bill for 5 minutes, not one given up long ago', async () => {
    let at = Date.now();
    await open({ now: () => new Date(at) });
    const bill = await call('bill.lookup', { billerId: 'city-water', account: '310000001' });
    expect(await call('bill.current', {})).toMatchObject({ id: bill.id, state: 'quoted' });
    at += 6 * 60_000;
    expect(await call('bill.current', {})).toBeNull();
  });

  it('phone top-up takes only its denominations; a voided ticket cancels the bill', async () => {
    await open();
    const topup = await call('bill.lookup', { billerId: 'mobile-topup', account: '13800138000' });
    expect(topup).toMatchObject({ kind: 'prepay', offline: false });
    expect((await fails('bill.confirm', { billId: topup.id, amount: 2_000 })).code).toBe(
      'bill.amount_invalid',
    );
    const sale = await call('bill.confirm', { billId: topup.id, amount: 3_000 });
    await call('sale.void', { saleId: sale.id });
    expect(await settled(topup.id)).toMatchObject({ state: 'cancelled' });
    const list = await call('bill.list', { states: ['cancelled'] });
    expect(list.map((b) => b.id)).toEqual([topup.id]);
  });
});

describe('bill payments on paper', () => {
  it('the receipt goes out at once with the drawer (pending); a copy with the confirmation follows', async () => {
    const sim = await startPrinterSim({ port: 0 });
    try {
      await open({ printerPort: sim.port });
      const bill = await call('bill.lookup', { billerId: 'city-gas', account: '2100000001' });
      const sale = await call('bill.confirm', { billId: bill.id });
      await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 10_000 } });
      const paid = await settled(bill.id);
      expect(paid.state).toBe('confirmed');
      const [first, copy] = await sim.waitForJobs(2);
      // the drawer opened for the change with the first paper, which could not wait for the biller
      expect(first!.pulses).toHaveLength(1);
      expect(first!.text).toMatch(/缴费确认号\s+处理中/);
      expect(first!.text).not.toContain('重印');
      // the copy is marked as one, opens no drawer, and carries the biller's confirmation number
      expect(copy!.pulses).toHaveLength(0);
      expect(copy!.text).toContain('重印');
      expect(copy!.text).toMatch(new RegExp(`缴费确认号\\s+${paid.confirmationNo ?? 'none'}`));
    } finally {
      await till.terminal?.close();
      till.terminal = undefined;
      await sim.close();
    }
  });
});

describe('bill payments in the X report', () => {
  it('are their own line, out of sales and tax, and their cash is in the drawer', async () => {
    await open();
    await call('shift.open', { count: [{ value: 10_000, count: 1 }] });
    const goods = await call('sale.start', {});
    await call('sale.scan', { saleId: goods.id, barcode: '6914333018929' }); // 28.00, 13 % VAT included
    await call('sale.complete', { saleId: goods.id, tender: { method: 'cash', tendered: 2_800 } });
    const bill = await call('bill.lookup', { billerId: 'city-water', account: '310000001' });
    const sale = await call('bill.confirm', { billId: bill.id });
    await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 5_000 } });
    // a bill the biller refuses after the money is in: a refund owed, shown until it is made
    const refused = await call('bill.lookup', { billerId: 'state-grid', account: '1609999999999' });
    const refusedSale = await call('bill.confirm', { billId: refused.id });
    await call('sale.complete', { saleId: refusedSale.id, tender: { method: 'cash', tendered: 5_000 } });
    expect(await settled(refused.id)).toMatchObject({ state: 'rejected', refundOwed: true });
    const x = (await call('shift.xReport', {})).report.totals;
    expect(x.sales).toEqual({ count: 1, total: 2_800 });
    expect(x.billPayments).toEqual({ count: 2, amount: 4_560 + 5_000 });
    expect(x.billRefundsOwed).toEqual({ count: 1, amount: 5_000 });
    expect(x.taxes.map((t) => t.rateId)).toEqual(['vat-13']);
    expect(x.cash.sales).toBe(2_800 + 4_560 + 5_000);
    expect(x.cash.expected).toBe(10_000 + 2_800 + 4_560 + 5_000);
  });
});
