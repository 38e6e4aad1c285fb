import { describe, expect, it } from 'vitest';
import { seededRandom, testSeed } from './test-seed.js';

describe('test seeds', () => {
  it('SEED from the environment is used and printed', () => {
    const printed: string[] = [];
    expect(testSeed('crash test', { SEED: '42' }, (l) => printed.push(l))).toBe(42);
    expect(printed).toEqual(['crash test: SEED=42 (run again with SEED=42 to replay it)']);
  });

  it('without SEED a fresh one is made and printed', () => {
    const printed: string[] = [];
    const seed = testSeed('x', {}, (l) => printed.push(l));
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
    expect(printed).toEqual([`x: SEED=${seed} (run again with SEED=${seed} to replay it)`]);
  });

  it('a SEED that is not a whole number in range is refused, not silently replaced', () => {
    for (const bad of ['abc', '-1', '1.5', '4294967296', '0x10']) {
      expect(() => testSeed('x', { SEED: bad }, () => {}), bad).toThrow(/SEED must be a whole number/);
    }
  });

  it('the same seed gives the same sequence; another seed another one; values in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 100 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const v of draw(123)) expect(v >= 0 && v < 1).toBe(true);
  });
});
