import { describe, expect, it } from 'vitest';
import { createKeypadLog, keypadKeyFor } from './keypad-keys.js';

describe('keypadKeyFor', () => {
  it('maps digits, Backspace and Delete to the keypad and nothing else', () => {
    expect(['0', '5', '9'].map(keypadKeyFor)).toEqual(['0', '5', '9']);
    expect(keypadKeyFor('Backspace')).toBe('backspace');
    expect(keypadKeyFor('Delete')).toBe('clear');
    for (const key of ['a', '.', '-', 'Enter', 'Escape', 'Shift', '12', ' '])
      expect(keypadKeyFor(key)).toBeNull();
  });
});

describe('createKeypadLog', () => {
  it('hands back the entry from before a scan’s first key and forgets the keys it took back', () => {
    const log = createKeypadLog<string>();
    log.typed(100, ''); // a person typed "5" at 100
    log.typed(300, '5'); // the scan's first digit at 300
    log.typed(310, '56');
    expect(log.undoFrom(300)).toEqual({ before: '5' });
    // A later scan that typed nothing more into the keypad has nothing to take back.
    expect(log.undoFrom(400)).toBeNull();
    expect(log.undoFrom(100)).toEqual({ before: '' });
  });
  it('has nothing to undo for a scan that started after every typed key', () => {
    const log = createKeypadLog<string>();
    log.typed(10, '');
    expect(log.undoFrom(20)).toBeNull();
  });
});
