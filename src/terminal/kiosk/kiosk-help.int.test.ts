import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { KioskStatusDto } from '../../shared/kiosk-dto.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal, type TerminalEvent } from '../terminal.js';
import { BEER, kioskSeed, markNeedsStaff, WATER, WINE } from './kiosk.test-util.js';

/**
 * Help requests and staff checks on a real data folder: Call staff, the automatic request for an item that
 * needs a staff check, the payment gate, clearing with the staff PIN, and all of it across a restart.
 */
let dir: string;
let terminal: Terminal | undefined;
let heard: TerminalEvent[] = [];
const { call, fails } = callsOf(() => terminal);
const PIN = '2468';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-kiosk-help-'));
  const first = await openTerminal({ dataDir: dir, seed: kioskSeed, start: false });
  await first.setStaffPin(PIN);
  await first.close();
  markNeedsStaff(join(dir, 'tillpoint.db'));
  await open();
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<void> {
  await terminal?.close();
  heard = [];
  terminal = await openTerminal({ dataDir: dir, kiosk: true, demo: true, gatewayUrl: 'http://127.0.0.1:9' });
  terminal.onEvent((...event) => heard.push(event));
}

const lastKioskChange = (): KioskStatusDto | undefined =>
  heard.filter(([e]) => e === 'kiosk.changed').at(-1)?.[1] as KioskStatusDto | undefined;
const lineOf = (sale: { lines: { id: string; sku: string }[] }, sku: string) =>
  sale.lines.find((l) => l.sku === sku)!.id;

describe('help requests', () => {
  test('Call staff raises one request, kept across a restart, cleared by the staff PIN', async () => {
    const raised = await call('kiosk.callStaff', {});
    expect(raised.help).toMatchObject({ reason: 'customer', lineIds: [] });
    expect(lastKioskChange()).toEqual(raised);
    // pressed again: the same request, not a second one
    expect((await call('kiosk.callStaff', {})).help?.id).toBe(raised.help?.id);

    await open();
    expect((await call('kiosk.status', {})).help).toEqual(raised.help);

    expect((await fails('kiosk.staffClear', { pin: '0000' })).code).toBe('kiosk.pin_wrong');
    expect((await call('kiosk.status', {})).help).toEqual(raised.help);
    const cleared = await call('kiosk.staffClear', { pin: PIN });
    expect(cleared.help).toBeNull();
    expect(lastKioskChange()).toEqual(cleared);
    await open();
    expect((await call('kiosk.status', {})).help).toBeNull();
  });

  test('an item that needs a staff check raises a request and holds back every payment until staff approve', async () => {
    let sale = await call('sale.start', {});
    sale = await call('sale.scan', { saleId: sale.id, barcode: WATER });
    expect((await call('kiosk.status', {})).needsStaffLineIds).toEqual([]);
    sale = await call('sale.scan', { saleId: sale.id, barcode: BEER });
    const beer = lineOf(sale, 'K-002');
    const status = await call('kiosk.status', {});
    expect(status.needsStaffLineIds).toEqual([beer]);
    expect(status.help).toMatchObject({ reason: 'needsStaff', lineIds: [beer] });
    expect(lastKioskChange()).toEqual(status);

    for (const [name, params] of [
      ['payment.chargeCode', { saleId: sale.id, code: '134567890123456789', source: 'scanner' }],
      ['payment.showQr', { saleId: sale.id, providerId: 'sandbox' }],
      ['svcard.payBegin', { saleId: sale.id }],
    ] as const) {
      const refused = await fails(name, params);
      expect(refused, name).toMatchObject({ code: 'kiosk.staff_needed', details: { lineIds: [beer] } });
    }
    // nothing was started: no attempt, the basket still open
    expect(await call('payment.current', {})).toBeNull();

    // a restart keeps the request and the gate
    await open();
    expect((await call('kiosk.status', {})).help).toEqual(status.help);
    expect((await fails('svcard.payBegin', { saleId: sale.id })).code).toBe('kiosk.staff_needed');

    const approved = await call('kiosk.staffClear', { pin: PIN });
    expect(approved).toMatchObject({ help: null, needsStaffLineIds: [] });
    // approved lines stay approved when their quantity changes
    sale = await call('sale.setQuantity', { saleId: sale.id, lineId: beer, quantity: 3 });
    sale = await call('sale.scan', { saleId: sale.id, barcode: BEER });
    expect((await call('kiosk.status', {})).needsStaffLineIds).toEqual([]);
    const session = await call('svcard.payBegin', { saleId: sale.id });
    expect(session.state).toBe('waiting');
    await call('svcard.cancel', { sessionId: session.id });

    // a new line that needs a check needs a new approval
    sale = await call('sale.scan', { saleId: sale.id, barcode: WINE });
    const wine = lineOf(sale, 'K-003');
    expect(await call('kiosk.status', {})).toMatchObject({
      needsStaffLineIds: [wine],
      help: { reason: 'needsStaff', lineIds: [wine] },
    });
    expect((await fails('svcard.payBegin', { saleId: sale.id })).code).toBe('kiosk.staff_needed');

    // taking the item off again leaves nothing to check: the request ends
    await call('sale.setQuantity', { saleId: sale.id, lineId: wine, quantity: 0 });
    expect(await call('kiosk.status', {})).toMatchObject({ needsStaffLineIds: [], help: null });
  });

  test('Call staff followed by an item that needs a check: one request, for the check', async () => {
    await call('kiosk.callStaff', {});
    let sale = await call('sale.start', {});
    sale = await call('sale.scan', { saleId: sale.id, barcode: BEER });
    const status = await call('kiosk.status', {});
    expect(status.help).toMatchObject({ reason: 'needsStaff', lineIds: [lineOf(sale, 'K-002')] });
  });

  test('voiding or completing the sale ends its help request', async () => {
    let sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: BEER });
    expect((await call('kiosk.status', {})).help).not.toBeNull();
    await call('sale.void', { saleId: sale.id });
    expect(await call('kiosk.status', {})).toMatchObject({ help: null, needsStaffLineIds: [] });
    expect(lastKioskChange()).toMatchObject({ help: null });

    sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    await call('kiosk.callStaff', {});
    await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 500 } });
    expect((await call('kiosk.status', {})).help).toBeNull();
  });
});
