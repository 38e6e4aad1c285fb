/**
 * Keys a till's window swallows in `before-input-event`, before Chromium acts on them. With the default
 * menu removed most of these have no accelerator left, but Chromium itself still handles some (F5, Ctrl +/-
 * zoom), and a menu set by a later change would bring the rest back: the window refuses them either way.
 * Why: DevTools hands anyone at the screen `window.tillpoint` (refunds, confirming a bank QR as paid,
 * enrolling the till to another hub); a reload or a zoom in the middle of a sale confuses the cashier.
 *
 * The fields are those of Electron's `Input` (the `before-input-event` payload); plain objects stand in for
 * it in tests, so this file does not load Electron.
 */
export interface KeyInput {
  readonly type: string;
  /** KeyboardEvent.key: 'r', 'R', 'F5', '+', '=' ... (depends on the keyboard layout and Shift) */
  readonly key: string;
  /** KeyboardEvent.code: 'KeyR', 'F5', 'Equal', 'NumpadAdd' ... (the physical key) */
  readonly code?: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

export interface BlockedKeysOptions {
  /** macOS uses Cmd where Linux and Windows use Ctrl, and Cmd+Alt+I for DevTools. */
  readonly platform: NodeJS.Platform;
  /** Development only (see devToolsAllowed in main.ts): leaves the DevTools keys to Chromium. */
  readonly devToolsAllowed: boolean;
  /**
   * The self-service kiosk's window: also the keys that leave it (Alt+F4, close, quit, hide, minimise, full
   * screen off), print (a system dialog nobody at a kiosk may use) and history back/forward. A customer
   * may find a hardware keyboard on the stand; only staff leave, with the PIN.
   */
  readonly kiosk?: boolean;
}

/** The letter of a key by either spelling: `key` follows the layout, `code` the physical key ('KeyI'). */
const isLetter = (input: KeyInput, letter: string) =>
  input.key.toLowerCase() === letter || input.code === `Key${letter.toUpperCase()}`;

const zoomKeys = new Set(['+', '=', '-', '_', '0']);
const zoomCodes = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);

const historyKeys = new Set(['BrowserBack', 'BrowserForward', 'BrowserHome']);

/** The kiosk's own keys (see BlockedKeysOptions.kiosk); `command` is the platform's command modifier. */
function leavesKiosk(input: KeyInput, mac: boolean, command: boolean): boolean {
  const named = (name: string) => input.key === name || input.code === name;
  if (
    named('F11') ||
    historyKeys.has(input.key) ||
    (input.code !== undefined && historyKeys.has(input.code))
  ) {
    return true;
  }
  if (input.alt && (named('F4') || named('ArrowLeft') || named('ArrowRight'))) return true;
  if (command && ['w', 'q', 'p', 'n', 't'].some((letter) => isLetter(input, letter))) return true;
  // macOS: Cmd+H hides, Cmd+M minimises, Ctrl+Cmd+F leaves full screen
  if (mac && input.meta && (isLetter(input, 'h') || isLetter(input, 'm'))) return true;
  return mac && input.meta && input.control && isLetter(input, 'f');
}

/** true when the window must swallow this key (reload, zoom, DevTools). Everything else passes. */
export function isBlockedKey(input: KeyInput, options: BlockedKeysOptions): boolean {
  const mac = options.platform === 'darwin';
  // The platform's command modifier; the other one (Ctrl on a Mac) is not an accelerator there.
  const command = mac ? input.meta : input.control;

  if (options.kiosk === true && leavesKiosk(input, mac, command)) return true;

  if (input.key === 'F5' || input.code === 'F5') return true;
  if (command && isLetter(input, 'r')) return true;
  if (command && (zoomKeys.has(input.key) || (input.code !== undefined && zoomCodes.has(input.code)))) {
    return true;
  }

  if (options.devToolsAllowed) return false;
  if (input.key === 'F12' || input.code === 'F12') return true;
  const devToolsLetter = ['i', 'j', 'c'].some((letter) => isLetter(input, letter));
  if (!devToolsLetter) return false;
  // Ctrl+Shift+I/J/C on Linux and Windows; Cmd+Alt+I/J/C (and Cmd+Shift+C) on macOS. Ctrl+C alone is copy.
  if (command && input.shift) return true;
  return mac && input.meta && input.alt;
}
