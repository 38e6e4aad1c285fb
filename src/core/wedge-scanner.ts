import { TillpointError } from './errors.js';

/**
 * Keyboard-wedge barcode scanners (USB HID keyboard emulation) type the code as a burst of keystrokes a few
 * milliseconds apart and end it with Enter (or Tab, depending on the suffix programmed into the scanner).
 * People type 80-200 ms per key, so the gap between keys tells a scan from a person: a scan is at least
 * `minLength` printable characters, every gap (including the one before Enter) at most `maxGapMs`.
 */
export type WedgeVerdict = { kind: 'none' } | { kind: 'scan'; code: string; startedAtMs: number };

export interface WedgeDetectorOptions {
  /** Largest gap between two keys of one scan. Default 35 ms: scanners send every 2-20 ms. */
  maxGapMs?: number;
  /** Shortest code accepted as a scan. Default 6 (shorter than EAN-8, longer than a typed quantity). */
  minLength?: number;
  /** Longest code accepted. Default 64, the contract's barcode limit. */
  maxLength?: number;
}

export interface WedgeDetector {
  /** Feed every keydown: its KeyboardEvent.key and its time (event.timeStamp or performance.now()). */
  push(key: string, timeMs: number): WedgeVerdict;
  reset(): void;
}

const NONE: WedgeVerdict = Object.freeze({ kind: 'none' });

/** One printable character: a single code point that is not a control character (C0, DEL, C1). */
function isPrintable(key: string): boolean {
  const cp = key.codePointAt(0);
  if (cp === undefined || key.length > (cp > 0xffff ? 2 : 1)) return false;
  return cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f);
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new TillpointError('invalid_params', `${name} must be a non-negative number.`, { [name]: value });
  }
  return value;
}

export function createWedgeDetector(opts: WedgeDetectorOptions = {}): WedgeDetector {
  const maxGapMs = nonNegative(opts.maxGapMs ?? 35, 'maxGapMs');
  const minLength = Math.max(1, nonNegative(opts.minLength ?? 6, 'minLength'));
  const maxLength = nonNegative(opts.maxLength ?? 64, 'maxLength');

  let buffer = '';
  let length = 0; // in code points
  let overflow = false;
  let startedAtMs = 0;
  let lastMs = Number.NaN;

  const reset = (): void => {
    buffer = '';
    length = 0;
    overflow = false;
    startedAtMs = 0;
    lastMs = Number.NaN;
  };

  // A clock that runs backwards (a reordered event) is treated as a gap: it cannot be one fast burst.
  const withinGap = (timeMs: number): boolean => timeMs >= lastMs && timeMs - lastMs <= maxGapMs;

  function push(key: string, timeMs: number): WedgeVerdict {
    if (key === 'Enter' || key === 'Tab') {
      const isScan = length >= minLength && !overflow && length <= maxLength && withinGap(timeMs);
      const verdict: WedgeVerdict = isScan ? { kind: 'scan', code: buffer, startedAtMs } : NONE;
      reset();
      return verdict;
    }
    if (!isPrintable(key)) return NONE; // Shift (for capitals), Control, CapsLock ...: part of no code
    if (length === 0 || !withinGap(timeMs)) {
      // Too slow for a scanner: whatever came before was typed; a burst may start with this key.
      buffer = key;
      length = 1;
      overflow = false;
      startedAtMs = timeMs;
    } else if (length >= maxLength) {
      overflow = true;
    } else {
      buffer += key;
      length += 1;
    }
    lastMs = timeMs;
    return NONE;
  }

  return { push, reset };
}
