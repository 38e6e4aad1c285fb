import { createInterface } from 'node:readline';
import { checkPinFormat } from '../terminal/kiosk/staff-pin.js';
import { openTerminal } from '../terminal/terminal.js';
import type { CliLocale } from './i18n/cli-locale.js';
import { cliMessage } from './i18n/translate.js';
import { exitCodes, printJson, printJsonFailure, usageError, type ExitCode } from './cli-failure.js';

/** The first line of stdin, without its line end; null when stdin ends before one. */
async function readLine(input: NodeJS.ReadableStream): Promise<string | null> {
  const lines = createInterface({ input, terminal: false });
  try {
    for await (const line of lines) return line.trim();
    return null;
  } finally {
    lines.close();
  }
}

/** `tillpoint kiosk set-pin`: the staff PIN that clears help requests and leaves kiosk mode. */
export async function kioskCommand(
  sub: string | undefined,
  opts: {
    dataDir: string;
    pin?: string;
    stdin?: NodeJS.ReadableStream;
    /** the language of the PIN prompt */
    locale?: () => Promise<CliLocale>;
  },
): Promise<ExitCode> {
  if (sub !== 'set-pin') throw usageError('usage.unknownKioskCommand', { command: sub ?? '' });
  let pin = opts.pin;
  if (pin === undefined) {
    const input = opts.stdin ?? process.stdin;
    if (process.stdin.isTTY && input === process.stdin) {
      const locale = (await opts.locale?.()) ?? 'en';
      process.stderr.write(cliMessage(locale, { key: 'kiosk.pinPrompt' }));
    }
    pin = (await readLine(input)) ?? undefined;
    if (pin === undefined) throw usageError('usage.kioskPinNeeded');
  }
  let terminal;
  try {
    // checked before the data folder is touched: a typing slip changes nothing
    checkPinFormat(pin);
    // a write: it takes the data folder's lock, and starts no background work (no resumed payments)
    terminal = await openTerminal({
      dataDir: opts.dataDir,
      nfc: 'off',
      start: false,
      command: 'kiosk set-pin',
    });
  } catch (error) {
    return printJsonFailure(error);
  }
  try {
    await terminal.setStaffPin(pin);
    printJson({ set: true });
    return exitCodes.ok;
  } catch (error) {
    return printJsonFailure(error);
  } finally {
    await terminal.close();
  }
}
