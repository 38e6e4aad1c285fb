import { describe, expect, it } from 'vitest';
import { emptyTopUp, pressTopUpKey, topUpFigures, type TopUpEntry } from './top-up-entry.js';

const press = (entry: TopUpEntry, ...keys: string[]) => keys.reduce(pressTopUpKey, entry);

describe('top-up entry', () => {
  it('the tendered cash follows the amount until the cashier types it', () => {
    const entry = press(emptyTopUp, '5', '0', '0', '0');
    expect(topUpFigures(entry)).toEqual({ amount: 5000, tendered: 5000, change: 0, canStart: true });
  });
  it('typing the tendered amount shows the change, or withholds the start when short', () => {
    const amount = press(emptyTopUp, '5', '0', '00');
    const tendered = press({ ...amount, field: 'tendered' }, '1', '0', '0', '00');
    expect(topUpFigures(tendered)).toEqual({ amount: 5000, tendered: 10000, change: 5000, canStart: true });
    const short = press({ ...amount, field: 'tendered' }, '2', '0', '00');
    expect(topUpFigures(short)).toMatchObject({ change: -3000, canStart: false });
  });
  it('nothing to put on the card cannot start; clear and backspace edit the field in use', () => {
    expect(topUpFigures(emptyTopUp).canStart).toBe(false);
    const entry = press(emptyTopUp, '1', '2', '3', 'backspace');
    expect(entry.amountDigits).toBe('12');
    expect(press(entry, 'clear').amountDigits).toBe('');
    const cleared = press({ ...entry, field: 'tendered' }, 'clear');
    expect(topUpFigures(cleared)).toMatchObject({ tendered: 0, canStart: false });
  });
});
