import { z } from 'zod';

/** Wire shapes shared by the terminal service and every renderer. Money is integer minor units. */

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, three capital letters');
export const minorUnits = z.number().int().refine(Number.isSafeInteger, 'a safe integer of minor units');
export const uuid = z.uuid();

export const moneyDto = z.object({ amount: minorUnits, currency: currencyCode });
export type MoneyDto = z.infer<typeof moneyDto>;

/**
 * A second name for shop data (the English beside the Chinese), shown to a customer in the other language.
 * Optional: catalogs from before second names (an older hub's changes) have none.
 */
const altName = z.string().nullable().optional();
export const categoryDto = z.object({ id: z.string(), name: z.string(), altName });
export type CategoryDto = z.infer<typeof categoryDto>;

export const taxRateDto = z.object({
  id: z.string(),
  name: z.string(),
  /** Basis points: 1300 = 13 %. */
  rateBps: z.number().int().min(0).max(100_000),
  /** true: the price already contains the tax; false: the tax is added on top. */
  inclusive: z.boolean(),
});
export type TaxRateDto = z.infer<typeof taxRateDto>;

/** Why a product needs the attendant before a self-service customer may pay for it. */
export const needsStaffDto = z.enum(['age', 'weighed', 'value']);
export type NeedsStaffDto = z.infer<typeof needsStaffDto>;

export const productDto = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  altName,
  /** a kiosk asks the attendant before this product is paid for (age-restricted, weighed, high value) */
  needsStaff: needsStaffDto.nullable().optional(),
  barcode: z.string().nullable(),
  categoryId: z.string(),
  price: moneyDto,
  taxRateId: z.string(),
});
export type ProductDto = z.infer<typeof productDto>;

export const discountDto = z.discriminatedUnion('kind', [
  /** Basis points of the amount it applies to: 500 = 5 %. */
  z.object({ kind: z.literal('percent'), bps: z.number().int().min(1).max(10_000) }),
  /** A fixed amount off, in the sale's minor units. */
  z.object({ kind: z.literal('amount'), amount: minorUnits.pipe(z.number().min(1)) }),
]);
export type DiscountDto = z.infer<typeof discountDto>;

export const saleStateDto = z.enum(['open', 'completed', 'voided']);
export type SaleStateDto = z.infer<typeof saleStateDto>;

export const saleLineDto = z.object({
  id: uuid,
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  barcode: z.string().nullable(),
  quantity: z.number().int().min(1),
  unitPrice: moneyDto,
  discount: discountDto.nullable(),
  /** unitPrice x quantity */
  gross: moneyDto,
  /** this line's own discount */
  lineDiscount: moneyDto,
  /** this line's share of the ticket discount (largest-remainder allocation) */
  ticketDiscountShare: moneyDto,
  /** gross - lineDiscount - ticketDiscountShare */
  net: moneyDto,
  taxRateId: z.string(),
  taxInclusive: z.boolean(),
  tax: moneyDto,
  /** what the customer pays for this line: net, plus tax when the rate is exclusive */
  total: moneyDto,
});
export type SaleLineDto = z.infer<typeof saleLineDto>;

export const taxSummaryDto = z.object({
  taxRateId: z.string(),
  name: z.string(),
  rateBps: z.number().int(),
  inclusive: z.boolean(),
  base: moneyDto,
  tax: moneyDto,
});

export const saleTotalsDto = z.object({
  /** sum of gross */
  subtotal: moneyDto,
  /** line discounts + ticket discount */
  discount: moneyDto,
  /** all tax, inclusive and exclusive */
  tax: moneyDto,
  /** the part of tax added on top of prices (exclusive rates) */
  taxAdded: moneyDto,
  /** amount due */
  total: moneyDto,
  taxes: z.array(taxSummaryDto),
});
export type SaleTotalsDto = z.infer<typeof saleTotalsDto>;

export const cashPaymentDto = z.object({
  id: uuid,
  method: z.literal('cash'),
  /** applied to the sale */
  amount: moneyDto,
  tendered: moneyDto,
  change: moneyDto,
  createdAt: z.iso.datetime(),
  /**
   * cash rounding (抹零) of this payment: the rounded due less the due, negative when the shop wrote some
   * off; optional: payloads written before cash rounding have none
   */
  rounding: moneyDto.optional(),
});
/** A discount that depends on the tender: "5 % off with Alipay". */
export const tenderPromotionDto = z.object({ label: z.string(), discount: moneyDto });
export type TenderPromotionDto = z.infer<typeof tenderPromotionDto>;

/** A wallet payment: the attempt that paid it carries the provider's side of the story. */
export const walletPaymentDto = z.object({
  id: uuid,
  method: z.literal('wallet'),
  /** the payment attempt; also the provider's out_trade_no */
  attemptId: uuid,
  /** 'wechat' | 'alipay' | 'unionpay' | 'qqwallet' | 'sandbox' | a static-QR scheme's name */
  wallet: z.string(),
  providerId: z.string(),
  /** what the customer paid (the sale's total less a tender promotion, if any) */
  amount: moneyDto,
  createdAt: z.iso.datetime(),
  /** 'cashier': a static QR scheme gives no confirmation, the cashier's word is recorded as such */
  confirmation: z.enum(['provider', 'cashier']),
  /** the tender promotion taken off the sale's total for this payment, if any */
  promotion: tenderPromotionDto.nullable().optional(),
});
/** A closed-loop stored-value card payment: the balance lives on the card, the counter only grows. */
export const storedValuePaymentDto = z.object({
  id: uuid,
  method: z.literal('stored-value'),
  amount: moneyDto,
  /** the card's UID (upper-case hex): a lookup hint, not a card number */
  cardUid: z.string(),
  schemeId: z.string(),
  /** the card's transaction counter after this debit */
  counter: z.number().int().min(0),
  balanceAfter: moneyDto,
  /** the card transaction (sv_transactions) that took the money */
  cardTransactionId: uuid,
  createdAt: z.iso.datetime(),
});
export const paymentDto = z.discriminatedUnion('method', [
  cashPaymentDto,
  walletPaymentDto,
  storedValuePaymentDto,
]);
export type PaymentDto = z.infer<typeof paymentDto>;

/** A member of the shop's membership scheme. */
export const customerDto = z.object({
  id: uuid,
  name: z.string(),
  /** the member discount, applied as the ticket discount when the card is tapped during a sale */
  discountBps: z.number().int().min(0).max(10_000),
  points: z.number().int().min(0),
  /** the card's UID, upper-case hex; null when no card is enrolled */
  cardUid: z.string().nullable(),
});
export type CustomerDto = z.infer<typeof customerDto>;

/** A refund of a completed sale (only once the sale reached the hub). */
export const refundStateDto = z.enum(['pending', 'refunded', 'failed']);
export type RefundStateDto = z.infer<typeof refundStateDto>;

export const refundDto = z.object({
  /** made by the till; also the wallet provider's out_refund_no, so a retry can never pay out twice */
  id: uuid,
  saleId: uuid,
  /** pending: a wallet refund sent whose answer is not known yet (retried with the same id) */
  state: refundStateDto,
  /** how the sale was paid */
  tender: z.enum(['cash', 'wallet', 'stored-value']),
  /** how the money went back: cash out of the drawer (cash and stored-value sales) or the wallet's refund */
  method: z.enum(['cash', 'wallet']),
  /** what the customer paid (a wallet's tender promotion was never paid, so it is not paid back) */
  amount: moneyDto,
  /** the cashier's reason */
  reason: z.string(),
  /** wallet refunds: the payment attempt refunded (the provider's out_trade_no), its wallet and provider */
  attemptId: uuid.nullable(),
  wallet: z.string().nullable(),
  providerId: z.string().nullable(),
  /** failed: the provider's reason; pending: why the last try got no answer */
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** the membership points the sale had earned, taken back with the refund */
  pointsReversed: z.number().int().min(0),
  /** the partial return this refund pays back a part of (sale.return); null or absent: a full refund or a void */
  returnId: uuid.nullable().optional(),
  createdAt: z.iso.datetime(),
  /** when the money went back; null while pending or failed */
  refundedAt: z.iso.datetime().nullable(),
});
export type RefundDto = z.infer<typeof refundDto>;

/** refund.list: a refund with its sale's receipt number and how often the provider was asked. */
export const refundListItemDto = refundDto.extend({
  saleNumber: z.number().int().nullable(),
  tries: z.number().int().min(0),
});
export type RefundListItemDto = z.infer<typeof refundListItemDto>;

export const saleDto = z.object({
  id: uuid,
  /** receipt number, given when the sale completes; null while open or when voided */
  number: z.number().int().nullable(),
  state: saleStateDto,
  currency: currencyCode,
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  voidedAt: z.iso.datetime().nullable(),
  lines: z.array(saleLineDto),
  ticketDiscount: discountDto.nullable(),
  totals: saleTotalsDto,
  payments: z.array(paymentDto),
  /** the member attached by a card tap */
  customer: customerDto.nullable(),
  /** membership points this sale earned (given when it completes) */
  pointsEarned: z.number().int().min(0),
  /**
   * what the customer keeps to find this sale again (the receipt QR, returns), given when it completes;
   * optional: payloads written before receipt codes have none
   */
  receiptCode: z.string().nullable().optional(),
  /** the sale's refund (the last try, when one failed); optional: payloads written before refunds have none */
  refund: refundDto.nullable().optional(),
  /**
   * split tender: what the payments cover so far (amounts, tender promotions and cash rounding), and what
   * is left to pay; optional only so payloads written before split tender still parse (always filled)
   */
  paid: moneyDto.optional(),
  remaining: moneyDto.optional(),
  /**
   * the member of staff signed in on the screen that took the payment (printed as the cashier); absent on
   * a till without staff sign-in and on sales completed before it was recorded
   */
  cashier: z.object({ staffId: z.string(), name: z.string() }).nullable().optional(),
  /**
   * partial returns: per sale line, the quantity returned so far and the amount paid back for it; absent
   * on payloads written before returns (and on sales with none)
   */
  returned: z
    .array(z.object({ lineId: uuid, quantity: z.number().int().min(1), amount: moneyDto }))
    .optional(),
});
export type SaleDto = z.infer<typeof saleDto>;

export const saleSummaryDto = z.object({
  id: uuid,
  number: z.number().int().nullable(),
  state: saleStateDto,
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  total: moneyDto,
  itemCount: z.number().int(),
  tenders: z.array(z.string()),
  /** the state of the sale's refund, null when it has none */
  refund: refundStateDto.nullable(),
});
export type SaleSummaryDto = z.infer<typeof saleSummaryDto>;

// --- the outbox's way to the hub

export const problemDto = z.object({ code: z.string(), message: z.string() });
export type ProblemDto = z.infer<typeof problemDto>;

/** What the status bar and the red bar show about syncing. */
export const syncHealthDto = z.object({
  /** false until the terminal enrolled with a hub (`tillpoint enroll` or the Sync screen) */
  enrolled: z.boolean(),
  hubUrl: z.string().nullable(),
  /** online: the hub answered the last request; offline: it could not be reached; unknown: not tried yet */
  network: z.enum(['unknown', 'online', 'offline']),
  /** entries waiting to be sent (queued or in flight) */
  queued: z.number().int().min(0),
  /** entries the hub refused, waiting for a manager */
  parked: z.number().int().min(0),
  /** created time of the oldest entry not yet at the hub */
  oldestQueuedAt: z.iso.datetime().nullable(),
  lastSyncAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastError: problemDto.nullable(),
  /** the merchant's limit on how old an unsynced sale may get (default 24 h) */
  ageLimitS: z.number().int().positive(),
  /** the oldest unsynced entry is older than the limit: the red bar */
  overdue: z.boolean(),
  /** what the till does while overdue */
  pastLimit: z.enum(['warn', 'refuse-non-cash']),
  /** wallet payment attempts that may still take or give back money (not succeeded, declined or reversed) */
  unfinishedPayments: z.number().int().min(0),
  /** wallet refunds sent whose answer is not known yet (asked again with the same refund number) */
  pendingRefunds: z.number().int().min(0),
});
export type SyncHealthDto = z.infer<typeof syncHealthDto>;

export const outboxStateDto = z.enum(['queued', 'sent', 'parked', 'resolved']);
export type OutboxStateDto = z.infer<typeof outboxStateDto>;

/** One outbox row as the Sync screen lists it. */
export const outboxEntryDto = z.object({
  id: z.number().int().positive(),
  idempotencyKey: z.string(),
  kind: z.string(),
  state: outboxStateDto,
  /** the sale's receipt number, when the entry is a sale */
  receiptNumber: z.number().int().nullable(),
  /** the money the entry moved (a sale's total, a top-up, a payment), when it has one */
  amount: moneyDto.nullable(),
  attempts: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  /** the hub's reason for a parked entry, or the last error of a queued one */
  reason: problemDto.nullable(),
  /** what the manager wrote when resolving a parked entry */
  resolution: z.string().nullable(),
});
export type OutboxEntryDto = z.infer<typeof outboxEntryDto>;

export const statusDto = z.object({
  terminalName: z.string(),
  /** the hub's reachability (same as sync.network; kept for the status bar) */
  network: z.enum(['unknown', 'online', 'offline']),
  outboxQueued: z.number().int().min(0),
  /** the NFC reader, as the status bar shows it */
  nfc: z.enum(['off', 'unavailable', 'not-installed', 'no-reader', 'ready', 'card-present']),
  sync: syncHealthDto,
});
export type StatusDto = z.infer<typeof statusDto>;

export const terminalInfoDto = z.object({
  terminalId: uuid,
  terminalName: z.string(),
  currency: currencyCode,
  locale: z.string(),
  version: z.string(),
  schemaVersion: z.number().int(),
  /** stored-value cards use the public demo key (demo mode): the status bar says so */
  demoCardKey: z.boolean(),
  /** shop.json's cash rounding (抹零) for the till's currency; optional: older tills do not say */
  cashRounding: z.enum(['none', 'down-0.10', 'nearest-0.05']).optional(),
  /** why stored-value cards are off (card.no_scheme), or null when they are set up */
  storedValueOff: z
    .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.string()) })
    .nullable(),
});
export type TerminalInfoDto = z.infer<typeof terminalInfoDto>;

export const tenderDto = z.discriminatedUnion('method', [
  z.object({ method: z.literal('cash'), tendered: minorUnits.pipe(z.number().min(0)) }),
]);
export type TenderDto = z.infer<typeof tenderDto>;

/** A payment attempt's states (src/core/payment-state.ts holds the transition table). */
export const paymentAttemptStateDto = z.enum([
  'created',
  'charging',
  'paying',
  'succeeded',
  'declined',
  'unknown',
  'reversing',
  'reversed',
]);
export type PaymentAttemptStateDto = z.infer<typeof paymentAttemptStateDto>;

export const paymentAttemptKindDto = z.enum(['customer-code', 'merchant-qr', 'static-qr']);
export type PaymentAttemptKindDto = z.infer<typeof paymentAttemptKindDto>;

/** One try at taking a wallet payment for a sale. `id` is the provider's out_trade_no and idempotency key. */
export const paymentAttemptDto = z.object({
  id: uuid,
  saleId: uuid,
  kind: paymentAttemptKindDto,
  wallet: z.string().nullable(),
  providerId: z.string(),
  /** what is charged: the sale's total less the tender promotion, if any */
  amount: moneyDto,
  state: paymentAttemptStateDto,
  /** why the attempt is declined / unknown / reversed (a stable code and a cashier message) */
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** the customer's code masked (first 4 + … + last 4); never the full code */
  maskedCode: z.string().nullable(),
  /** the QR shown to the customer (merchant-qr and static-qr) */
  qr: z.object({ payload: z.string(), expiresAt: z.iso.datetime() }).nullable(),
  confirmation: z.enum(['provider', 'cashier']).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PaymentAttemptDto = z.infer<typeof paymentAttemptDto>;

/** payment.list: an attempt with its sale's receipt number and the moment the till gives up on it. */
export const paymentListItemDto = paymentAttemptDto.extend({
  /** the sale's receipt number once it completed; null while the sale is open or voided */
  saleNumber: z.number().int().nullable(),
  /** start + paymentTimeoutS: not paid by then, the till reverses it */
  deadlineAt: z.iso.datetime(),
});
export type PaymentListItemDto = z.infer<typeof paymentListItemDto>;

/** The non-cash tenders the offline risk limits apply to (cash is never limited). */
export const offlineTenderDto = z.enum(['wallet', 'static-qr', 'stored-value']);
export type OfflineTenderDto = z.infer<typeof offlineTenderDto>;

/**
 * How far a tender may go while sales wait for the hub (src/core/offline-policy.ts), shown before the cashier
 * picks it: what is left, or why it is refused. Null fields: the merchant sets no such limit.
 */
export const offlineHeadroomDto = z.object({
  tender: offlineTenderDto,
  /** false: the terminal refuses this tender now, for `refusal` */
  allowed: z.boolean(),
  /** the error the tender would be refused with (offline.limit_* or sync.overdue) */
  refusal: z
    .object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.union([z.string(), z.number()])),
    })
    .nullable(),
  /** a limit applies to this tender (or the overdue policy refuses non-cash): worth a line on screen */
  limited: z.boolean(),
  /** sales with this tender still allowed, this one included */
  countLeft: z.number().int().min(0).nullable(),
  /** money with this tender still allowed, this sale included */
  totalLeft: moneyDto.nullable(),
  /** the largest sale this tender may take now */
  amountLeft: moneyDto.nullable(),
  /** whole seconds until an age limit refuses this tender (as of the answer) */
  secondsLeft: z.number().int().min(0).nullable(),
  /** the oldest unsynced entry is past the merchant's limit (the red bar) */
  overdue: z.boolean(),
});
export type OfflineHeadroomDto = z.infer<typeof offlineHeadroomDto>;

/** What the cashier can offer for a sale: wallets by customer code, and QR codes to show. */
export const paymentOptionsDto = z.object({
  wallets: z.array(
    z.object({
      wallet: z.string(),
      providerId: z.string(),
      label: z.string(),
      /** shown before the customer pays; the amount charged is the total less this discount */
      promotion: tenderPromotionDto.nullable(),
    }),
  ),
  merchantQr: z.array(
    z.object({ providerId: z.string(), label: z.string(), kind: z.enum(['merchant-qr', 'static-qr']) }),
  ),
  /** false when the last provider call could not connect (customer-code charges need the network) */
  online: z.boolean(),
  /** each non-cash tender's offline headroom for this sale */
  offline: z.object({
    wallet: offlineHeadroomDto,
    'static-qr': offlineHeadroomDto,
    'stored-value': offlineHeadroomDto,
  }),
});
export type PaymentOptionsDto = z.infer<typeof paymentOptionsDto>;
