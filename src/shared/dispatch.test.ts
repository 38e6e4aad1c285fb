import { describe, expect, it } from 'vitest';
import { methodNames, methods, readMethodNames, type Handlers, type MethodName } from './contract.js';
import { createDispatcher } from './dispatch.js';

/** Handlers that record which method ran and answer nothing useful: the dispatcher's checks are under test. */
function recordingHandlers() {
  const ran: MethodName[] = [];
  const handlers = Object.fromEntries(
    methodNames.map((name) => [
      name,
      () => {
        ran.push(name);
        return null;
      },
    ]),
  ) as unknown as Handlers;
  return { ran, handlers };
}

describe('method access', () => {
  it('every method of the table declares read, self or write', () => {
    for (const name of methodNames) {
      expect(['read', 'self', 'write'], name).toContain(methods[name].access);
    }
  });

  it('a kiosk caller gets its own basket, its payment and the kiosk, nothing of the cashier', () => {
    const self = methodNames.filter((name) => methods[name].access === 'self').sort();
    expect(self).toEqual(
      [
        // bills: a customer at the kiosk pays their own bill (the list of all bill payments is the cashier's)
        'bill.billers',
        'bill.confirm',
        'bill.get',
        'bill.lookup',
        'bill.pay',
        'kiosk.adminExit',
        'kiosk.callStaff',
        'kiosk.reset',
        'kiosk.staffClear',
        'kiosk.status',
        'payment.cancel',
        'payment.chargeCode',
        'payment.showQr',
        'sale.addProduct',
        'sale.scan',
        'sale.setQuantity',
        'sale.start',
        'svcard.cancel',
        'svcard.confirm',
        'svcard.get',
        'svcard.payBegin',
      ].sort(),
    );
    // no cash, no discounts, no void without reversing first, no refunds, history, members or sync
    for (const name of [
      'sale.complete',
      'sale.setLineDiscount',
      'sale.void',
      'sale.refund',
      'sales.list',
    ] as const) {
      expect(methods[name].access, name).toBe('write');
    }
  });

  it('a read-only caller gets only what the customer display shows', () => {
    // terminal.info: shop name, currency and language; sale.current: the ticket when the display (re)opens;
    // payment.current / payment.get / payment.options: the QR (also when opened mid-payment), its progress
    // and the tender promotions; catalog.*: prices
    // already on the shelf (the kiosk will browse them). Not sales history, members, sync or diagnostics.
    expect([...readMethodNames].sort()).toEqual(
      [
        // the bill being confirmed: amount, late fee and masked name, for the customer to check
        'bill.current',
        'catalog.categories',
        'catalog.search',
        'catalog.taxRates',
        'payment.current',
        'payment.get',
        'payment.options',
        'sale.current',
        'terminal.info',
      ].sort(),
    );
  });
});

describe('dispatch with a call context', () => {
  it('refuses every write method to a read caller with forbidden, before params or handler', async () => {
    const { ran, handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers, () => undefined);
    const writes = methodNames.filter((name) => !(readMethodNames as readonly MethodName[]).includes(name));
    expect(writes).toContain('sale.addProduct');
    for (const name of writes) {
      // params that would not even parse: the refusal must come first and say nothing about them
      const result = await dispatch(name, { nonsense: true }, { capability: 'read' });
      expect(result, name).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'This screen can only show the sale; it cannot change it.',
          details: { method: name },
        },
      });
    }
    expect(ran).toEqual([]);
  });

  it('lets a read caller call a read method and a full caller any method', async () => {
    const { ran, handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers, () => undefined);
    expect(await dispatch('sale.current', {}, { capability: 'read' })).toEqual({ ok: true, value: null });
    expect(await dispatch('sale.start', {}, { capability: 'full' })).toEqual({ ok: true, value: null });
    expect(await dispatch('sale.start', {})).toEqual({ ok: true, value: null });
    expect(ran).toEqual(['sale.current', 'sale.start', 'sale.start']);
  });

  it('refuses a cashier method to a kiosk caller with forbidden in its own words, lets it use its basket', async () => {
    const { ran, handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers, () => undefined);
    const refused = await dispatch('sale.complete', { nonsense: true }, { capability: 'kiosk' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'A self-service kiosk cannot do this; ask a member of staff.',
        details: { method: 'sale.complete' },
      },
    });
    expect(await dispatch('sale.start', {}, { capability: 'kiosk' })).toEqual({ ok: true, value: null });
    expect(await dispatch('terminal.info', {}, { capability: 'kiosk' })).toEqual({ ok: true, value: null });
    expect(ran).toEqual(['sale.start', 'terminal.info']);
  });

  it('still answers invalid_params to a read caller of a read method', async () => {
    const { ran, handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers, () => undefined);
    const result = await dispatch('payment.get', { attemptId: 'x' }, { capability: 'read' });
    expect(result.ok ? null : result.error.code).toBe('invalid_params');
    expect(ran).toEqual([]);
  });
});
