import { createInterface } from 'node:readline';
import { checkPinFormat } from '../terminal/kiosk/staff-pin.js';
import { openTerminal } from '../terminal/terminal.js';
import { exitCodes, printJson, printJsonFailure, usageError, type ExitCode } from './cli-failure.js';

export const kioskHelp = `  kiosk set-pin [--pin N] [--data DIR]
                             Set the self-service kiosk's staff PIN (4 to 8 digits); it also ends a PIN lockout.
                             Without --pin the PIN is read as one line from stdin, so it stays out of the shell
                             history. Works while the till is stopped (takes the data folder's lock). Prints
                             JSON {"set": true}.
`;

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
  opts: { dataDir: string; pin?: string; stdin?: NodeJS.ReadableStream },
): Promise<ExitCode> {
  if (sub !== 'set-pin') throw usageError(`unknown kiosk command "${sub ?? ''}"; try "kiosk set-pin"`);
  let pin = opts.pin;
  if (pin === undefined) {
    const input = opts.stdin ?? process.stdin;
    if (process.stdin.isTTY && input === process.stdin) process.stderr.write('Staff PIN (4-8 digits): ');
    pin = (await readLine(input)) ?? undefined;
    if (pin === undefined) throw usageError('kiosk set-pin needs --pin N or the PIN as a line on stdin');
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
