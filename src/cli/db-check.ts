import path from 'node:path';
import { isTillpointError } from '../core/errors.js';
import { checkDatabase, DB_FILE_NAME } from '../terminal/terminal.js';
import { CliFailure, exitCodes, type ExitCode } from './cli-failure.js';

/**
 * `tillpoint db check`: reads the database of a data folder without changing it and prints
 * {"file","integrity","schemaVersion","codeSchemaVersion"}. Exit 0 when intact and not newer than this code,
 * 1 otherwise (a file that is not a database at all is reported as one line, also exit 1).
 */
export function dbCheck(dataDir: string): ExitCode {
  const file = path.join(path.resolve(dataDir), DB_FILE_NAME);
  let report: ReturnType<typeof checkDatabase>;
  try {
    report = checkDatabase(file);
  } catch (error) {
    if (isTillpointError(error)) throw CliFailure.of(error, exitCodes.failure);
    throw error;
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const healthy = report.integrity === 'ok' && report.schemaVersion <= report.codeSchemaVersion;
  return healthy ? exitCodes.ok : exitCodes.failure;
}
