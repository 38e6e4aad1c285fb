import type { Handlers } from '../../shared/contract.js';
import { cashierOf } from '../sale-cashier.js';
import type { OfflineCodeService } from './offline-code-service.js';
import { loadSignatureChecks } from './signature-check.js';

/** payment.offlineCode and offlineCodes.captures over the offline code service. */
export function offlineCodeHandlers(deps: {
  readonly offlineCodes: OfflineCodeService;
  readonly unlessPaying: <T>(saleId: string, fn: () => T) => T;
}): Pick<Handlers, 'payment.offlineCode' | 'offlineCodes.captures'> {
  const { offlineCodes } = deps;
  return {
    'payment.offlineCode': async ({ saleId, code }, context) => {
      await loadSignatureChecks();
      return deps.unlessPaying(saleId, () => offlineCodes.pay(saleId, code, cashierOf(context)));
    },
    'offlineCodes.captures': () =>
      offlineCodes.captures().map((r) => ({
        recordId: r.id,
        saleId: r.sale_id,
        issuerId: r.issuer_id,
        keyId: r.key_id,
        userId: r.user_id,
        counter: r.counter,
        amount: { amount: r.amount, currency: r.currency },
        capturedAt: r.captured_at,
        settlement: r.settlement,
        rejectReason: r.reject_reason,
      })),
  };
}
