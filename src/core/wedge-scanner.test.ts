import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrownCode } from './test-util.js';
import { createWedgeDetector, type WedgeDetector, type WedgeVerdict } from './wedge-scanner.js';

/** Types `text` then `end` with the given gaps (ms) before each key; answers every verdict that was a scan. */
function play(
  detector: WedgeDetector,
  keys: readonly string[],
  gaps: readonly number[],
  start = 1_000,
): WedgeVerdict[] {
  let t = start;
  const scans: WedgeVerdict[] = [];
  keys.forEach((key, i) => {
    t += gaps[i] ?? 0;
    const v = detector.push(key, t);
    if (v.kind === 'scan') scans.push(v);
  });
  return scans;
}

const chars = (s: string) => [...s];

describe('wedge scanner detection', () => {
  it('a scanner burst ending in Enter is a scan', () => {
    const d = createWedgeDetector();
    const keys = [...chars('6901234567892'), 'Enter'];
    const gaps = [0, 8, 12, 5, 20, 3, 9, 2, 15, 7, 11, 4, 6, 10];
    expect(play(d, keys, gaps)).toEqual([{ kind: 'scan', code: '6901234567892', startedAtMs: 1_000 }]);
  });

  it('a person typing 8 digits then Enter is not', () => {
    const d = createWedgeDetector();
    const keys = [...chars('12345678'), 'Enter'];
    expect(play(d, keys, [0, 80, 120, 200, 95, 150, 110, 180, 90])).toEqual([]);
  });

  it('slow typing then a fast burst: only the burst is the code', () => {
    const d = createWedgeDetector();
    const keys = [...chars('12'), ...chars('4006381333931'), 'Enter'];
    const gaps = [0, 150, 300, ...Array<number>(12).fill(4), 6];
    expect(play(d, keys, gaps)).toEqual([{ kind: 'scan', code: '4006381333931', startedAtMs: 1_450 }]);
  });

  it('Enter alone, Enter after a slow pause and a too-short burst are not scans', () => {
    const d = createWedgeDetector();
    expect(d.push('Enter', 5)).toEqual({ kind: 'none' });
    expect(play(d, [...chars('4006381333931'), 'Enter'], [...Array<number>(13).fill(5), 500])).toEqual([]);
    expect(play(d, [...chars('12345'), 'Enter'], Array<number>(6).fill(5))).toEqual([]);
    expect(play(d, [...chars('123456'), 'Tab'], Array<number>(7).fill(5))).toHaveLength(1);
  });

  it('ignores Shift and other named keys inside a burst', () => {
    const d = createWedgeDetector();
    const keys = ['Shift', 'A', 'B', 'Shift', 'C', '-', '1', '2', 'CapsLock', '3', 'Enter'];
    expect(play(d, keys, Array<number>(keys.length).fill(3))).toEqual([
      { kind: 'scan', code: 'ABC-123', startedAtMs: 1_006 },
    ]);
  });

  it('honours options and reset()', () => {
    const d = createWedgeDetector({ maxGapMs: 10, minLength: 3, maxLength: 5 });
    expect(play(d, ['1', '2', '3', 'Enter'], [0, 10, 10, 10])).toHaveLength(1);
    expect(play(d, ['1', '2', '3', 'Enter'], [0, 11, 10, 10])).toEqual([]);
    expect(play(d, [...chars('123456'), 'Enter'], Array<number>(7).fill(1))).toEqual([]); // too long
    d.push('1', 0);
    d.push('2', 1);
    d.reset();
    expect(play(d, ['3', '4', 'Enter'], [2, 1, 1], 0)).toEqual([]);
    expect(thrownCode(() => createWedgeDetector({ maxGapMs: -1 }))).toBe('invalid_params');
  });

  it('a clock running backwards breaks a burst', () => {
    const d = createWedgeDetector({ minLength: 3 });
    expect(play(d, ['1', '2', '3', '4', 'Enter'], [0, 5, -20, 5, 5])).toEqual([]);
  });

  const code = fc.string({
    unit: fc.constantFrom(...'0123456789ABCDEFabcdef-./'),
    minLength: 6,
    maxLength: 64,
  });

  it('property: any burst with every gap <= 35 ms is exactly one scan of exactly the code', () => {
    fc.assert(
      fc.property(
        code,
        fc.array(fc.integer({ min: 0, max: 35 }), { minLength: 65, maxLength: 65 }),
        (c, gaps) => {
          const d = createWedgeDetector();
          expect(play(d, [...chars(c), 'Enter'], gaps)).toEqual([
            { kind: 'scan', code: c, startedAtMs: 1_000 + (gaps[0] ?? 0) },
          ]);
        },
      ),
    );
  });

  it('property: typing with every gap > 35 ms is never a scan', () => {
    fc.assert(
      fc.property(
        code,
        fc.array(fc.integer({ min: 36, max: 400 }), { minLength: 65, maxLength: 65 }),
        (c, gaps) => {
          expect(play(createWedgeDetector(), [...chars(c), 'Enter'], gaps)).toEqual([]);
        },
      ),
    );
  });

  it('property: never throws on arbitrary keys and times', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.double())), (events) => {
        const d = createWedgeDetector();
        for (const [key, t] of events) expect(['none', 'scan']).toContain(d.push(key, t).kind);
      }),
    );
  });
});
