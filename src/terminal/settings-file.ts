import { readFileSync } from 'node:fs';
import { TillpointError, type ErrorCode } from '../core/errors.js';

/**
 * The JSON of an operator's settings file in the data folder (providers.json, kiosk.json …), or undefined
 * when there is none (the caller's defaults apply). A file that cannot be read or is not JSON throws `code`
 * naming the file: read once at start, so a mistake stops the till there, never at the counter.
 * `what` names the settings in the message ("The kiosk settings in F are not valid JSON").
 */
export function readSettingsFile(file: string, code: ErrorCode, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TillpointError(code, `Tillpoint cannot read ${file}.`, { source: file, cause: String(error) });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TillpointError(
      code,
      `The ${what} in ${file} are not valid JSON. Fix the file and restart the till.`,
      { source: file, cause: String(error) },
    );
  }
}
