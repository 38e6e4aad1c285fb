import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TillpointError } from '../../core/errors.js';

export const SHIFT_CONFIG_FILE_NAME = 'shift.json';

const shiftConfigSchema = z
  .object({
    /** sales wait for an open shift (sale.start answers shift.not_open); off by default so a till without shifts keeps selling */
    required: z.boolean().default(false),
    /** a close whose |variance| is over this many minor units needs a note (default 0: any difference) */
    varianceToleranceMinor: z.number().int().min(0).max(100_000_000).default(0),
  })
  .strict();
export type ShiftConfig = z.output<typeof shiftConfigSchema>;
export const defaultShiftConfig: ShiftConfig = shiftConfigSchema.parse({});

/** `<data>/shift.json`, or the defaults without one; a file that is not valid stops the till, named. */
export function loadShiftConfig(dataDir: string): ShiftConfig {
  const file = join(dataDir, SHIFT_CONFIG_FILE_NAME);
  if (!existsSync(file)) return defaultShiftConfig;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TillpointError('shift.config_invalid', `${file} is not valid JSON.`, {
      file,
      cause: String(error),
    });
  }
  const checked = shiftConfigSchema.safeParse(parsed);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new TillpointError('shift.config_invalid', `${file} is not valid: ${issues.join('; ')}.`, {
      file,
      issues,
    });
  }
  return checked.data;
}
