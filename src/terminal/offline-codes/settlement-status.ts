import type { Log } from '../../shared/log.js';
import { createOfflineCodeStore } from '../store/offline-code-store.js';
import type { SqliteDatabase } from '../store/open-store.js';
import type { HubClient, HubCredentials } from '../sync/hub-client.js';

/**
 * After each good sync round, the till asks the hub how its unsettled offline codes settled (the issuer's
 * answer per record, as the hub keeps it) and writes the answers on its captures: an accepted code no longer
 * counts toward the caps, a rejected one stays counted and shows its reason (offlineCodes.captures). A
 * failure is logged and asked again next round; it never holds the outbox back.
 */
export function offlineCodeStatusPull(db: SqliteDatabase, now: () => Date, log: Log) {
  const store = createOfflineCodeStore(db);
  return async (hub: HubClient, credentials: HubCredentials): Promise<void> => {
    const ids = store.unsettledIds(100);
    if (ids.length === 0) return;
    const answer = await hub.offlineCodeStatus(credentials, ids);
    if (answer.kind !== 'ok') {
      log('offline codes: the hub did not answer how they settled', answer.problem);
      return;
    }
    const at = now().toISOString();
    const changed = db.transaction(() =>
      answer.value.results.filter((r) => store.settle(r.recordId, r.status, r.reason, at)),
    )();
    if (changed.length > 0) log(`offline codes: ${changed.length} settled by the issuer`);
  };
}
