import { join } from 'node:path';
import { z } from 'zod';
import { TillpointError } from '../../core/errors.js';
import { readSettingsFile } from '../settings-file.js';

export const BILLS_FILE_NAME = 'bills.json';

/**
 * `<dataDir>/bills.json`, every field optional. `fnc1Substitutes`: what the shop's keyboard-wedge scanners
 * type where a GS1 barcode has FNC1 (GS, 0x1D, which most cannot type): a character the scanner is set to
 * send instead, such as "~" (the default) or "^]". Never a character GS1's set 82 allows in a reference
 * (letters, digits, !"%&'()*+,-./:;<=>?_), or a reference would be cut there.
 */
const billsFileSchema = z
  .object({
    fnc1Substitutes: z
      .array(
        z
          .string()
          .min(1)
          .max(4)
          .refine(
            (s) => !/[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]/.test(s),
            'a character GS1 allows in a reference',
          ),
      )
      .max(4)
      .default(['~']),
  })
  .strict();
export type BillsConfig = z.output<typeof billsFileSchema>;
export const defaultBillsConfig: BillsConfig = billsFileSchema.parse({});

/** Read once at start: a mistake stops the till with the file's path, never in front of a customer. */
export function loadBillsConfig(dataDir: string | undefined): BillsConfig {
  if (dataDir === undefined) return defaultBillsConfig;
  const file = join(dataDir, BILLS_FILE_NAME);
  const json = readSettingsFile(file, 'bill.config_invalid', 'bill payment settings');
  if (json === undefined) return defaultBillsConfig;
  const parsed = billsFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new TillpointError(
    'bill.config_invalid',
    `The bill payment settings in ${file} are not valid at ${first?.path.join('.') || '(top level)'}: ${first?.message ?? 'unknown problem'}. Fix the file and restart the till.`,
    { source: file, issues: parsed.error.issues },
  );
}
