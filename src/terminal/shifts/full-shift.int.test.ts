import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { RefundDto, SaleDto } from '../../shared/dto.js';
import { tillWithGateway } from '../till-gateway.test-util.js';
import { bankQrProvider, gatewayProvider } from '../payments/providers.test-util.js';
import { openTerminal } from '../terminal.js';

/**
 * A shop's whole day through the contract, on a real SQLite folder with the REAL sandbox gateway: a float
 * counted by denomination; sales in cash (one rounded, 抹零), by a wallet's customer code, by a bank QR
 * the cashier confirms, and one split between cash and a wallet; a voided ticket; cash in and out and a
 * no-sale; a partial return of the split sale and a full wallet refund; a blind count. The drawer's expected
 * cash and the Z report are checked against sums made here from the sales and refunds the API answered,
 * not against numbers copied from the report.
 */
const BAIJIU = '6914333018929'; // 28.00 CNY
const TART = '6934666013538'; // 6.00 CNY
const WATER = '6901234567892'; // 2.00 CNY

const till = tillWithGateway('full-shift');
const { call, fails } = till;

async function ticket(items: readonly [string, number][]): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  for (const [barcode, count] of items) {
    for (let i = 0; i < count; i++) await call('sale.scan', { saleId: sale.id, barcode });
  }
  return call('sales.get', { saleId: sale.id });
}
async function payByCode(saleId: string, wallet: string, amount?: number) {
  const code = await till.client.issueCode({ wallet });
  const attempt = await call('payment.chargeCode', {
    saleId,
    code,
    source: 'scanner',
    ...(amount === undefined ? {} : { amount }),
  });
  expect(attempt.state).toBe('succeeded');
  return call('sales.get', { saleId });
}
const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

test('a full shift: every tender, a split sale, a partial return; X = Z, the variance and the totals to the fen', async () => {
  writeFileSync(
    join(till.dir, 'providers.json'),
    JSON.stringify({
      providers: [gatewayProvider(till.gateway.url, { wallets: ['wechat', 'alipay'] }), bankQrProvider],
    }),
  );
  const terminal = await openTerminal({
    dataDir: till.dir,
    paymentTimeoutMs: 4_000,
    paymentPollIntervalsMs: [50, 100, 200],
    cashRounding: { CNY: 'down-0.10' },
    shiftConfig: { required: true, varianceToleranceMinor: 5 },
  });
  till.terminal = terminal;
  // ¥100 ×1, ¥20 ×1, ¥1 ×2 = ¥122.00
  const opened = await call('shift.open', {
    count: [
      { value: 10_000, count: 1 },
      { value: 2_000, count: 1 },
      { value: 100, count: 2 },
    ],
  });
  const openingFloat = opened.open!.openingFloat;
  expect(openingFloat).toBe(12_200);

  // cash, with change
  const cash = await ticket([[BAIJIU, 1]]);
  const s1 = await call('sale.complete', { saleId: cash.id, tender: { method: 'cash', tendered: 3_000 } });
  // a wallet's customer code
  const s2 = await payByCode((await ticket([[TART, 2]])).id, 'wechat');
  // a bank QR the cashier confirms
  const bank = await ticket([[WATER, 1]]);
  const qr = await call('payment.showQr', { saleId: bank.id, providerId: 'bank-qr' });
  await call('payment.confirmByCashier', { attemptId: qr.id });
  const s3 = await call('sales.get', { saleId: bank.id });
  // split: ¥50 cash, the rest by Alipay
  const split = await ticket([[BAIJIU, 3]]);
  await call('sale.payCash', { saleId: split.id, tendered: 5_000, amount: 5_000 });
  const s4 = await payByCode(split.id, 'alipay');
  // cash rounded down to the jiao: a tart less 0.64 is 5.36, cash takes 5.30
  const rounded = await ticket([[TART, 1]]);
  await call('sale.setTicketDiscount', { saleId: rounded.id, discount: { kind: 'amount', amount: 64 } });
  const s5 = await call('sale.complete', { saleId: rounded.id, tender: { method: 'cash', tendered: 1_000 } });
  const sales = [s1, s2, s3, s4, s5];
  for (const s of sales) expect(s.state).toBe('completed');

  // a ticket voided before any payment, the drawer's movements
  const voided = await ticket([[WATER, 2]]);
  await call('sale.void', { saleId: voided.id });
  await call('shift.cashMove', { kind: 'in', amount: 5_000, reason: 'coins from the bank' });
  await call('shift.cashMove', { kind: 'out', amount: 1_000, reason: 'window cleaner' });
  await call('shift.noSale', { reason: 'check a note' });

  // a partial return of the split sale (the hub has not got it yet: within the unsynced cash limit) ...
  const returned = await call('sale.return', {
    saleId: s4.id,
    returnId: randomUUID(),
    lines: [{ lineId: s4.lines[0]!.id, quantity: 1 }],
    reason: 'one bottle too many',
  });
  expect(returned.amount.amount).toBe(2_800);
  // ... and a full refund of the wallet sale once the hub has it
  till.sql((db) =>
    db
      .prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, hub_seq = 1 WHERE idempotency_key = ?`)
      .run(new Date().toISOString(), `sale:${s2.id}`),
  );
  const refund = await call('sale.refund', { saleId: s2.id, reason: 'changed mind' });
  const refunds: RefundDto[] = [...returned.refunds, refund];
  for (const r of refunds) expect(r.state).toBe('refunded');

  // what the drawer should hold, from the API's own answers
  const cashTaken = sum(
    sales.flatMap((s) => s.payments.filter((p) => p.method === 'cash').map((p) => p.amount.amount)),
  );
  const cashBack = sum(refunds.filter((r) => r.method === 'cash').map((r) => r.amount.amount));
  const expected = openingFloat + cashTaken - cashBack + 5_000 - 1_000;
  expect(cashTaken).toBe(2_800 + 5_000 + 530);

  const x = (await call('shift.xReport', {})).report;
  expect(x.totals.cash).toMatchObject({
    openingFloat,
    sales: cashTaken,
    refunds: cashBack,
    cashIn: 5_000,
    cashOut: 1_000,
    noSales: 1,
    expected,
  });
  // the sales: their totals, their tenders (each payment once), the rounding the shop wrote off
  expect(x.totals.sales).toEqual({
    count: sales.length,
    total: sum(sales.map((s) => s.totals.total.amount)),
  });
  const payments = sales.flatMap((s) => s.payments);
  expect(sum(x.totals.tenders.map((t) => t.amount))).toBe(sum(payments.map((p) => p.amount.amount)));
  expect(sum(x.totals.tenders.map((t) => t.count))).toBe(payments.length);
  expect(x.totals.tenders).toEqual(
    expect.arrayContaining([
      { tender: 'cash', name: null, count: 3, amount: cashTaken },
      { tender: 'wallet', name: 'wechat', count: 1, amount: 1_200 },
      { tender: 'wallet', name: 'alipay', count: 1, amount: 3_400 },
      expect.objectContaining({ tender: 'bank-qr', count: 1, amount: 200 }),
    ]),
  );
  expect(x.totals.rounding).toEqual({ count: 1, amount: -6 });
  // tenders - rounding = what the sales were worth
  expect(sum(x.totals.tenders.map((t) => t.amount)) - (x.totals.rounding?.amount ?? 0)).toBe(
    x.totals.sales.total,
  );
  expect(x.totals.refunds).toMatchObject({
    count: refunds.length,
    amount: sum(refunds.map((r) => r.amount.amount)),
  });
  expect(x.totals.voids).toEqual({ count: 1, amount: voided.totals.total.amount });
  expect(x.totals.receipts).toEqual({ first: s1.number, last: s5.number });
  expect(sum(x.totals.taxes.map((t) => t.total))).toBe(x.totals.sales.total);
  expect(sum(x.totals.byHour.map((h) => h.amount))).toBe(x.totals.sales.total);

  // the blind count: ¥200 + ¥20 + ¥5 + ¥1 ×3 + ¥0.5 + ¥0.1 = ¥228.60
  const count = [
    { value: 10_000, count: 2 },
    { value: 2_000, count: 1 },
    { value: 500, count: 1 },
    { value: 100, count: 3 },
    { value: 50, count: 1 },
    { value: 10, count: 1 },
  ];
  const counted = sum(count.map((c) => c.value * c.count));
  const z = await call('shift.close', { count });
  expect(z.report.totals).toEqual(x.totals);
  expect(z.report.close).toMatchObject({ counted, variance: counted - expected });
  expect(counted - expected).toBe(-3);
  expect((await fails('sale.start', {})).code).toBe('shift.not_open');
});
