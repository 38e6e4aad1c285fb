import { outboxStateDto, type OutboxStateDto } from '../shared/dto.js';
import { openTerminal, openTerminalReadOnly } from '../terminal/terminal.js';
import { exitCodes, printJson, printJsonFailure, usageError, type ExitCode } from './cli-failure.js';

const print = printJson;

const fail = printJsonFailure;

/** `tillpoint enroll`: the same call as the Sync screen's "Connect to hub". */
export async function enrollCommand(opts: {
  dataDir: string;
  hubUrl: string;
  code: string;
  terminalName?: string;
  pairingCode?: string;
  repoint?: boolean;
}): Promise<ExitCode> {
  let terminal;
  try {
    // a write: it takes the data folder's lock, and starts no background work (no resumed payments)
    terminal = await openTerminal({
      dataDir: opts.dataDir,
      nfc: 'off',
      start: false,
      command: 'enroll',
      ...(opts.terminalName ? { terminalName: opts.terminalName } : {}),
    });
  } catch (error) {
    return fail(error);
  }
  try {
    print(
      await terminal.handlers['sync.enroll']({
        hubUrl: opts.hubUrl,
        code: opts.code,
        ...(opts.pairingCode === undefined ? {} : { pairingCode: opts.pairingCode }),
        ...(opts.repoint ? { repoint: true } : {}),
      }),
    );
    return exitCodes.ok;
  } catch (error) {
    return fail(error);
  } finally {
    await terminal.close();
  }
}

export function parseOutboxState(value: string | undefined): OutboxStateDto | undefined {
  if (value === undefined) return undefined;
  const parsed = outboxStateDto.safeParse(value);
  if (!parsed.success)
    throw usageError('usage.outboxState', { supported: outboxStateDto.options.join(', ') });
  return parsed.data;
}

/** `tillpoint queue`: what is waiting for the hub, and why parked entries were refused. */
export async function queueCommand(opts: { dataDir: string; state?: OutboxStateDto }): Promise<ExitCode> {
  let terminal;
  try {
    // only reads: no lock (beside a running till is fine), no resumed payments, no sync
    terminal = await openTerminalReadOnly({ dataDir: opts.dataDir });
  } catch (error) {
    return fail(error);
  }
  try {
    const sync = await terminal.handlers['sync.status']({});
    const entries = await terminal.handlers['sync.entries']({
      limit: 500,
      ...(opts.state ? { states: [opts.state] } : {}),
    });
    print({ sync, entries });
    return exitCodes.ok;
  } catch (error) {
    return fail(error);
  } finally {
    await terminal.close();
  }
}
