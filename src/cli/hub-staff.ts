import { isStaffRole, staffRoles } from '../core/permissions.js';
import { addHubStaff, listHubStaff, removeHubStaff } from '../hub/hub-staff.js';
import { HubStoreUnavailable } from '../hub/hub-store.js';
import { openHubStore, type HubStorageConfig } from '../hub/open-hub-store.js';
import { exitCodes, printJson, printJsonFailure, usageError, type ExitCode } from './cli-failure.js';
import { localeFromEnvironment } from './i18n/cli-locale.js';
import { cliMessage } from './i18n/translate.js';
import { readLine } from './staff.js';

export interface HubStaffOptions {
  readonly role?: string;
  readonly name?: string;
  readonly pin?: string;
  readonly badge?: string;
  /** `hub staff remove ID` */
  readonly id?: string;
  readonly stdin?: NodeJS.ReadableStream;
}

/**
 * `tillpoint hub staff add | list | remove`: staff the hub publishes to every till. add hashes the PIN with
 * the hub's staff key and publishes the member (never the PIN), printing the member and the cursor; list
 * prints who is published now; remove publishes the removal. Errors print {"error": {code, message}}, exit 1.
 */
export async function hubStaffCommand(
  sub: string | undefined,
  config: HubStorageConfig,
  opts: HubStaffOptions,
): Promise<ExitCode> {
  if (sub !== 'add' && sub !== 'list' && sub !== 'remove') {
    throw usageError('usage.unknownHubStaffCommand', { command: sub ?? '' });
  }
  let pin = opts.pin;
  if (sub === 'add') {
    if (opts.name === undefined || opts.role === undefined) throw usageError('usage.staffAddNeeds');
    if (!isStaffRole(opts.role)) {
      throw usageError('usage.staffRole', { value: opts.role, supported: staffRoles.join(', ') });
    }
    if (pin === undefined) {
      const input = opts.stdin ?? process.stdin;
      if (process.stdin.isTTY && input === process.stdin) {
        process.stderr.write(cliMessage(localeFromEnvironment() ?? 'en', { key: 'staff.pinPrompt' }));
      }
      pin = (await readLine(input)) ?? undefined;
      if (pin === undefined) throw usageError('usage.staffPinNeeded');
    }
  }
  if (sub === 'remove' && opts.id === undefined) throw usageError('usage.staffRemoveNeeds');
  // the database opens as `hub` opens it; a failure to open is the CLI's usual one-line report
  const store = await openHubStore(config);
  try {
    if (sub === 'list') printJson(await listHubStaff(store));
    else if (sub === 'remove') printJson(await removeHubStaff(store, opts.id ?? ''));
    else {
      const role = opts.role as (typeof staffRoles)[number];
      const badge = opts.badge === undefined ? {} : { badge: opts.badge };
      printJson(await addHubStaff(store, { name: opts.name ?? '', role, pin: pin ?? '', ...badge }));
    }
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof HubStoreUnavailable) throw error;
    return printJsonFailure(error);
  } finally {
    await store.close();
  }
}
