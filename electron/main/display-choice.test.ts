import { describe, expect, it } from 'vitest';
import { chooseCustomerDisplay, readCustomerDisplaySetting, type DisplayInfo } from './display-choice.js';

const display = (id: number, x = 0): DisplayInfo => ({ id, bounds: { x, y: 0, width: 1920, height: 1080 } });

describe('readCustomerDisplaySetting', () => {
  it('reads auto, off and a display id; refuses anything else with what is allowed', () => {
    expect(readCustomerDisplaySetting(undefined)).toBe('auto');
    expect(readCustomerDisplaySetting(' Auto ')).toBe('auto');
    expect(readCustomerDisplaySetting('OFF')).toBe('off');
    expect(readCustomerDisplaySetting('2528732444')).toEqual({ displayId: 2528732444 });
    expect(() => readCustomerDisplaySetting('left')).toThrow(/auto, off or a display id/);
    expect(() => readCustomerDisplaySetting('-1')).toThrow(/auto, off or a display id/);
  });
});

describe('chooseCustomerDisplay', () => {
  it('puts it on the first display that is not the primary, else in a window', () => {
    expect(chooseCustomerDisplay('auto', [display(1), display(2, 1920)], 1)).toEqual({
      kind: 'display',
      display: display(2, 1920),
    });
    expect(chooseCustomerDisplay('auto', [display(1)], 1)).toEqual({ kind: 'window' });
  });

  it('uses the configured display while it is plugged in, and falls back when it is not', () => {
    const three = [display(1), display(2, 1920), display(3, 3840)];
    expect(chooseCustomerDisplay({ displayId: 3 }, three, 1)).toEqual({
      kind: 'display',
      display: display(3, 3840),
    });
    expect(chooseCustomerDisplay({ displayId: 3 }, [display(1), display(2, 1920)], 1)).toEqual({
      kind: 'display',
      display: display(2, 1920),
    });
    expect(chooseCustomerDisplay({ displayId: 3 }, [display(1)], 1)).toEqual({ kind: 'window' });
    // the primary itself may be chosen on purpose (a till whose cashier screen is the secondary)
    expect(chooseCustomerDisplay({ displayId: 1 }, three, 1)).toEqual({
      kind: 'display',
      display: display(1),
    });
  });

  it('opens nothing when off', () => {
    expect(chooseCustomerDisplay('off', [display(1), display(2)], 1)).toEqual({ kind: 'off' });
  });
});
