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
export const paymentDto = z.discriminatedUnion('method', [cashPaymentDto]);
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
