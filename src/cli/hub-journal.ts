import { journalReport } from '../hub/journal-report.js';
import type { HubStorageConfig } from '../hub/open-hub-store.js';
import { CliFailure, exitCodes, usageError, type ExitCode } from './cli-failure.js';
import { open } from './hub.js';

/**
 * `tillpoint hub journal verify [--data DIR]`: what the hub holds of every till's journal (the heads sent
 * with each sync batch, src/hub/journal-heads.ts). One JSON line per till; exit 1 when any till's journal
 * went backwards (a restored backup, a deleted tail), forked, or sent a Z closing that does not verify.
 */
export async function hubJournalCommand(
  action: string | undefined,
  config: HubStorageConfig,
): Promise<ExitCode> {
  if (action !== 'verify') throw usageError('usage.unknownJournalCommand', { command: action ?? '' });
  const store = await open(config);
  try {
    const report = await journalReport(store);
    for (const till of report) process.stdout.write(`${JSON.stringify(till)}\n`);
    const broken = report.filter((t) => t.problems.length > 0).length;
    if (broken > 0)
      throw new CliFailure({ key: 'journal.hubBroken', args: { count: broken } }, exitCodes.failure);
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
