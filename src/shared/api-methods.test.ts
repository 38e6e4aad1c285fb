import { describe, expect, it } from 'vitest';
import { kioskApiMethods, readApiMethods } from './api-methods.js';
import { methods, type MethodName } from './contract.js';
import { ok } from './result.js';

/** The loops the preloads are built from: which methods each window's bridge has, by the table's access. */

const calls: [MethodName, unknown][] = [];
const call = (method: MethodName, params: unknown) => {
  calls.push([method, params]);
  return Promise.resolve(ok(null));
};

describe('kioskApiMethods', () => {
  it('has exactly the read and self methods, none of the cashier’s', () => {
    const api = kioskApiMethods(call) as unknown as Record<string, unknown>;
    const expected = Object.entries(methods)
      .filter(([, entry]) => entry.access === 'read' || entry.access === 'self')
      .map(([name]) => name);
    expect(Object.keys(api).sort()).toEqual(expected.sort());
    for (const name of ['sale.start', 'sale.scan', 'kiosk.adminExit', 'kiosk.reset', 'sale.current']) {
      expect(api, name).toHaveProperty([name]);
    }
    for (const name of [
      'sale.complete',
      'sale.refund',
      'sales.list',
      'sync.status',
      'sale.void',
      'payment.confirmByCashier',
    ]) {
      expect(api[name], name).toBeUndefined();
    }
  });

  it('carries a call with its params ({} when none) through the transport', async () => {
    calls.length = 0;
    const api = kioskApiMethods(call);
    await api['kiosk.staffClear']({ pin: '1234' });
    await (api['sale.start'] as (p?: unknown) => Promise<unknown>)();
    expect(calls).toEqual([
      ['kiosk.staffClear', { pin: '1234' }],
      ['sale.start', {}],
    ]);
  });

  it('gives the kiosk more than the customer display and the display nothing the kiosk lacks', () => {
    const kiosk = Object.keys(kioskApiMethods(call));
    const display = Object.keys(readApiMethods(call));
    expect(kiosk).toEqual(expect.arrayContaining(display));
    expect(kiosk.length).toBeGreaterThan(display.length);
  });
});
