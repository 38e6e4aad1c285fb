import { createWedgeDetector, type WedgeDetectorOptions } from '../../core/wedge-scanner.js';

/** The focused text field (if any) and its text just before a key landed in it. */
export interface FieldBefore<F> {
  readonly field: F | null;
  readonly value: string;
}

export type CaptureVerdict<F> =
  | { readonly kind: 'none' }
  /** `restore`: the field the scan typed into and the text it had before the scan's first key. */
  | {
      readonly kind: 'scan';
      readonly code: string;
      /** The time of the scan's first key. */
      readonly startedAtMs: number;
      readonly restore: FieldBefore<F> | null;
    };

/** The contract's longest barcode (64) plus its terminator, with room to spare. */
const RECENT_KEYS = 80;

/**
 * The DOM-free half of wedge capture: feeds the core detector and remembers, per recent key, the focused
 * field's text before that key, so a scan can hand back the text as it was before its own first key (the
 * detector reports that key's time as startedAtMs). Generic over the field type so it is testable in Node.
 */
export function createWedgeCapture<F>(options: WedgeDetectorOptions) {
  const detector = createWedgeDetector(options);
  let recent: (FieldBefore<F> & { readonly timeMs: number })[] = [];
  return {
    key(key: string, timeMs: number, before: FieldBefore<F>): CaptureVerdict<F> {
      recent.push({ ...before, timeMs });
      if (recent.length > RECENT_KEYS) recent = recent.slice(-RECENT_KEYS);
      const verdict = detector.push(key, timeMs);
      if (verdict.kind !== 'scan') return { kind: 'none' };
      const first = recent.find((entry) => entry.timeMs === verdict.startedAtMs);
      recent = [];
      return {
        kind: 'scan',
        code: verdict.code,
        startedAtMs: verdict.startedAtMs,
        restore: first?.field ? { field: first.field, value: first.value } : null,
      };
    },
    /** A modifier chord or an IME composition: whatever was under way is not a scan. */
    reset(): void {
      detector.reset();
      recent = [];
    },
  };
}
