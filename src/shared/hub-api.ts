import { offlineCodeCapturedPayload } from './offline-code-dto.js';
import { z } from 'zod';
import { categoryDto, paymentAttemptDto, productDto, refundDto, saleDto, taxRateDto } from './dto.js';
import { staffRemovePayload, staffUpsertPayload } from './hub-staff.js';
import { shiftClosedPayload } from './shift-dto.js';

/**
 * The hub's wire contract, shared by the hub (src/hub) and the terminal's future sync client so the two
 * cannot drift apart. Each side computes HMAC-SHA256 itself (src/shared may not import node:crypto).
 */

/** Paths of the hub's HTTP JSON API (version in the path, so a later v2 can run beside it). */
export const hubPaths = {
  health: '/v1/health',
  enroll: '/v1/enroll',
  outbox: '/v1/outbox',
  /** GET `?after=<cursor>&limit=<n>`, signed (the body hash is that of the empty string) */
  catalog: '/v1/catalog',
  /** GET, signed: the hub's staff key sealed for this terminal (src/shared/hub-staff.ts) */
  staffKey: '/v1/staff-key',
  /** POST, signed: how the issuer answered this terminal's offline code records (offline-code-dto.ts) */
  offlineCodeStatus: '/v1/offline-codes/status',
} as const;

/** The headers a signed request carries (names as sent; Node lowercases them on arrival). */
export const hubSignatureHeaders = {
  terminalId: 'X-Terminal-Id',
  timestamp: 'X-Timestamp',
  signature: 'X-Signature',
  /** a fresh random id per request (32 hex), which the hub's answer MAC covers: an old answer cannot be replayed */
  requestId: 'X-Request-Id',
  /** the hub's answer MAC (hubCanonicalResponse), on every answer to a signed request that carries X-Request-Id */
  responseMac: 'X-Response-Mac',
} as const;

/** ±300 s between the terminal's X-Timestamp and the hub's clock. */
export const hubSignatureWindowMs = 300_000;

/**
 * The string a hub request signature covers, one part per line so no value can slide into its neighbour
 * (like src/shared/gateway-signature.ts): `${METHOD}\n${path}\n${timestamp}\n${sha256hex(rawBody)}`.
 * `path` is the request target as sent, `timestamp` unix milliseconds. No nonce: every signed write is
 * idempotent (dedupe by key in the database), so a replay inside the window changes nothing, and a nonce
 * store would be shared state the hub processes would need.
 */
export function hubCanonicalRequest(
  method: string,
  path: string,
  timestamp: string,
  bodySha256Hex: string,
  /**
   * X-Request-Id when the till sends one (a fifth line): bound to the request, so a replayed older request
   * cannot be given the id of a newer one and have the hub's MACed answer to it pass as the newer one's
   */
  requestId?: string,
): string {
  const base = `${method.toUpperCase()}\n${path}\n${timestamp}\n${bodySha256Hex.toLowerCase()}`;
  return requestId === undefined ? base : `${base}\n${requestId}`;
}

/**
 * What the hub's answer MAC covers (HMAC-SHA256 with the terminal's secret, hex): the request's method and
 * target, the answer's status, the till's request id and the hash of the answer's body as sent. The till
 * checks it on every answer; a missing or wrong one is no answer at all (a man in the middle could
 * otherwise push prices, the offline policy or staff, or mark entries accepted that the hub never saw).
 */
export function hubCanonicalResponse(
  method: string,
  target: string,
  status: number,
  requestId: string,
  bodySha256Hex: string,
): string {
  return `tillpoint-hub-response\n${method.toUpperCase()}\n${target}\n${status}\n${requestId}\n${bodySha256Hex.toLowerCase()}`;
}

export const hubRequestIdPattern = /^[0-9a-f]{32}$/;

/** Largest request body the hub reads; more is 413 before any parsing. */
export const hubMaxBodyBytes = 1_048_576;
/** Most outbox entries in one batch; more is 413. */
export const hubMaxBatchItems = 500;

export const enrollRequest = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  name: z.string().min(1).max(100),
  /**
   * a random key the till makes once and keeps in its data folder before its first try (base64url of 32
   * bytes): the same till retrying with the same code and key gets the same enrollment back, not "code
   * used" (a reply lost after the hub committed). Optional: older tills send none.
   */
  enrollKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequest>;

export const enrollResponse = z.object({ terminalId: z.uuid(), secret: z.string().min(32) });
export type EnrollResponse = z.infer<typeof enrollResponse>;

/** Idempotency keys as the terminal's outbox makes them (`sale:<uuid>`, `svcard:<id>`). */
export const idempotencyKey = z.string().regex(/^[a-z][a-z0-9.-]{0,31}:[A-Za-z0-9_.:-]{1,128}$/);

/** One outbox row as sent. The payload is checked per kind, so one bad entry is rejected alone. */
export const outboxEntry = z.strictObject({
  idempotencyKey,
  kind: z.string().min(1).max(64),
  payload: z.unknown(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type OutboxEntryWire = z.infer<typeof outboxEntry>;

/**
 * The till's journal head (src/core/journal-chain.ts), sent with every batch so the hub notices a journal
 * that went backwards or forked (src/hub/journal-heads.ts); with the till's public key and its last signed Z
 * closing. Optional: older tills send none.
 */
export const journalHeadWire = z.strictObject({
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** ECDSA P-256 public key, SPKI DER in base64 */
  publicKey: z
    .string()
    .regex(/^[A-Za-z0-9+/=]{40,400}$/)
    .optional(),
  closing: z.strictObject({ document: z.string().max(8_000), signature: z.string().max(400) }).optional(),
  /**
   * the till's row at the furthest seq the hub answered last time (`journal.furthestSeq`): a till restored
   * from a backup that has sold past that seq again shows its fork here, which the head alone cannot
   */
  at: z
    .strictObject({ seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) })
    .optional(),
});
export type JournalHeadWire = z.infer<typeof journalHeadWire>;

export const outboxBatch = z.strictObject({
  entries: z.array(outboxEntry).min(1),
  journalHead: journalHeadWire.optional(),
});
export type OutboxBatch = z.infer<typeof outboxBatch>;

/** svcard.topup carries the stored-value transaction; the hub needs its id and state, keeps the rest. */
export const svcardTopupPayload = z.looseObject({ id: z.string().min(1), state: z.literal('committed') });

/**
 * payment.final: a wallet attempt reached its final state (succeeded, declined, reversed), written in the
 * same transaction as that transition, key `payment:<attemptId>`. The hub keeps the final state of every
 * payment, including those whose sale never completed (a charge reversed after an unknown outcome).
 */
export const paymentFinalPayload = paymentAttemptDto.extend({
  state: z.enum(['succeeded', 'declined', 'reversed']),
  /** reversed after the provider had taken the money (the reverse was a refund) */
  refunded: z.boolean(),
});
export type PaymentFinalPayload = z.infer<typeof paymentFinalPayload>;
export const paymentIdempotencyKey = (attemptId: string): string => `payment:${attemptId}`;

/**
 * sale.refunded: a completed sale was refunded in full (the money went back), written in the same
 * transaction as the refund became final, key `refund:<refundId>`. The till refunds only a sale whose
 * sale.completed entry the hub already accepted, so the hub always has the sale before its refund.
 */
export const saleRefundedPayload = refundDto.extend({
  state: z.literal('refunded'),
  refundedAt: z.iso.datetime(),
});
export type SaleRefundedPayload = z.infer<typeof saleRefundedPayload>;
export const refundIdempotencyKey = (refundId: string): string => `refund:${refundId}`;

export const saleVoidedPayload = saleDto.extend({ state: z.literal('voided') });
export const voidIdempotencyKey = (saleId: string): string => `void:${saleId}`;

/** The payload schema per outbox kind the hub accepts. */
export const outboxPayloadSchemas = {
  'sale.completed': saleDto,
  'svcard.topup': svcardTopupPayload,
  'payment.final': paymentFinalPayload,
  'sale.refunded': saleRefundedPayload,
  /**
   * a ticket voided with paid parts, key `void:<saleId>`: the sale with its payments, written in the void's
   * transaction before the refunds of those parts (sale.refunded), so the hub has the payments first
   */
  'sale.voided': saleVoidedPayload,
  /** a closed shift's Z report with its charts, key `shift:<shiftId>` */
  'shift.closed': shiftClosedPayload,
  /** an offline payment code the till took, key `offline-code:<recordId>`, after its sale's entry */
  'offline_code.captured': offlineCodeCapturedPayload,
} as const;
export type OutboxKind = keyof typeof outboxPayloadSchemas;
export type SaleDtoWire = z.infer<typeof saleDto>;

/** What the hub recorded when it first accepted an entry; a duplicate gets the same values again. */
export const acceptedResult = z.object({
  idempotencyKey: z.string(),
  status: z.enum(['accepted', 'duplicate']),
  hubSeq: z.number().int().positive(),
  receivedAt: z.string(),
});
export const refusedResult = z.object({
  idempotencyKey: z.string(),
  status: z.enum(['conflict', 'rejected']),
  reason: z.string(),
  /**
   * why, as a stable code (hub.entry_totals_mismatch ...; src/hub/entry-checks.ts): the till parks the entry
   * with it; optional, so a till reading an older hub's answer parks it as sync.rejected
   */
  code: z.string().optional(),
});
export const itemResult = z.union([acceptedResult, refusedResult]);
export type ItemResult = z.infer<typeof itemResult>;

export const outboxResponse = z.object({
  results: z.array(itemResult),
  /** what the hub made of the batch's journal head: `ok`, or a warning with its code (hub.journal_rolled_back ...) */
  journal: z
    .object({
      status: z.string(),
      code: z.string().optional(),
      message: z.string().optional(),
      /** the furthest seq the hub has seen from this till: the till sends its own row there next time */
      furthestSeq: z.number().int().nonnegative().optional(),
    })
    .optional(),
});
export type OutboxResponse = z.infer<typeof outboxResponse>;

/** Every non-2xx answer. `code` is stable (hub.clock_skew, hub.bad_signature ...); `message` is for people. */
export const hubErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type HubErrorBody = z.infer<typeof hubErrorBody>;

// --- catalog, price and configuration changes, pulled by terminals with a cursor

/**
 * One change the hub's operator published. Changes are applied in `seq` order; an upsert carries the whole
 * row, so applying a change twice is harmless (a terminal that crashed before saving its cursor re-applies).
 * `config.set` keys the terminal knows: `offline.policy` (src/core/offline-policy.ts); others are kept.
 * `staff.upsert` / `staff.remove` come only from `tillpoint hub staff`, never from a publish file.
 */
export const catalogChange = z.discriminatedUnion('kind', [
  z.object({ seq: z.number().int().positive(), kind: z.literal('product.upsert'), payload: productDto }),
  z.object({
    seq: z.number().int().positive(),
    kind: z.literal('product.remove'),
    payload: z.object({ id: z.string().min(1) }),
  }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('category.upsert'), payload: categoryDto }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('taxRate.upsert'), payload: taxRateDto }),
  z.object({
    seq: z.number().int().positive(),
    kind: z.literal('config.set'),
    payload: z.object({ key: z.string().min(1).max(100), value: z.unknown() }),
  }),
  /** a member of staff the hub publishes (hashes only; `tillpoint hub staff add`) */
  z.object({
    seq: z.number().int().positive(),
    kind: z.literal('staff.upsert'),
    payload: staffUpsertPayload,
  }),
  z.object({
    seq: z.number().int().positive(),
    kind: z.literal('staff.remove'),
    payload: staffRemovePayload,
  }),
]);
export type CatalogChange = z.infer<typeof catalogChange>;

/** Most changes in one pull answer. */
export const hubMaxCatalogPage = 1_000;

export const catalogPullResponse = z.object({
  changes: z.array(catalogChange),
  /** pass as `after` next time; '0' before the first change */
  cursor: z.string().regex(/^[0-9]+$/),
  /** more changes are waiting past this page */
  more: z.boolean(),
});
export type CatalogPullResponse = z.infer<typeof catalogPullResponse>;
