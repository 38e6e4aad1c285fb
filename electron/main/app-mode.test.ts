import { describe, expect, it } from 'vitest';
import { readAppMode, windowsFor } from './app-mode.js';

describe('readAppMode', () => {
  it('is the cashier unless TILLPOINT_KIOSK=1 or --kiosk says kiosk', () => {
    expect(readAppMode(undefined, ['/opt/Tillpoint/tillpoint'])).toBe('cashier');
    expect(readAppMode('', [])).toBe('cashier');
    expect(readAppMode('0', [])).toBe('cashier');
    expect(readAppMode('1', [])).toBe('kiosk');
    expect(readAppMode(' 1 ', [])).toBe('kiosk');
    expect(readAppMode(undefined, ['/opt/Tillpoint/tillpoint', '--kiosk'])).toBe('kiosk');
  });

  it('refuses a value it cannot read instead of guessing which screen a customer gets', () => {
    for (const value of ['yes', 'true', '2', 'kiosk']) {
      expect(() => readAppMode(value, [])).toThrow(/TILLPOINT_KIOSK must be 1 .* or 0/);
    }
  });
});

describe('windowsFor', () => {
  it('opens the cashier with the customer display as set', () => {
    expect(windowsFor('cashier', 'auto')).toEqual({ main: 'cashier', customerDisplay: 'auto' });
    expect(windowsFor('cashier', { displayId: 7 })).toEqual({
      main: 'cashier',
      customerDisplay: { displayId: 7 },
    });
  });

  it('opens the kiosk alone: no cashier window and no customer display, whatever the setting', () => {
    expect(windowsFor('kiosk', 'auto')).toEqual({ main: 'kiosk', customerDisplay: 'off' });
    expect(windowsFor('kiosk', { displayId: 7 })).toEqual({ main: 'kiosk', customerDisplay: 'off' });
  });
});
