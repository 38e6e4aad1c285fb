import { z } from 'zod';
import { maxDenominationCount } from '../core/cash-count.js';
import { minorUnits } from './dto.js';

/** One row of a drawer count: how many of the note or coin worth `value` minor units. */
export const denominationCountDto = z
  .object({
    value: z.number().int().positive(),
    count: z.number().int().min(0).max(maxDenominationCount),
  })
  .strict();
export const drawerCountDto = z.array(denominationCountDto).max(30);

export const staffRefDto = z.object({ staffId: z.string(), name: z.string() });
const shiftTenderDto = z.enum(['cash', 'wallet', 'stored-value', 'bank-qr']);
const tenderGroupDto = z.object({
  tender: shiftTenderDto,
  name: z.string().nullable(),
  count: z.number().int(),
  amount: minorUnits,
});
const countAmount = z.object({ count: z.number().int(), amount: minorUnits });

/** An X or Z report (src/core/shift-report.ts): every amount minor units of `currency`. */
export const shiftReportDto = z.object({
  kind: z.enum(['X', 'Z']),
  shiftId: z.string(),
  currency: z.string(),
  openedAt: z.iso.datetime(),
  openedBy: staffRefDto.nullable(),
  totals: z.object({
    sales: z.object({ count: z.number().int(), total: minorUnits }),
    tenders: z.array(tenderGroupDto),
    refunds: z.object({ count: z.number().int(), amount: minorUnits, byTender: z.array(tenderGroupDto) }),
    voids: countAmount,
    /** cash rounding (抹零); optional: reports closed before cash rounding have none */
    rounding: countAmount.optional(),
    discounts: minorUnits,
    promotions: z.array(z.object({ label: z.string(), count: z.number().int(), amount: minorUnits })),
    topUps: countAmount,
    /** utility bill payments collected for billers; optional: reports from before bills have none */
    billPayments: countAmount.optional(),
    billRefundsOwed: countAmount.optional(),
    taxes: z.array(
      z.object({
        rateId: z.string(),
        name: z.string(),
        rateBps: z.number().int(),
        tax: minorUnits,
        total: minorUnits,
      }),
    ),
    receipts: z.object({ first: z.number().int().nullable(), last: z.number().int().nullable() }),
    cash: z.object({
      openingFloat: minorUnits,
      sales: minorUnits,
      refunds: minorUnits,
      topUps: minorUnits,
      cashIn: minorUnits,
      cashOut: minorUnits,
      noSales: z.number().int(),
      voidedParts: minorUnits.optional(),
      expected: minorUnits,
    }),
    byHour: z.array(
      z.object({ hour: z.number().int().min(0).max(23), count: z.number().int(), amount: minorUnits }),
    ),
  }),
  close: z
    .object({
      zNumber: z.number().int().positive(),
      closedAt: z.iso.datetime(),
      closedBy: staffRefDto.nullable(),
      counted: minorUnits,
      denominations: z.array(denominationCountDto),
      variance: minorUnits,
      note: z.string().nullable(),
    })
    .nullable(),
});
export type ShiftReportDto = z.infer<typeof shiftReportDto>;

/** The report's two charts as SVG documents, drawn by the terminal with echarts (the same on every screen). */
export const shiftChartsDto = z.object({ salesByHour: z.string(), tenderMix: z.string() });
export type ShiftChartsDto = z.infer<typeof shiftChartsDto>;

/** An X or Z report with its charts. */
export const shiftReportWithChartsDto = z.object({ report: shiftReportDto, charts: shiftChartsDto });
export type ShiftReportWithChartsDto = z.infer<typeof shiftReportWithChartsDto>;

/** The till's shift as the cashier's screen needs it. No expected cash here: the close count is blind. */
export const shiftStatusDto = z.object({
  /** shift.json: sales wait for an open shift */
  required: z.boolean(),
  currency: z.string(),
  /** the notes and coins of the till's currency, largest first (the count pad's rows) */
  denominations: z.array(z.object({ value: z.number().int(), kind: z.enum(['note', 'coin']) })),
  open: z
    .object({
      shiftId: z.string(),
      openedAt: z.iso.datetime(),
      openedBy: staffRefDto.nullable(),
      openingFloat: minorUnits,
    })
    .nullable(),
  /** the Z number the next close gets */
  nextZNumber: z.number().int().positive(),
});
export type ShiftStatusDto = z.infer<typeof shiftStatusDto>;

/** Cash in or out of the drawer, or a no-sale open, as recorded. */
export const cashMovementDto = z.object({
  id: z.string(),
  shiftId: z.string(),
  kind: z.enum(['in', 'out', 'no-sale']),
  amount: minorUnits,
  currency: z.string(),
  reason: z.string(),
  by: staffRefDto.nullable(),
  at: z.iso.datetime(),
});
export type CashMovementDto = z.infer<typeof cashMovementDto>;

/** A closed shift in the list (newest first). */
export const shiftSummaryDto = z.object({
  shiftId: z.string(),
  zNumber: z.number().int(),
  openedAt: z.iso.datetime(),
  closedAt: z.iso.datetime(),
  counted: minorUnits,
  variance: minorUnits,
  currency: z.string(),
});
export type ShiftSummaryDto = z.infer<typeof shiftSummaryDto>;

/** shift.closed, key `shift:<id>`: the Z report as closed, with its charts. */
export const shiftClosedPayload = z.object({
  report: shiftReportDto.extend({ kind: z.literal('Z') }),
  charts: shiftChartsDto,
});
export type ShiftClosedPayload = z.infer<typeof shiftClosedPayload>;
export const shiftIdempotencyKey = (shiftId: string): string => `shift:${shiftId}`;
