import { TillpointError } from '../core/errors.js';

/** A read-only open (a CLI report) of a data folder no till was ever set up in. */
export function noTillError(file: string): TillpointError {
  return new TillpointError('store.io', `There is no till set up in ${file} yet. Check the --data folder.`, {
    file,
  });
}
