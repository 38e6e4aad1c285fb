import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isTillpointError } from '../../core/errors.js';
import { loadSvScheme, SV_SCHEME_FILE_NAME } from '../cards/sv-scheme.js';
import { KIOSK_FILE_NAME, loadKioskConfig } from '../kiosk/kiosk-config.js';
import { loadOfflinePolicy, OFFLINE_POLICY_FILE_NAME } from '../offline/offline-policy-file.js';
import { alipayKeyProblems } from '../payments/alipay/alipay-keys.js';
import { loadProviders, PROVIDERS_FILE_NAME } from '../payments/provider-config.js';
import { wechatpayProblems } from '../payments/wechatpay/wechatpay-setup.js';
import {
  demoShop,
  loadPrinters,
  loadShop,
  PRINTERS_FILE_NAME,
  SHOP_FILE_NAME,
} from '../print/print-config.js';
import { loadShiftConfig, SHIFT_CONFIG_FILE_NAME } from '../shifts/shift-config.js';
import { BILLS_FILE_NAME, loadBillsConfig } from '../bills/bills-config.js';
import { loadStaffConfig, STAFF_CONFIG_FILE_NAME } from '../staff/staff-config.js';

/** One configuration file of a data folder as the till would read it at start. */
export interface ConfigFileReport {
  readonly file: string;
  readonly state: 'present' | 'absent' | 'invalid';
  /** invalid: the typed error's code (null where the till reports a problem without one: printers, shop) */
  readonly code?: string | null;
  /** invalid: what the till says about it (paths and field names, never the values) */
  readonly message?: string;
}

/**
 * Each file is checked by the loader the till uses, so "invalid" here is exactly what would stop the till
 * (or, for printers.json and shop.json, what its status bar would name). Nothing is written.
 */
const checks: readonly { readonly file: string; readonly check: (dataDir: string) => string | null }[] = [
  // a wallet provider whose key files are wrong does not stop the till: it runs without it, named in the log
  {
    file: PROVIDERS_FILE_NAME,
    check: (d) => {
      const config = loadProviders(d, undefined);
      const problems = [alipayKeyProblems(config.providers, d), ...wechatpayProblems(config, d)];
      return problems.filter((p): p is string => Boolean(p)).join('; ') || null;
    },
  },
  { file: OFFLINE_POLICY_FILE_NAME, check: (d) => (loadOfflinePolicy(d), null) },
  { file: SV_SCHEME_FILE_NAME, check: (d) => (loadSvScheme(d), null) },
  {
    file: PRINTERS_FILE_NAME,
    check: (d) =>
      loadPrinters(d)
        .problems.map((p) => p.message)
        .join('; ') || null,
  },
  { file: SHOP_FILE_NAME, check: (d) => loadShop(d, demoShop).problem },
  { file: KIOSK_FILE_NAME, check: (d) => (loadKioskConfig(d), null) },
  { file: STAFF_CONFIG_FILE_NAME, check: (d) => (loadStaffConfig(d), null) },
  { file: SHIFT_CONFIG_FILE_NAME, check: (d) => (loadShiftConfig(d), null) },
  { file: BILLS_FILE_NAME, check: (d) => (loadBillsConfig(d), null) },
];

export const configFileNames: readonly string[] = checks.map((c) => c.file);

export function checkConfigFiles(dataDir: string): ConfigFileReport[] {
  return checks.map(({ file, check }): ConfigFileReport => {
    if (!existsSync(join(dataDir, file))) return { file, state: 'absent' };
    try {
      const problem = check(dataDir);
      return problem === null
        ? { file, state: 'present' }
        : { file, state: 'invalid', code: null, message: problem };
    } catch (error) {
      return isTillpointError(error)
        ? { file, state: 'invalid', code: error.code, message: error.message }
        : {
            file,
            state: 'invalid',
            code: null,
            message: error instanceof Error ? error.message : String(error),
          };
    }
  });
}
