import { canonicalJson } from './canonical-json.js';
import type { JournalAnchor, JournalHead } from './journal-chain.js';
import type { ShiftReport } from './shift-report.js';

/**
 * A signed Z closing: the shift's period totals, the perpetual grand totals that never reset (NF525's
 * "grand total perpétuel"), and the journal head at the close, signed with the till's own ECDSA P-256 key.
 * The signature makes the journal's end at that moment an anchor: deleting or rewriting rows up to it is seen
 * even if every hash after it were recomputed. Money in integer minor units of the till's one currency.
 */
export interface ClosingTotals {
  /** completed sales' totals */
  readonly gross: number;
  /** refunds paid back */
  readonly refunds: number;
  /** gross - refunds */
  readonly net: number;
}

export interface ZClosingDocument {
  readonly v: 1;
  readonly terminalId: string;
  readonly zNumber: number;
  readonly shiftId: string;
  readonly closedAt: string;
  readonly currency: string;
  /** the journal row of the close (shift.close): its seq and hash */
  readonly seq: number;
  readonly headHash: string;
  readonly period: ClosingTotals;
  readonly perpetual: ClosingTotals;
}

export const zeroClosingTotals: ClosingTotals = { gross: 0, refunds: 0, net: 0 };

/** The shift's own totals, from the Z report. */
export function periodTotals(report: ShiftReport): ClosingTotals {
  const gross = report.totals.sales.total;
  const refunds = report.totals.refunds.amount;
  return { gross, refunds, net: gross - refunds };
}

/** The perpetual totals after a close: the last close's plus this period's (never reset, never negative). */
export function addClosingTotals(a: ClosingTotals, b: ClosingTotals): ClosingTotals {
  const sum = (x: number, y: number) => {
    const s = x + y;
    if (!Number.isSafeInteger(s)) throw new RangeError('perpetual total past 2^53 minor units');
    return s;
  };
  return { gross: sum(a.gross, b.gross), refunds: sum(a.refunds, b.refunds), net: sum(a.net, b.net) };
}

export function zClosingDocument(input: {
  terminalId: string;
  report: ShiftReport;
  head: JournalHead;
  previousPerpetual: ClosingTotals;
}): ZClosingDocument {
  const { report, head } = input;
  if (!report.close) throw new RangeError('a Z closing needs a closed shift (a Z report)');
  const period = periodTotals(report);
  return {
    v: 1,
    terminalId: input.terminalId,
    zNumber: report.close.zNumber,
    shiftId: report.shiftId,
    closedAt: report.close.closedAt,
    currency: report.currency,
    seq: head.seq,
    headHash: head.hash,
    period,
    perpetual: addClosingTotals(input.previousPerpetual, period),
  };
}

/** The bytes the signature covers: the canonical JSON of the whole document. */
export const zClosingBytes = (doc: ZClosingDocument): string => canonicalJson(doc);

/** What a closing says about the chain, for verifyJournalChain. */
export const zClosingAnchor = (doc: ZClosingDocument): JournalAnchor => ({
  seq: doc.seq,
  hash: doc.headHash,
  source: `Z ${doc.zNumber}`,
});

/**
 * Problems within a run of closings (in Z order) that a signature alone does not show: a perpetual total
 * that is not the last one plus the period (a close removed), or a head that went backwards.
 */
export function closingSequenceProblem(docs: readonly ZClosingDocument[]): string | null {
  let perpetual = zeroClosingTotals;
  let seq = 0;
  for (const doc of docs) {
    const expected = addClosingTotals(perpetual, doc.period);
    if (canonicalJson(expected) !== canonicalJson(doc.perpetual)) {
      return `Z ${doc.zNumber}: perpetual totals do not follow from the closes before it`;
    }
    if (doc.seq <= seq)
      return `Z ${doc.zNumber}: journal seq ${doc.seq} is not after the last close's ${seq}`;
    perpetual = doc.perpetual;
    seq = doc.seq;
  }
  return null;
}
