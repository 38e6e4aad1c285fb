import { readSettingsFile } from '../settings-file.js';
import { join } from 'node:path';
import { z } from 'zod';
import { TillpointError } from '../../core/errors.js';

export const KIOSK_FILE_NAME = 'kiosk.json';

const seconds = (max: number) => z.number().int().min(1).max(max);

/** `<dataDir>/kiosk.json`: the kiosk's timings and the staff PIN's lockout; every field optional. */
const kioskFileSchema = z
  .object({
    /** no touch for this long with items in the basket shows "Are you still there?" */
    idleS: seconds(3_600).default(60),
    /** how long "Are you still there?" counts down before the basket is given up */
    countdownS: seconds(600).default(20),
    /** how long the thank-you screen stays */
    thankYouS: seconds(600).default(8),
    /** how long the staff PIN pad stays locked after maxTries wrong PINs in a row */
    lockoutS: seconds(86_400).default(300),
    /** wrong staff PINs in a row that lock the PIN pad */
    maxTries: z.number().int().min(1).max(20).default(5),
  })
  .strict();

export type KioskConfig = z.output<typeof kioskFileSchema>;

export const defaultKioskConfig: KioskConfig = kioskFileSchema.parse({});

/** A kiosk config from JSON, or a typed error naming the file and the first field that is wrong. */
export function parseKioskConfig(json: unknown, source: string): KioskConfig {
  const parsed = kioskFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first ? first.path.join('.') || '(top level)' : '';
  throw new TillpointError(
    'kiosk.config_invalid',
    `The kiosk settings in ${source} are not valid at ${where}: ${first?.message ?? 'unknown problem'}. Fix the file and restart the till.`,
    { source, issues: parsed.error.issues },
  );
}

/**
 * `<dataDir>/kiosk.json` if it exists, else the defaults. Read once at start, like providers.json: a mistake
 * stops the till at start with the file's path, never in front of a customer.
 */
export function loadKioskConfig(dataDir: string): KioskConfig {
  const file = join(dataDir, KIOSK_FILE_NAME);
  const json = readSettingsFile(file, 'kiosk.config_invalid', 'kiosk settings');
  if (json === undefined) return defaultKioskConfig;
  return parseKioskConfig(json, file);
}
