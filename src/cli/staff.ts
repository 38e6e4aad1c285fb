import { createInterface } from 'node:readline';
import { isStaffRole, staffRoles } from '../core/permissions.js';
import { checkStaffPinFormat } from '../terminal/staff/staff-pin-hash.js';
import { openTerminal } from '../terminal/terminal.js';
import type { CliLocale } from './i18n/cli-locale.js';
import { cliMessage } from './i18n/translate.js';
import { exitCodes, printJson, printJsonFailure, usageError, type ExitCode } from './cli-failure.js';

/** The first line of stdin, without its line end; null when stdin ends before one. */
export async function readLine(input: NodeJS.ReadableStream): Promise<string | null> {
  const lines = createInterface({ input, terminal: false });
  try {
    for await (const line of lines) return line.trim();
    return null;
  } finally {
    lines.close();
  }
}

export interface StaffCommandOptions {
  readonly dataDir: string;
  readonly role?: string;
  readonly name?: string;
  readonly pin?: string;
  readonly badge?: string;
  /** `staff remove ID` */
  readonly id?: string;
  readonly stdin?: NodeJS.ReadableStream;
  /** the language of the PIN prompt */
  readonly locale?: () => Promise<CliLocale>;
}

/**
 * `tillpoint staff add | list | remove`: the till's staff, on its data folder (takes its lock, starts no
 * background work). add prints the new member, list every member (never a PIN or a hash), remove {removed}.
 */
export async function staffCommand(sub: string | undefined, opts: StaffCommandOptions): Promise<ExitCode> {
  if (sub !== 'add' && sub !== 'list' && sub !== 'remove') {
    throw usageError('usage.unknownStaffCommand', { command: sub ?? '' });
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
        const locale = (await opts.locale?.()) ?? 'en';
        process.stderr.write(cliMessage(locale, { key: 'staff.pinPrompt' }));
      }
      pin = (await readLine(input)) ?? undefined;
      if (pin === undefined) throw usageError('usage.staffPinNeeded');
    }
  }
  if (sub === 'remove' && opts.id === undefined) throw usageError('usage.staffRemoveNeeds');
  let terminal;
  try {
    // checked before the data folder is touched: a typing slip changes nothing
    if (pin !== undefined) checkStaffPinFormat(pin);
    terminal = await openTerminal({
      dataDir: opts.dataDir,
      nfc: 'off',
      start: false,
      command: `staff ${sub}`,
    });
  } catch (error) {
    return printJsonFailure(error);
  }
  try {
    if (sub === 'list') printJson(terminal.staff.list());
    else if (sub === 'remove') {
      terminal.staff.remove(opts.id ?? '');
      printJson({ removed: opts.id });
    } else {
      const role = opts.role as (typeof staffRoles)[number];
      const badge = opts.badge === undefined ? {} : { badge: opts.badge };
      printJson(await terminal.staff.add({ name: opts.name ?? '', role, pin: pin ?? '', ...badge }));
    }
    return exitCodes.ok;
  } catch (error) {
    return printJsonFailure(error);
  } finally {
    await terminal.close();
  }
}
