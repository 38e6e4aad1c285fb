import path from 'node:path';
import { isTillpointError } from '../core/errors.js';
import { createDiagnosticsArchive } from '../terminal/diagnostics/diagnostics.js';
import { DB_FILE_NAME } from '../terminal/terminal.js';
import { CliFailure, exitCodes, printJson, type ExitCode } from './cli-failure.js';

/**
 * `tillpoint diagnostics`: the support archive of a data folder, made beside a running till or a stopped one.
 * It opens the database read-only and starts nothing (no sync, no NFC, no payments); prints {file, bytes}.
 */
export async function diagnosticsCommand(opts: {
  dataDir: string;
  out?: string;
  logDir?: string;
}): Promise<ExitCode> {
  const dataDir = path.resolve(opts.dataDir);
  try {
    const archive = await createDiagnosticsArchive({
      dataDir,
      dbFile: path.join(dataDir, DB_FILE_NAME),
      logDir: path.resolve(opts.logDir ?? path.join(dataDir, 'logs')),
      ...(opts.out === undefined ? {} : { out: opts.out }),
    });
    printJson(archive);
    return exitCodes.ok;
  } catch (error) {
    const reason = isTillpointError(error)
      ? { error }
      : error instanceof Error
        ? error.message
        : String(error);
    throw new CliFailure({ key: 'diagnostics.failed', args: { reason } }, exitCodes.failure);
  }
}
