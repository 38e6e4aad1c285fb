import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TillpointError } from '../../core/errors.js';
import { defaultLargeDiscountBps } from '../../core/permissions.js';

export const STAFF_CONFIG_FILE_NAME = 'staff.json';

const staffConfigSchema = z
  .object({
    /** no call for this long and a screen locks itself (default 5 minutes) */
    idleLockS: z.number().int().min(10).max(86_400).default(300),
    /** wrong PINs in a row that lock sign-in on this till */
    maxTries: z.number().int().min(1).max(20).default(5),
    /** the first lockout's length; each further one before a right PIN doubles it (at most a day) */
    lockoutS: z.number().int().min(1).max(86_400).default(300),
    /** a discount over this share (basis points; 2000 = 20 %) needs discount.large */
    largeDiscountBps: z.number().int().min(0).max(10_000).default(defaultLargeDiscountBps),
    /** how long a manager's approval may wait for the call it approves */
    approvalTtlS: z.number().int().min(5).max(3_600).default(120),
  })
  .strict();
export type StaffConfig = z.output<typeof staffConfigSchema>;
export const defaultStaffConfig: StaffConfig = staffConfigSchema.parse({});

/** `<data>/staff.json`, or the defaults without one; a file that is not valid stops the till, named. */
export function loadStaffConfig(dataDir: string): StaffConfig {
  const file = join(dataDir, STAFF_CONFIG_FILE_NAME);
  if (!existsSync(file)) return defaultStaffConfig;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TillpointError('staff.config_invalid', `${file} is not valid JSON.`, {
      file,
      cause: String(error),
    });
  }
  const checked = staffConfigSchema.safeParse(parsed);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new TillpointError('staff.config_invalid', `${file} is not valid: ${issues.join('; ')}.`, {
      file,
      issues,
    });
  }
  return checked.data;
}
