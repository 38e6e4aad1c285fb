import path from 'node:path';
import { isTillpointError } from '../core/errors.js';
import { DB_FILE_NAME } from '../terminal/terminal.js';
import { verifyTillJournal } from '../terminal/store/journal-closing-store.js';
import { openStoreReadOnly } from '../terminal/store/open-store.js';
import { CliFailure, exitCodes, type ExitCode } from './cli-failure.js';

/**
 * `tillpoint journal verify [--data DIR]`: walks the till's hash-chained journal (read-only, beside a running
 * till) and checks every signed Z closing. Prints one JSON line (for programs) and exits 0 when all holds;
 * otherwise exits 1 with the first bad seq and why on stderr, in the chosen language.
 */
export function journalVerifyCommand(dataDir: string): ExitCode {
  const file = path.join(path.resolve(dataDir), DB_FILE_NAME);
  let store: ReturnType<typeof openStoreReadOnly>;
  try {
    store = openStoreReadOnly(file);
  } catch (error) {
    if (isTillpointError(error)) throw CliFailure.of(error, exitCodes.failure);
    throw error;
  }
  try {
    const { verdict, unchained, closings, closingProblem } = verifyTillJournal(store.db);
    const ok = verdict.ok && unchained === 0 && closingProblem === null;
    process.stdout.write(
      `${JSON.stringify({ file, ...verdict, ok, unchained, closings, closingProblem })}\n`,
    );
    if (!verdict.ok) {
      throw new CliFailure(
        {
          key: 'journal.broken',
          args: { seq: verdict.firstBadSeq, reason: verdict.reason, detail: verdict.detail },
        },
        exitCodes.failure,
        'cli.failed',
        verdict,
      );
    }
    if (closingProblem !== null) {
      throw new CliFailure(
        { key: 'journal.closingBroken', args: { detail: closingProblem } },
        exitCodes.failure,
      );
    }
    if (unchained > 0) {
      throw new CliFailure({ key: 'journal.unchained', args: { count: unchained } }, exitCodes.failure);
    }
    return exitCodes.ok;
  } finally {
    store.close();
  }
}
