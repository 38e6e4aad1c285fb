/**
 * Waiting for a thing instead of sleeping a guessed time: polls `probe` until it answers something truthy
 * and answers that; past the deadline it fails naming what it waited for (and the probe's last error, if
 * it threw). For tests of src/** and e2e/** alike, where the awaited change has no event of its own.
 */
export interface WaitForOptions {
  /** default 10 s: a loaded CI machine, not the expected time */
  readonly timeoutMs?: number;
  /** default 25 ms */
  readonly intervalMs?: number;
}

export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25 }: WaitForOptions = {},
): Promise<Exclude<T, null | undefined | false | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Exclude<T, null | undefined | false | 0 | ''>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause =
        lastError === undefined ? '' : ` (last try: ${(lastError as Error).message ?? lastError})`;
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
