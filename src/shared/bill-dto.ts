import { z } from 'zod';
import { billerKinds } from './biller-wire.js';
import { moneyDto, uuid } from './dto.js';

/** A biller the till collects for (its list comes from the biller service and is kept for offline use). */
export const billerDto = z.object({
  id: z.string(),
  kind: z.enum(billerKinds),
  /** the biller's name in the shop's language, and in English */
  name: z.string(),
  nameEn: z.string(),
  gln: z.string(),
  /** the account number's format (a regex): regional, so per biller */
  accountPattern: z.string(),
  /** 预存: takes money ahead of a bill, and so offline */
  prepay: z.boolean(),
  /** fixed amounts only (phone top-up); null: any amount */
  denominations: z.array(moneyDto).nullable(),
  maxPrepay: moneyDto,
});
export type BillerDto = z.infer<typeof billerDto>;

export const billStates = ['quoted', 'on_ticket', 'paid', 'confirmed', 'rejected', 'cancelled'] as const;
export const billStateDto = z.enum(billStates);
export type BillState = (typeof billStates)[number];

/** One bill payment, from the lookup to the biller's confirmation (or its refusal and the refund owed). */
export const billPaymentDto = z.object({
  id: uuid,
  billerId: z.string(),
  billerName: z.string(),
  billerNameEn: z.string(),
  account: z.string(),
  kind: z.enum(['bill', 'prepay']),
  state: billStateDto,
  /** what the customer pays (bill + late fee, or the prepayment); null until a prepayment's amount is chosen */
  amount: moneyDto.nullable(),
  billAmount: moneyDto.nullable(),
  lateFee: moneyDto.nullable(),
  maskedName: z.string().nullable(),
  dueDate: z.string().nullable(),
  /** taken while the biller could not be reached: a prepayment, paid to the biller when it answers again */
  offline: z.boolean(),
  saleId: uuid.nullable(),
  confirmationNo: z.string().nullable(),
  rejection: z.object({ code: z.string(), reason: z.string() }).nullable(),
  /** the biller refused after the money was taken and the ticket is not refunded yet: give it back */
  refundOwed: z.boolean(),
  /** why the last call to the biller did not settle it (it is tried again with the same key) */
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type BillPaymentDto = z.infer<typeof billPaymentDto>;
