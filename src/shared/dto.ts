import { z } from 'zod';

/** Wire shapes shared by the terminal service and every renderer. Money is integer minor units. */

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, three capital letters');
export const minorUnits = z.number().int().refine(Number.isSafeInteger, 'a safe integer of minor units');
export const uuid = z.uuid();

export const moneyDto = z.object({ amount: minorUnits, currency: currencyCode });
export type MoneyDto = z.infer<typeof moneyDto>;

export const categoryDto = z.object({ id: z.string(), name: z.string() });
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

export const productDto = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
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
});
/** A discount that depends on the tender (issue 3): "5 % off with Alipay". */
export const tenderPromotionDto = z.object({ label: z.string(), discount: moneyDto });
export type TenderPromotionDto = z.infer<typeof tenderPromotionDto>;

/** A wallet payment (issue 3): the attempt that paid it carries the provider's side of the story. */
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
export const paymentDto = z.discriminatedUnion('method', [cashPaymentDto, walletPaymentDto]);
export type PaymentDto = z.infer<typeof paymentDto>;

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
});
export type SaleSummaryDto = z.infer<typeof saleSummaryDto>;

export const statusDto = z.object({
  terminalName: z.string(),
  /** 'unknown' until sync lands (issue 5) */
  network: z.enum(['unknown', 'online', 'offline']),
  outboxQueued: z.number().int().min(0),
});
export type StatusDto = z.infer<typeof statusDto>;

export const terminalInfoDto = z.object({
  terminalId: uuid,
  terminalName: z.string(),
  currency: currencyCode,
  locale: z.string(),
  version: z.string(),
  schemaVersion: z.number().int(),
});
export type TerminalInfoDto = z.infer<typeof terminalInfoDto>;

export const tenderDto = z.discriminatedUnion('method', [
  z.object({ method: z.literal('cash'), tendered: minorUnits.pipe(z.number().min(0)) }),
]);
export type TenderDto = z.infer<typeof tenderDto>;

/** Issue 3: a payment attempt's states (src/core/payment-state.ts holds the transition table). */
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
});
export type PaymentOptionsDto = z.infer<typeof paymentOptionsDto>;
