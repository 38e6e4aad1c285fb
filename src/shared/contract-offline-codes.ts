import { z } from 'zod';
import { none, saleRef, write } from './contract-method.js';
import { moneyDto, saleDto, uuid } from './dto.js';

/** One offline code the till took, with what the issuer answered (through the hub) once it settled. */
export const offlineCodeCaptureDto = z.object({
  recordId: uuid,
  saleId: uuid,
  issuerId: z.string(),
  keyId: z.string(),
  userId: z.string(),
  counter: z.number().int(),
  amount: moneyDto,
  capturedAt: z.iso.datetime(),
  settlement: z.enum(['unsettled', 'accepted', 'rejected']),
  rejectReason: z.string().nullable(),
});
export type OfflineCodeCaptureDto = z.infer<typeof offlineCodeCaptureDto>;

/** The contract's methods for issuer-signed offline payment codes (src/core/offline-code.ts). */
export const offlineCodeMethods = {
  /**
   * Pays what is left of the sale with a scanned offline code, checked here with no network (issuer key,
   * signature, clock, replay, caps: offline_code.* refusals). The sale, payment, capture and outbox row
   * commit in one transaction; answers the completed sale.
   */
  'payment.offlineCode': write(z.object({ ...saleRef, code: z.string().min(1).max(600) }).strict(), saleDto),
  /** The codes this till took, newest first, and how each settled (a cashier's view: it names users). */
  'offlineCodes.captures': write(none, z.array(offlineCodeCaptureDto)),
} as const;
