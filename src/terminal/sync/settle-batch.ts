import { isErrorCode } from '../../core/errors.js';
import type { ItemResult } from '../../shared/hub-api.js';
import { logAt, type Log } from '../../shared/log.js';
import type { SqliteDatabase } from '../store/open-store.js';
import type { SyncStore } from '../store/sync-store.js';

export interface SettleDeps {
  readonly db: SqliteDatabase;
  readonly store: SyncStore;
  /** the sync client's write transaction (store errors mapped) */
  readonly write: <T>(fn: () => T) => T;
  readonly stamp: () => string;
  readonly log: Log;
}

/** How the sync client applies the hub's answer to a batch (sync-client.ts drain). */
export function createSettle(deps: SettleDeps) {
  const { store, write, stamp } = deps;

  /**
   * A "sent" or "parked" mark is written without waiting for the disk (synchronous=NORMAL, one WAL append;
   * https://sqlite.org/pragma.html#pragma_synchronous): the hub already keeps what it answered, so a mark a
   * power cut takes back only sends the entry again, and the hub answers it 'duplicate' with its first
   * result (the idempotency key). The next FULL commit (a sale's) syncs the WAL and this append with it.
   * Node runs one thing at a time, so no sale's transaction falls between the two pragmas.
   */
  function writeMarks<T>(fn: () => T): T {
    const synchronous = deps.db.pragma('synchronous', { simple: true }) as number;
    deps.db.pragma('synchronous = NORMAL');
    try {
      return write(fn);
    } finally {
      deps.db.pragma(`synchronous = ${synchronous}`);
    }
  }

  /**
   * Applies the hub's per-entry answers in one transaction. A batch the hub took whole, with ids and hub
   * seqs both running without a gap (the usual drain), is marked by one statement over the id range.
   */
  function settle(
    batch: readonly { readonly id: number; readonly idempotencyKey: string }[],
    results: readonly ItemResult[],
  ): { sent: number; parked: number } {
    const at = stamp();
    const first = batch[0];
    const last = batch[batch.length - 1];
    if (first && last && results.length === batch.length && last.id - first.id === batch.length - 1) {
      const base = results[0] && 'hubSeq' in results[0] ? results[0].hubSeq : null;
      const run =
        base !== null &&
        results.every(
          (r, i) =>
            r.idempotencyKey === batch[i]!.idempotencyKey &&
            (r.status === 'accepted' || r.status === 'duplicate') &&
            r.hubSeq - base === i,
        );
      if (run) {
        return { sent: writeMarks(() => store.markSentRange(first.id, last.id, base, at)), parked: 0 };
      }
    }
    const byKey = new Map(results.map((r) => [r.idempotencyKey, r]));
    return writeMarks(() => {
      let sent = 0;
      let parked = 0;
      for (const entry of batch) {
        const result = byKey.get(entry.idempotencyKey);
        if (!result) continue; // the hub said nothing about it: stays queued, sent again next round
        if (result.status === 'accepted' || result.status === 'duplicate') {
          if (store.markSent(entry.id, result.hubSeq, at)) sent += 1;
        } else if (
          'reason' in result &&
          store.park(entry.id, {
            code:
              result.status === 'conflict'
                ? 'sync.conflict'
                : // the hub's reason code when this till knows it (a newer hub's is kept as sync.rejected)
                  result.code !== undefined && isErrorCode(result.code)
                  ? result.code
                  : 'sync.rejected',
            message: result.reason,
          })
        ) {
          parked += 1;
          // a refused entry waits for a manager: the one line that says which and why
          logAt(deps.log, 'warn')(`sync: the hub refused ${entry.idempotencyKey} (${result.status})`, {
            reason: result.reason,
          });
        }
      }
      return { sent, parked };
    });
  }

  return settle;
}
