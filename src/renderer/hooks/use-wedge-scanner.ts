import { useEffect, useRef } from 'react';
import { createWedgeCapture } from './wedge-capture.js';

/**
 * A keyboard-wedge barcode scanner types the code, then Enter, far faster than a person: scanners send a
 * key every 2-20 ms, people 80-200 ms. 50 ms (the detector's default is 35) leaves room for a busy
 * renderer delaying keydown events, and is still well under human typing, so a person typing into the
 * search box is never taken for a scan. The minimum length stays the detector's (6, shorter than EAN-8).
 */
export const WEDGE_MAX_GAP_MS = 50;

/**
 * Sent on window just before onScan, with the time of the scan's first key, so an on-screen keypad that took
 * the scan's digits as typed (use-keypad-keys) can take them back, as a text field gets its text back.
 */
export const WEDGE_SCAN_EVENT = 'tillpoint:wedge-scan';
export interface WedgeScanDetail {
  readonly startedAtMs: number;
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

const textField = (element: Element | null): TextField | null =>
  element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : null;

/**
 * Puts a field back the way it was before the burst. Through the prototype's value setter plus an 'input'
 * event, so React's controlled state (the search query) follows — assigning `.value` alone would be undone
 * on the next render.
 */
function restoreField(field: TextField, value: string): void {
  if (field.value === value) return;
  const prototype =
    field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens to every key on the page (capture phase, before any field or button) and calls onScan with each
 * barcode. The Enter that ends a scan is swallowed so it cannot also press a focused button, and a field
 * the burst typed into gets its earlier text back.
 */
export function useWedgeScanner(onScan: (barcode: string) => void): void {
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  }, [onScan]);

  useEffect(() => {
    // up to 600 characters: an offline payment code (src/core/offline-code.ts) is about 170, past a barcode's 64
    const capture = createWedgeCapture<TextField>({ maxGapMs: WEDGE_MAX_GAP_MS, maxLength: 600 });
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || event.ctrlKey || event.altKey || event.metaKey) {
        capture.reset();
        return;
      }
      const field = textField(document.activeElement);
      const verdict = capture.key(event.key, event.timeStamp, { field, value: field?.value ?? '' });
      if (verdict.kind !== 'scan') return;
      event.preventDefault();
      event.stopPropagation();
      if (verdict.restore?.field) restoreField(verdict.restore.field, verdict.restore.value);
      window.dispatchEvent(
        new CustomEvent<WedgeScanDetail>(WEDGE_SCAN_EVENT, { detail: { startedAtMs: verdict.startedAtMs } }),
      );
      onScanRef.current(verdict.code);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
