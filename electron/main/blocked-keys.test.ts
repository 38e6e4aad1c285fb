import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlockedKey, type KeyInput } from './blocked-keys.js';

/** A keyDown as Electron's before-input-event reports it; only the fields named differ from "no modifier". */
const key = (k: string, code: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  code,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...mods,
});
const linux = { platform: 'linux', devToolsAllowed: false } as const;
const mac = { platform: 'darwin', devToolsAllowed: false } as const;

describe('isBlockedKey on Linux and Windows', () => {
  it.each([
    ['F5', key('F5', 'F5')],
    ['Ctrl+R', key('r', 'KeyR', { control: true })],
    ['Ctrl+Shift+R', key('R', 'KeyR', { control: true, shift: true })],
    ['F12', key('F12', 'F12')],
    ['Ctrl+Shift+I', key('I', 'KeyI', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', 'KeyJ', { control: true, shift: true })],
    ['Ctrl+Shift+C', key('C', 'KeyC', { control: true, shift: true })],
    ['Ctrl++', key('+', 'Equal', { control: true, shift: true })],
    ['Ctrl+=', key('=', 'Equal', { control: true })],
    ['Ctrl+-', key('-', 'Minus', { control: true })],
    ['Ctrl+0', key('0', 'Digit0', { control: true })],
    ['Ctrl+numpad +', key('+', 'NumpadAdd', { control: true })],
    ['Ctrl+numpad -', key('-', 'NumpadSubtract', { control: true })],
    // An AZERTY keyboard: the physical KeyI still opens DevTools in Chromium.
    ['Ctrl+Shift+I by its physical key', key('Dead', 'KeyI', { control: true, shift: true })],
  ])('swallows %s', (_name, input) => {
    expect(isBlockedKey(input, linux)).toBe(true);
  });

  it.each([
    ['Ctrl+C (copy)', key('c', 'KeyC', { control: true })],
    ['Ctrl+V (paste)', key('v', 'KeyV', { control: true })],
    ['Ctrl+A (select all)', key('a', 'KeyA', { control: true })],
    ['a digit from a barcode scanner', key('6', 'Digit6')],
    ['Enter after a scan', key('Enter', 'Enter')],
    ['a plain "r" typed into search', key('r', 'KeyR')],
    ['Shift+I (a capital I)', key('I', 'KeyI', { shift: true })],
    ['a plain "+" on the keypad', key('+', 'NumpadAdd')],
    ['Cmd+R is not a Linux accelerator', key('r', 'KeyR', { meta: true })],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedKey(input, linux)).toBe(false);
  });

  it('leaves the DevTools keys alone when development allows DevTools, but still no reload or zoom', () => {
    const dev = { platform: 'linux', devToolsAllowed: true } as const;
    expect(isBlockedKey(key('I', 'KeyI', { control: true, shift: true }), dev)).toBe(false);
    expect(isBlockedKey(key('F12', 'F12'), dev)).toBe(false);
    expect(isBlockedKey(key('r', 'KeyR', { control: true }), dev)).toBe(true);
    expect(isBlockedKey(key('=', 'Equal', { control: true }), dev)).toBe(true);
  });
});

describe('isBlockedKey on macOS', () => {
  it.each([
    ['Cmd+R', key('r', 'KeyR', { meta: true })],
    ['Cmd+Alt+I', key('ˆ', 'KeyI', { meta: true, alt: true })],
    ['Cmd+Alt+J', key('∆', 'KeyJ', { meta: true, alt: true })],
    ['Cmd+Shift+C', key('C', 'KeyC', { meta: true, shift: true })],
    ['Cmd+=', key('=', 'Equal', { meta: true })],
    ['F12', key('F12', 'F12')],
  ])('swallows %s', (_name, input) => {
    expect(isBlockedKey(input, mac)).toBe(true);
  });

  it('lets Cmd+C and Ctrl+R through (Ctrl is no accelerator there)', () => {
    expect(isBlockedKey(key('c', 'KeyC', { meta: true }), mac)).toBe(false);
    expect(isBlockedKey(key('r', 'KeyR', { control: true }), mac)).toBe(false);
  });
});

describe('isBlockedKey on arbitrary input', () => {
  it('never blocks a key pressed without Ctrl or Cmd, except F5 and F12', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('linux', 'win32', 'darwin'),
        (k, code, shift, alt, platform) => {
          const input = key(k, code, { shift, alt });
          const expected = ['F5', 'F12'].includes(k) || ['F5', 'F12'].includes(code);
          expect(isBlockedKey(input, { platform, devToolsAllowed: false })).toBe(expected);
        },
      ),
    );
  });
});

describe('isBlockedKey on a kiosk', () => {
  const kiosk = { ...linux, kiosk: true } as const;
  const kioskMac = { ...mac, kiosk: true } as const;

  it.each([
    ['Alt+F4', key('F4', 'F4', { alt: true }), kiosk],
    ['F11', key('F11', 'F11'), kiosk],
    ['Ctrl+W', key('w', 'KeyW', { control: true }), kiosk],
    ['Ctrl+Q', key('q', 'KeyQ', { control: true }), kiosk],
    ['Ctrl+P', key('p', 'KeyP', { control: true }), kiosk],
    ['Ctrl+N', key('n', 'KeyN', { control: true }), kiosk],
    ['Alt+Left', key('ArrowLeft', 'ArrowLeft', { alt: true }), kiosk],
    ['BrowserBack', key('BrowserBack', 'BrowserBack'), kiosk],
    ['Ctrl+W on a Russian layout', key('ц', 'KeyW', { control: true }), kiosk],
    ['Cmd+Q', key('q', 'KeyQ', { meta: true }), kioskMac],
    ['Cmd+H', key('h', 'KeyH', { meta: true }), kioskMac],
    ['Ctrl+Cmd+F', key('f', 'KeyF', { meta: true, control: true }), kioskMac],
    // the cashier's blocked keys stay blocked on a kiosk
    ['F5', key('F5', 'F5'), kiosk],
    ['Ctrl+Shift+I', key('I', 'KeyI', { control: true, shift: true }), kiosk],
  ])('blocks %s', (_name, input, options) => {
    expect(isBlockedKey(input, options)).toBe(true);
  });

  it.each([
    ['a digit', key('5', 'Digit5')],
    ['a letter', key('w', 'KeyW')],
    ['Backspace', key('Backspace', 'Backspace')],
    ['Enter', key('Enter', 'Enter')],
    ['Escape', key('Escape', 'Escape')],
    ['Ctrl+C', key('c', 'KeyC', { control: true })],
    ['F4 alone', key('F4', 'F4')],
  ])('lets %s through (a scanner and the on-screen keyboard type these)', (_name, input) => {
    expect(isBlockedKey(input, kiosk)).toBe(false);
  });

  it('leaves the kiosk keys to the cashier window', () => {
    expect(isBlockedKey(key('F4', 'F4', { alt: true }), linux)).toBe(false);
    expect(isBlockedKey(key('p', 'KeyP', { control: true }), linux)).toBe(false);
  });
});
