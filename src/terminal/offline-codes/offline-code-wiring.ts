import type { OfflinePolicy } from '../../core/offline-policy.js';
import type { SaleService } from '../sale-service.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { offlineCodeHandlers } from './offline-code-handlers.js';
import { createOfflineCodeService } from './offline-code-service.js';

export { offlineCodeStatusPull } from './settlement-status.js';

/** Builds the offline code service and its handlers for the composition root (src/terminal/terminal.ts). */
export function offlineCodeParts(deps: {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly sales: SaleService;
  readonly now: () => Date;
  readonly log: (line: string, details?: unknown) => void;
  readonly outboxChanged: () => void;
  readonly unlessPaying: <T>(saleId: string, fn: () => T) => T;
  readonly offlineRisk: { policy(): OfflinePolicy };
}) {
  const offlineCodes = createOfflineCodeService({
    ...deps,
    policy: () => deps.offlineRisk.policy(),
  });
  return { offlineCodes, handlers: offlineCodeHandlers({ offlineCodes, unlessPaying: deps.unlessPaying }) };
}
