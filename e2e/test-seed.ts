/**
 * Seeds for randomized tests: a failure must be replayable. A test takes `SEED=<n>` from the environment or
 * makes a fresh seed, prints it before it starts (and may put it in its name), and draws every random
 * choice from `seededRandom(seed)`, so `SEED=<n> npx vitest run <file>` makes the same choices again.
 */
import { randomInt } from 'node:crypto';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * SEED from `env` (a whole number from 0 to 2^32 - 1; anything else throws, so a typo never runs unseeded),
 * else a fresh one. Prints `<what>: SEED=<n>` either way.
 */
export function testSeed(
  what: string,
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): number {
  const given = env.SEED?.trim();
  let seed: number;
  if (given === undefined || given === '') {
    seed = randomInt(2 ** 32 - 1);
  } else {
    seed = Number(given);
    if (!/^\d+$/.test(given) || !Number.isSafeInteger(seed) || seed > 2 ** 32 - 1) {
      throw new Error(`SEED must be a whole number from 0 to 4294967295, not "${given}"`);
    }
  }
  print(`${what}: SEED=${seed} (run again with SEED=${seed} to replay it)`);
  return seed;
}
