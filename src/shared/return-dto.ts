import { z } from 'zod';
import { moneyDto, refundDto, uuid } from './dto.js';

/** One line of a partial return: which sale line, and how many of its units come back. */
export const returnLineParam = z
  .object({ lineId: uuid, quantity: z.number().int().min(1).max(9_999) })
  .strict();

/**
 * How a split sale's refund is shared among its payments when the manager chooses (sale.return's
 * `allocation`): minor units per payment id, adding up to the return's amount. Absent: proportionally to
 * what each payment has left to give back.
 */
export const returnAllocationParam = z
  .array(z.object({ paymentId: uuid, amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict())
  .min(1)
  .max(20);

/** A partial return of a completed sale: the lines that came back and the refunds that paid for them. */
export const returnDto = z.object({
  /** made by the screen that asked (sale.return's `returnId`), so a retried call never returns twice */
  id: uuid,
  saleId: uuid,
  saleNumber: z.number().int().nullable(),
  reason: z.string(),
  /** what goes back to the customer: the lines' share of what the sale's payments took */
  amount: moneyDto,
  lines: z.array(
    z.object({
      lineId: uuid,
      name: z.string(),
      quantity: z.number().int().min(1),
      amount: moneyDto,
    }),
  ),
  /**
   * one refund per payment paid back: cash at once, a wallet's pending until its provider answers; a
   * failed one is tried again (a new refund) when sale.return is called again with the same returnId
   */
  refunds: z.array(refundDto),
  /** membership points taken back in proportion to what was returned */
  pointsReversed: z.number().int().min(0),
  /** the member of staff who made the return; null on a till without staff sign-in */
  cashier: z.object({ staffId: z.string(), name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
});
export type ReturnDto = z.infer<typeof returnDto>;
