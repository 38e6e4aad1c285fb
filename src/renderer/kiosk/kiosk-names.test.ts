import { describe, expect, it } from 'vitest';
import { localName } from './kiosk-names.js';

describe('localName', () => {
  it('shows the name in the terminal language and the second name in the other', () => {
    const cola = { name: '可口可乐 330ml', altName: 'Coca-Cola 330 ml' };
    expect(localName(cola, false)).toBe('可口可乐 330ml');
    expect(localName(cola, true)).toBe('Coca-Cola 330 ml');
  });

  it('falls back to the name when the shop gave no second name', () => {
    expect(localName({ name: '矿泉水' }, true)).toBe('矿泉水');
    expect(localName({ name: '矿泉水', altName: null }, true)).toBe('矿泉水');
  });
});
