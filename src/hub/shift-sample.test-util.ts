import { zReport, type ShiftRows } from '../core/shift-report.js';
import { shiftIdempotencyKey, type ShiftClosedPayload } from '../shared/shift-dto.js';

/** A closed shift's payload as a till sends it (the Z report from core, charts stubbed). */
export function sampleShift(shiftId: string, zNumber: number): ShiftClosedPayload {
  const rows: ShiftRows = {
    shiftId,
    currency: 'CNY',
    openedAt: '2026-12-07T01:00:00.000Z',
    openedBy: { staffId: 'f0f0f0f0-0000-4000-8000-000000000001', name: '王芳' },
    openingFloat: 20_000,
    sales: { count: 2, total: 1_250, discounts: 50 },
    receipts: { first: 11, last: 12 },
    payments: [
      { tender: 'cash', name: null, count: 1, amount: 1_000 },
      { tender: 'wallet', name: 'alipay', count: 1, amount: 250 },
    ],
    promotions: [],
    refunds: [],
    voids: { count: 0, amount: 0 },
    topUps: { count: 0, amount: 0 },
    taxes: [{ rateId: 'vat-13', name: 'VAT 13 %', rateBps: 1_300, tax: 144, total: 1_250 }],
    movements: [{ kind: 'out', count: 1, amount: 500 }],
    byHour: [{ hour: 9, count: 2, amount: 1_250 }],
  };
  const report = zReport(rows, {
    zNumber,
    closedAt: '2026-12-07T09:00:00.000Z',
    closedBy: null,
    counted: 20_500,
    denominations: [
      { value: 10_000, count: 2 },
      { value: 500, count: 1 },
    ],
    note: null,
    toleranceMinor: 0,
  });
  return {
    report: { ...report, kind: 'Z' } as ShiftClosedPayload['report'],
    charts: { salesByHour: '<svg/>', tenderMix: '<svg/>' },
  };
}
export const shiftEntry = (payload: ShiftClosedPayload) => ({
  idempotencyKey: shiftIdempotencyKey(payload.report.shiftId),
  kind: 'shift.closed',
  payload,
  createdAt: payload.report.close!.closedAt,
});
