/**
 * The DOM-free half of typing into an on-screen keypad with a hardware keyboard: which keyboard key is which
 * keypad key, and a short log of what the entry was before each typed key, so that a keyboard-wedge scan
 * that turns out to have typed into the keypad can be taken back (as a text field gets its text back).
 */

/** The keypad key for a KeyboardEvent.key, or null when the keypad has no such key. */
export function keypadKeyFor(key: string): string | null {
  if (/^[0-9]$/.test(key)) return key; // the number row and the numeric pad (NumLock on) alike
  if (key === 'Backspace') return 'backspace';
  if (key === 'Delete') return 'clear';
  return null;
}

/** The contract's longest barcode (64) plus its terminator, with room to spare. */
const RECENT_KEYS = 80;

/** Remembers, per typed key, its time and the entry just before it. */
export function createKeypadLog<V>() {
  let recent: { readonly timeMs: number; readonly before: V }[] = [];
  return {
    typed(timeMs: number, before: V): void {
      recent.push({ timeMs, before });
      if (recent.length > RECENT_KEYS) recent = recent.slice(-RECENT_KEYS);
    },
    /**
     * A scan whose first key came at `startedAtMs` was detected: the entry as it was before that key, or
     * null when the scan typed nothing into this keypad.
     */
    undoFrom(startedAtMs: number): { readonly before: V } | null {
      const index = recent.findIndex((entry) => entry.timeMs >= startedAtMs);
      const first = index < 0 ? undefined : recent[index];
      recent = index < 0 ? recent : recent.slice(0, index);
      return first ? { before: first.before } : null;
    },
  };
}
