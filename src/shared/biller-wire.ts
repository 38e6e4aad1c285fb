import { z } from 'zod';

/**
 * The sandbox biller's wire (src/gateway/biller), modelled on Alipay's EBPP (电子账单缴费) API:
 * `alipay.ebpp.bill.search` is keyed by `charge_inst` (the biller), `bill_key` (the account or bill
 * number), `order_type` JF and `sub_order_type` (electricity / water / gas), and answers the amount owed,
 * the late fee (`bill_fines`), the masked name (`bill_user_name`) and a `charge_uniq_id` the payment cites.
 * Signed like the gateway's wallet calls (HMAC-SHA256, src/shared/gateway-signature.ts).
 */
export const billerPaths = {
  billers: '/v1/bill/billers',
  search: '/v1/bill/search',
  pay: '/v1/bill/pay',
  query: '/v1/bill/query',
} as const;

export const billerKinds = ['electricity', 'water', 'gas', 'phone'] as const;
export type BillerKind = (typeof billerKinds)[number];

export const billerWire = z.object({
  charge_inst: z.string().min(1).max(64),
  /** GS1 GLN of the biller (AI 415 on its payment slips) */
  gln: z.string().regex(/^\d{13}$/),
  sub_order_type: z.enum(billerKinds),
  name: z.string().min(1).max(100),
  name_en: z.string().min(1).max(100),
  /** ECMAScript regex (anchored) the account number must match; regional, so per biller */
  bill_key_pattern: z.string().min(1).max(200),
  /** 预存: the biller takes money ahead of a bill (and so offline, queued) */
  prepay: z.boolean(),
  /** fixed amounts only (phone top-up), minor units; absent: any amount */
  denominations: z.array(z.number().int().positive()).optional(),
  /** the most a single prepayment may be, minor units */
  max_prepay: z.number().int().positive(),
  currency: z.string().length(3),
});
export type BillerWire = z.infer<typeof billerWire>;
export const billersReply = z.object({ billers: z.array(billerWire) });

export const billSearchRequest = z
  .object({ charge_inst: z.string().min(1).max(64), bill_key: z.string().min(1).max(64) })
  .strict();
export const billSearchReply = z.object({
  charge_inst: z.string(),
  bill_key: z.string(),
  /** the bill's amount, minor units (0: nothing owing) */
  amount: z.number().int().min(0),
  /** the late fee on top of it, minor units */
  bill_fines: z.number().int().min(0),
  bill_user_name: z.string().max(100),
  bill_date: z.string().max(20).nullable(),
  due_date: z.string().max(20).nullable(),
  charge_uniq_id: z.string().max(64).nullable(),
  currency: z.string().length(3),
});
export type BillSearchReply = z.infer<typeof billSearchReply>;

export const billPayRequest = z
  .object({
    /** the till's idempotency key: the same key with the same payment answers the same result */
    out_order_no: z.string().min(1).max(64),
    charge_inst: z.string().min(1).max(64),
    bill_key: z.string().min(1).max(64),
    amount: z.number().int().positive(),
    currency: z.string().length(3),
    /** the bill being paid (from search); null: a prepayment (预存) */
    charge_uniq_id: z.string().min(1).max(64).nullable(),
  })
  .strict();
export type BillPayRequest = z.infer<typeof billPayRequest>;
export const billPayReply = z.object({
  out_order_no: z.string(),
  status: z.enum(['SUCCESS', 'REJECTED']),
  /** the biller's confirmation number (printed on the receipt) */
  confirmation_no: z.string().nullable(),
  reject_code: z.string().nullable(),
  reject_reason: z.string().nullable(),
});
export type BillPayReply = z.infer<typeof billPayReply>;
export const billQueryRequest = z.object({ out_order_no: z.string().min(1).max(64) }).strict();
