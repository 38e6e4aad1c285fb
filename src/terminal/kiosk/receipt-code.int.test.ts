import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { parseReceiptCode } from '../../core/receipt-code.js';
import type { SaleDto } from '../../shared/dto.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { kioskSeed, WATER } from './kiosk.test-util.js';

/** Every completed sale gets its receipt code in the completing transaction; a cashier finds the sale by it. */
let dir: string;
let terminal: Terminal | undefined;
const { call } = callsOf(() => terminal);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-receipt-code-'));
  terminal = await openTerminal({ dataDir: dir, seed: kioskSeed });
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function sell(): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  return call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 200 } });
}

test('completed sales carry unique receipt codes, announced and found again; a typo finds nothing', async () => {
  const announced: SaleDto[] = [];
  terminal!.onEvent((event, payload) => {
    if (event === 'sale.changed') announced.push(payload);
  });
  const open = await call('sale.start', {});
  expect(open.receiptCode).toBeNull();
  await call('sale.void', { saleId: open.id });
  const sales = [await sell(), await sell(), await sell()];
  const codes = sales.map((s) => s.receiptCode);
  expect(new Set(codes).size).toBe(3);
  const { terminalId } = await call('terminal.info', {});
  sales.forEach((sale) => {
    expect(sale.receiptCode).toMatch(new RegExp(`^[0-9A-Z]{5}-${sale.number}-[0-9A-Z]$`));
    expect(parseReceiptCode(sale.receiptCode!)).toBe(sale.receiptCode);
  });
  expect(terminalId).toBeTruthy();
  expect(announced.filter((s) => s.state === 'completed').map((s) => s.receiptCode)).toEqual(codes);
  expect((await call('sales.get', { saleId: sales[1]!.id })).receiptCode).toBe(codes[1]);

  const code = codes[1]!;
  expect((await call('sales.list', { query: code })).map((s) => s.id)).toEqual([sales[1]!.id]);
  // as a cashier types it off a crumpled receipt
  const typed = code.toLowerCase().replace(/-/g, ' ');
  expect((await call('sales.list', { query: typed })).map((s) => s.id)).toEqual([sales[1]!.id]);
  // one character changed (the receipt number 2 -> 3 names a real sale): the check character refuses it
  const typo = code.replace(/-2-/, '-3-');
  expect(typo).not.toBe(code);
  expect(await call('sales.list', { query: typo })).toEqual([]);
  // the receipt number alone still finds its sale
  expect((await call('sales.list', { query: '2' })).map((s) => s.id)).toEqual([sales[1]!.id]);
});
