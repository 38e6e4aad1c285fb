import { TillpointError } from './errors.js';

/** The TillpointError code `fn` throws, or undefined when it returns; anything else is rethrown. */
export function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof TillpointError) return e.code;
    throw e;
  }
  return undefined;
}

/** The TillpointError `fn` throws; fails when it returns or throws something else. */
export function thrown(fn: () => unknown): TillpointError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TillpointError) return e;
    throw e;
  }
  throw new Error('expected a TillpointError, nothing was thrown');
}
