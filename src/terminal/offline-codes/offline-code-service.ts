import { randomUUID } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';
import {
  checkOfflineCode,
  DEFAULT_OFFLINE_CODE_SKEW_S,
  DEFAULT_OFFLINE_CODE_TILL_CAP,
  type IssuerKey,
  type OfflineCodeLimits,
  type SignatureCheck,
} from '../../core/offline-code-verify.js';
import type { OfflinePolicy } from '../../core/offline-policy.js';
import type { PaymentDto, SaleDto } from '../../shared/dto.js';
import {
  issuerKeyDto,
  OFFLINE_CODE_CAPTURED,
  offlineCodeIdempotencyKey,
  toIssuerKey,
  type OfflineCodeCapturedPayload,
} from '../../shared/offline-code-dto.js';
import type { SaleCashier, SaleService } from '../sale-service.js';
import { createOfflineCodeStore } from '../store/offline-code-store.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import { checkIssuerSignature } from './signature-check.js';

/** The provider id of a payment made with an offline code: the issuer settles it through the hub, not the till. */
export const OFFLINE_CODE_PROVIDER = 'offline-code';

export interface OfflineCodeServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly sales: SaleService;
  readonly now: () => Date;
  /** the policy in force (the hub's or offline-policy.json): its offlineCodes caps */
  readonly policy: () => OfflinePolicy;
  readonly outboxChanged: () => void;
  readonly log: (line: string, details?: unknown) => void;
  /** tests replace it to count calls; the real checks by default */
  readonly checkSignature?: SignatureCheck;
}

export const limitsOf = (policy: OfflinePolicy): OfflineCodeLimits => ({
  skewS: policy.offlineCodes?.skewS ?? DEFAULT_OFFLINE_CODE_SKEW_S,
  perUserUnsettled: policy.offlineCodes?.perUserUnsettled ?? null,
  tillUnsettled: policy.offlineCodes?.tillUnsettled ?? DEFAULT_OFFLINE_CODE_TILL_CAP,
});

/**
 * Takes an issuer-signed offline code as the tender that pays what is left of a sale, with no network: the
 * check (src/core/offline-code-verify.ts) runs inside the write transaction that then commits the sale, its
 * wallet payment (an attempt final at once, provider `offline-code`), the capture row (the replay guard and
 * the caps' count), the `offline_code.captured` outbox entry and its journal row, so a code is either taken
 * whole or not at all, and a second scan of it can only find it taken.
 */
export function createOfflineCodeService(deps: OfflineCodeServiceDeps) {
  const { db, file } = deps;
  const store = createOfflineCodeStore(db);
  const checkSignature = deps.checkSignature ?? checkIssuerSignature;
  /** keys logged as invalid once, by config key and value */
  const badKeys = new Set<string>();

  function issuerKeys(): Map<string, IssuerKey> {
    const keys = new Map<string, IssuerKey>();
    for (const { key, value } of store.issuerKeyValues()) {
      if (value === null) continue; // removed by the hub
      const parsed = issuerKeyDto.safeParse(value);
      if (!parsed.success) {
        const mark = `${key}=${JSON.stringify(value)}`;
        if (!badKeys.has(mark))
          deps.log(`offline codes: the hub's ${key} is not a valid issuer key; ignored`);
        badKeys.add(mark);
        continue;
      }
      keys.set(parsed.data.keyId, toIssuerKey(parsed.data));
    }
    return keys;
  }

  function pay(saleId: string, text: string, cashier?: SaleCashier | null): SaleDto {
    const trimmed = text.trim();
    const sale = withStoreErrors(file, 'complete', () =>
      db
        .transaction(() => {
          const left = deps.sales.amountDue(saleId);
          const now = deps.now();
          const keys = issuerKeys();
          const result = checkOfflineCode({
            text: trimmed,
            amount: left.amount,
            currency: left.currency,
            nowS: Math.floor(now.getTime() / 1000),
            findKey: (id) => keys.get(id),
            checkSignature,
            seen: store.seen,
            userUnsettled: store.userUnsettled,
            tillUnsettled: store.tillUnsettled(),
            limits: limitsOf(deps.policy()),
          });
          if (!result.ok) throw new TillpointError(result.code, result.message, result.details);
          const { code, key } = result;
          const at = now.toISOString();
          const attemptId = randomUUID();
          const recordId = randomUUID();
          // one wallet id for every issuer, so receipts and reports name it (the issuer is on the capture)
          const wallet = OFFLINE_CODE_PROVIDER;
          store.insertAttempt({
            id: attemptId,
            saleId,
            wallet,
            providerId: OFFLINE_CODE_PROVIDER,
            amount: left.amount,
            currency: left.currency,
            // like a wallet code, the code is a bearer credential: the attempt keeps only who and which counter
            maskedCode: `${code.userId}#${code.counter}`,
            recordId,
            at,
          });
          const payment: PaymentDto = {
            id: randomUUID(),
            method: 'wallet',
            attemptId,
            wallet,
            providerId: OFFLINE_CODE_PROVIDER,
            amount: left,
            createdAt: at,
            confirmation: 'provider',
            promotion: null,
          };
          const { dto } = deps.sales.completeWith(
            saleId,
            () => payment,
            (_sale, writtenAt) => {
              const record: OfflineCodeCapturedPayload = {
                recordId,
                saleId,
                paymentId: payment.id,
                issuerId: key.issuerId,
                keyId: key.keyId,
                userId: code.userId,
                counter: code.counter,
                amount: left,
                // the issuer checks its own signature again before it pays: it gets the code as scanned
                code: trimmed,
                issuedAt: new Date(code.issuedAtS * 1000).toISOString(),
                capturedAt: writtenAt,
              };
              store.insert({
                id: recordId,
                saleId,
                paymentId: payment.id,
                issuerId: key.issuerId,
                keyId: key.keyId,
                userId: code.userId,
                counter: code.counter,
                amount: left.amount,
                currency: left.currency,
                code: trimmed,
                issuedAt: record.issuedAt,
                capturedAt: writtenAt,
              });
              deps.sales.insertOutboxRow(
                offlineCodeIdempotencyKey(recordId),
                OFFLINE_CODE_CAPTURED,
                record,
                writtenAt,
              );
              deps.sales.appendJournalRow(
                OFFLINE_CODE_CAPTURED,
                saleId,
                { recordId, issuerId: key.issuerId, keyId: key.keyId, counter: code.counter, amount: left },
                writtenAt,
              );
            },
            cashier,
          );
          return dto;
        })
        .immediate(),
    );
    deps.outboxChanged();
    return sale;
  }

  return {
    pay,
    issuerKeys,
    /** the captures, newest first, with what the issuer answered (the till's settlement view) */
    captures: (limit = 100) => withStoreErrors(file, 'read', () => store.list(limit)),
  };
}

export type OfflineCodeService = ReturnType<typeof createOfflineCodeService>;
