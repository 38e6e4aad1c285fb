import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWedgeCapture, type FieldBefore } from './wedge-capture.js';

/** A stand-in for a text field: just its text, typed into key by key as the browser would. */
interface FakeField {
  value: string;
}

const GAP = 50;

/** Types keys into `field` (or nowhere) at the given times; answers every scan verdict. */
function typeKeys(
  capture: ReturnType<typeof createWedgeCapture<FakeField>>,
  field: FakeField | null,
  keys: readonly { key: string; timeMs: number }[],
) {
  const scans = [];
  for (const { key, timeMs } of keys) {
    const before: FieldBefore<FakeField> = { field, value: field?.value ?? '' };
    const verdict = capture.key(key, timeMs, before);
    if (verdict.kind === 'scan') {
      scans.push(verdict);
      continue; // the Enter of a scan is swallowed
    }
    if (field && key.length === 1) field.value += key;
  }
  return scans;
}

const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 14 });
const text = fc.string({ unit: fc.constantFrom(...'abcdefghij 0123456789'), minLength: 1, maxLength: 12 });

describe('wedge capture', () => {
  it('never takes human-speed typing (80 ms or more between keys), Enter included, for a scan', () => {
    fc.assert(
      fc.property(
        text,
        fc.array(fc.integer({ min: 80, max: 400 }), { minLength: 13, maxLength: 13 }),
        (typed, gaps) => {
          const capture = createWedgeCapture<FakeField>({ maxGapMs: GAP });
          let t = 1000;
          const keys = [...typed, 'Enter'].map((key, i) => ({
            key,
            timeMs: (t += gaps[i % gaps.length] ?? 100),
          }));
          expect(typeKeys(capture, { value: '' }, keys)).toEqual([]);
        },
      ),
    );
  });

  it('recognises a burst after human typing and gives back the text from before the burst', () => {
    fc.assert(
      fc.property(
        text,
        digits,
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        (typed, code, step, pause) => {
          const capture = createWedgeCapture<FakeField>({ maxGapMs: GAP });
          const field = { value: '' };
          let t = 1000;
          const human = [...typed].map((key) => ({ key, timeMs: (t += 150) }));
          // The scan may start sooner after the last human key than the gap allows: it must still restore.
          t += pause;
          const burst = [...code, 'Enter'].map((key) => ({ key, timeMs: (t += step) }));
          const scans = typeKeys(capture, field, [...human, ...burst]);
          expect(scans).toHaveLength(1);
          const scan = scans[0];
          if (scan?.kind !== 'scan') throw new Error('no scan');
          // With a pause shorter than the gap the last human key joins the burst; the code is what the
          // detector decided, and the restore point is the text before the code's first key.
          expect(scan.restore?.field).toBe(field);
          expect(typed + code).toBe(scan.restore?.value + scan.code);
        },
      ),
    );
  });

  it('restores nothing when the burst went to no field, and forgets everything on reset', () => {
    const capture = createWedgeCapture<FakeField>({ maxGapMs: GAP });
    const keys = [...'6901234567892', 'Enter'].map((key, i) => ({ key, timeMs: 10 + i * 5 }));
    const [scan] = typeKeys(capture, null, keys);
    expect(scan).toEqual({ kind: 'scan', code: '6901234567892', startedAtMs: 10, restore: null });

    // Interrupted (a modifier chord, say) ten keys in: the three keys left are too short to be a scan.
    const field = { value: 'x' };
    expect(typeKeys(capture, field, keys.slice(0, 10))).toEqual([]);
    capture.reset();
    expect(typeKeys(capture, field, keys.slice(10))).toEqual([]);
    // Without the reset the same keys are one scan.
    expect(typeKeys(capture, { value: '' }, keys)).toHaveLength(1);
  });
});
