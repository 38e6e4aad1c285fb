import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { saleDto, type SaleDto } from '../shared/dto.js';
import { callsOf } from './call.test-util.js';
import { bankQrProvider } from './payments/providers.test-util.js';
import { openTerminal, type Terminal } from './terminal.js';

const WATER = '6901234567892'; // 矿泉水 550ml (Mineral Water 550 ml), 2.00 CNY

let dir: string;
let terminal: Terminal | undefined;
/** every sale.changed, in order, and each event's name in order (to see where sale.changed falls) */
let changes: SaleDto[];
let order: string[];

async function open(): Promise<Terminal> {
  terminal = await openTerminal({ dataDir: dir, paymentPollIntervalsMs: [50, 100] });
  changes = [];
  order = [];
  terminal.onEvent((event, payload) => {
    order.push(event);
    if (event === 'sale.changed') changes.push(payload);
  });
  return terminal;
}
const { call, fails } = callsOf(() => terminal);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-sale-changed-'));
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The last sale.changed equals what the call answered and what the store now holds. */
async function expectAnnounced(answered: SaleDto, count: number): Promise<void> {
  expect(changes).toHaveLength(count);
  const last = changes.at(-1)!;
  expect(saleDto.parse(last)).toEqual(last);
  expect(last).toEqual(answered);
  expect(last).toEqual(await call('sales.get', { saleId: answered.id }));
}

describe('sale.changed', () => {
  test('follows every change of the open ticket, up to its cash completion', async () => {
    await open();
    const [member] = await call('member.list', {});
    const started = await call('sale.start', {});
    await expectAnnounced(started, 1);
    const scanned = await call('sale.scan', { saleId: started.id, barcode: WATER });
    await expectAnnounced(scanned, 2);
    const lineId = scanned.lines[0]!.id;
    await expectAnnounced(await call('sale.setQuantity', { saleId: started.id, lineId, quantity: 3 }), 3);
    await expectAnnounced(
      await call('sale.setLineDiscount', {
        saleId: started.id,
        lineId,
        discount: { kind: 'amount', amount: 50 },
      }),
      4,
    );
    await expectAnnounced(
      await call('sale.setTicketDiscount', { saleId: started.id, discount: { kind: 'percent', bps: 1000 } }),
      5,
    );
    await expectAnnounced(await call('sale.setCustomer', { saleId: started.id, customerId: member!.id }), 6);
    expect(changes.at(-1)!.customer?.id).toBe(member!.id);
    await expectAnnounced(await call('sale.setCustomer', { saleId: started.id, customerId: null }), 7);
    const product = (await call('catalog.search', { query: '', limit: 1 }))[0]!;
    await expectAnnounced(await call('sale.addProduct', { saleId: started.id, productId: product.id }), 8);
    const due = changes.at(-1)!.totals.total.amount;
    const done = await call('sale.complete', {
      saleId: started.id,
      tender: { method: 'cash', tendered: due + 1_000 },
    });
    await expectAnnounced(done, 9);
    expect(changes.at(-1)).toMatchObject({ state: 'completed' });
    expect(changes.at(-1)!.payments[0]).toMatchObject({ method: 'cash', change: { amount: 1_000 } });
  });

  test('a refused change announces nothing; a void is announced', async () => {
    await open();
    const sale = await call('sale.start', {});
    expect((await fails('sale.scan', { saleId: sale.id, barcode: '4006381333931' })).code).toBe(
      'catalog.unknown_barcode',
    );
    expect(
      (await fails('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 0 } })).code,
    ).toBe('sale.empty');
    expect(changes).toHaveLength(1);
    const voided = await call('sale.void', { saleId: sale.id });
    await expectAnnounced(voided, 2);
    expect(voided.state).toBe('voided');
  });

  test('a wallet payment that completes the sale announces the completed sale', async () => {
    writeFileSync(join(dir, 'providers.json'), JSON.stringify({ providers: [bankQrProvider] }));
    await open();
    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    expect(await call('payment.current', {})).toBeNull();
    const attempt = await call('payment.showQr', { saleId: sale.id, providerId: 'bank-qr' });
    // a screen opened now finds the QR that is up
    expect(await call('payment.current', {})).toEqual(attempt);
    const before = changes.length;
    await call('payment.confirmByCashier', { attemptId: attempt.id });
    expect(changes).toHaveLength(before + 1);
    expect(changes.at(-1)).toMatchObject({ id: sale.id, state: 'completed' });
    expect(changes.at(-1)!.payments[0]).toMatchObject({ method: 'wallet', wallet: 'duitnow' });
    expect(await call('payment.current', {})).toBeNull();
    // the ticket is announced complete before the attempt's own succeeded event
    const saleAt = order.lastIndexOf('sale.changed');
    expect(order.indexOf('payment.changed', saleAt)).toBeGreaterThan(saleAt);
  });
});
