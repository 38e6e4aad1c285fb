import { z } from 'zod';
import type { IssuerKey } from '../core/offline-code-verify.js';
import { offlineCodeAlgorithms } from '../core/offline-code.js';
import { moneyDto, uuid } from './dto.js';

/**
 * Offline payment codes on the wire: the issuer keys the hub publishes (config.set, one key per
 * `offline_codes.key.<keyId>`, so adding, rotating and retiring a key is one change each), the record a till
 * sends when it took a code (outbox kind `offline_code.captured`), and the issuer's answer per record.
 */
export const ISSUER_KEY_CONFIG_PREFIX = 'offline_codes.key.';

const keyId = z.string().regex(/^[\x21-\x7e]{1,32}$/, '1 to 32 printable ASCII characters');

export const issuerKeyDto = z.strictObject({
  keyId,
  issuerId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes'),
  algorithm: z.enum(offlineCodeAlgorithms),
  publicKeyHex: z.string().regex(/^04[0-9a-f]{128}$/, 'an uncompressed point: 04 and 128 hex digits'),
  /** a retired key: codes it signed after this instant are refused; null while current */
  notAfter: z.iso.datetime().nullable(),
});
export type IssuerKeyDto = z.infer<typeof issuerKeyDto>;

export const toIssuerKey = (dto: IssuerKeyDto): IssuerKey => ({
  keyId: dto.keyId,
  issuerId: dto.issuerId,
  algorithm: dto.algorithm,
  publicKeyHex: dto.publicKeyHex,
  notAfterS: dto.notAfter === null ? null : Math.floor(Date.parse(dto.notAfter) / 1000),
});

/** outbox kind `offline_code.captured`, key `offline-code:<recordId>`: one code a till took. */
export const offlineCodeCapturedPayload = z.strictObject({
  recordId: uuid,
  saleId: uuid,
  paymentId: uuid,
  issuerId: z.string().min(1).max(32),
  keyId,
  userId: z.string().min(1).max(64),
  counter: z.number().int().min(0).max(0xffff_ffff),
  amount: moneyDto,
  /** the code as scanned: the issuer checks its own signature again */
  code: z.string().min(1).max(600),
  issuedAt: z.iso.datetime(),
  capturedAt: z.iso.datetime(),
});
export type OfflineCodeCapturedPayload = z.infer<typeof offlineCodeCapturedPayload>;
export const OFFLINE_CODE_CAPTURED = 'offline_code.captured';
export const offlineCodeIdempotencyKey = (recordId: string): string => `offline-code:${recordId}`;

/** The issuer's answer to one settled record (Alipay's offlinepay.trade.settle answers a result_list). */
export const settlementResult = z.strictObject({
  recordId: uuid,
  status: z.enum(['accepted', 'rejected']),
  /** why a record was rejected (a stable code of the issuer's, e.g. user_over_limit); null when accepted */
  reason: z.string().max(200).nullable(),
});
export type SettlementResult = z.infer<typeof settlementResult>;

/** What the hub sends the issuer, and what it answers. */
export const settlementRequest = z.strictObject({
  merchantId: z.string().min(1).max(64),
  records: z.array(offlineCodeCapturedPayload).min(1).max(100),
});
export const settlementResponse = z.strictObject({ results: z.array(settlementResult) });

/** A till asks the hub how its unsettled records settled (POST /v1/offline-codes/status, signed). */
export const offlineCodeStatusRequest = z.strictObject({ recordIds: z.array(uuid).min(1).max(100) });
/** Only the settled ones of this terminal are answered; the others are still pending or unknown. */
export const offlineCodeStatusResponse = z.strictObject({ results: z.array(settlementResult) });
