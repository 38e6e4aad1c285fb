import type { CatalogChange } from '../../shared/hub-api.js';
import type { Log } from '../../shared/log.js';
import type { HubStaffChange } from '../staff/staff-service.js';
import { applyCatalogChange } from '../store/catalog-store.js';
import type { SqliteDatabase } from '../store/open-store.js';

export interface HubChangeDeps {
  readonly db: SqliteDatabase;
  readonly currency: string;
  readonly now: () => Date;
  readonly log: Log;
  /** config.set: kept by the sync store, the highest seq winning */
  readonly upsertConfig: (key: string, value: unknown, seq: number, at: string) => void;
  /** staff.upsert / staff.remove: the staff service; null when applied, else why skipped */
  readonly applyStaff: (change: HubStaffChange) => string | null;
}

/**
 * One page of the hub's changes, in seq order, inside the sync client's transaction (which also saves the
 * cursor). A change that can never apply is logged and skipped: it must not stop the ones after it.
 */
export function applyHubChanges(changes: readonly CatalogChange[], deps: HubChangeDeps): void {
  for (const change of changes) {
    let skipped: string | null;
    if (change.kind === 'config.set') {
      deps.upsertConfig(change.payload.key, change.payload.value, change.seq, deps.now().toISOString());
      skipped = null;
    } else if (change.kind === 'staff.upsert' || change.kind === 'staff.remove') {
      skipped = deps.applyStaff(change);
    } else {
      skipped = applyCatalogChange(deps.db, change, deps.currency);
    }
    if (skipped !== null) deps.log(`sync: change ${change.seq} (${change.kind}) skipped: ${skipped}`);
  }
}
