import { useEffect, useRef } from 'react';
import { createKeypadLog, keypadKeyFor } from './keypad-keys.js';
import { WEDGE_SCAN_EVENT, type WedgeScanDetail } from './use-wedge-scanner.js';

/** `V`: the entry, the keypad's digits (cash) or several figures with the one being typed (a top-up). */
interface KeypadKeysOptions<V> {
  /** The entry as the keypad shows it now. */
  readonly value: V;
  /** Sets the entry: after a typed key, or back to what it was when a scan typed into it. */
  readonly onChange: (next: V) => void;
  /** What a keypad key does to the entry (the same function the on-screen keypad uses). */
  readonly press: (value: V, key: string) => V;
  /** Enter: the dialog's confirm. Answers whether it acted, so an unused Enter can still press a button. */
  readonly onEnter: () => boolean;
}

const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement;

/**
 * Lets a hardware keyboard type into an on-screen keypad while its dialog is open: digits, Backspace, Delete
 * (clear) and Enter (confirm, unless
 * another button has focus); Escape is the modal dialog's own cancel. A focused text field keeps its keys.
 * Listens in the bubble phase, after the wedge scanner's capture-phase listener, which swallows the Enter of
 * a scan; the scan's digits that reached the keypad before that Enter are taken back on WEDGE_SCAN_EVENT.
 */
export function useKeypadKeys<V>(options: KeypadKeysOptions<V>): void {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    const log = createKeypadLog<V>();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.altKey || event.metaKey)
        return;
      if (isTextField(event.target)) return;
      const { value, onChange, press, onEnter } = latest.current;
      if (event.key === 'Enter') {
        // Enter on a focused button outside the keypad (Cancel, a quick amount) is that button's.
        const target = event.target instanceof Element ? event.target : null;
        if (target?.closest('button') && !target.closest('.keypad')) return;
        if (onEnter()) event.preventDefault();
        return;
      }
      const key = keypadKeyFor(event.key);
      if (key === null) return;
      event.preventDefault();
      const next = press(value, key);
      if (next === value) return;
      log.typed(event.timeStamp, value);
      // The next key may come before React renders: it must see this one's result.
      latest.current = { ...latest.current, value: next };
      onChange(next);
    };
    const onScan = (event: Event) => {
      const { startedAtMs } = (event as CustomEvent<WedgeScanDetail>).detail;
      const undo = log.undoFrom(startedAtMs);
      if (!undo) return;
      latest.current = { ...latest.current, value: undo.before };
      latest.current.onChange(undo.before);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener(WEDGE_SCAN_EVENT, onScan);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener(WEDGE_SCAN_EVENT, onScan);
    };
  }, []);
}
