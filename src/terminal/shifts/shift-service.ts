import { randomUUID } from 'node:crypto';
import { countTotal, fullCount, type DenominationCount } from '../../core/cash-count.js';
import { denominationsOf } from '../../core/denominations.js';
import { TillpointError } from '../../core/errors.js';
import { xReport, zReport, type ShiftReport, type StaffRef } from '../../core/shift-report.js';
import {
  shiftIdempotencyKey,
  shiftReportDto,
  type CashMovementDto,
  type ShiftChartsDto,
  type ShiftReportWithChartsDto,
  type ShiftStatusDto,
  type ShiftSummaryDto,
} from '../../shared/shift-dto.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors, type StoreAction } from '../store/store-errors.js';
import type { ShiftConfig } from './shift-config.js';
import type { ShiftHead, ShiftStore } from './shift-store.js';

/** Why the drawer opens: the print service pulses it (ESC p) for each. */
export type DrawerOpenReason = 'shift-open' | 'cash-in' | 'cash-out' | 'no-sale';

export interface ShiftServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: ShiftStore;
  readonly currency: string;
  readonly config: ShiftConfig;
  readonly now: () => Date;
  /** after the commit of an open, a cash movement or a no-sale */
  readonly onDrawerOpen: (reason: DrawerOpenReason) => void;
  /** after the commit of a close (its shift.closed outbox row) */
  readonly outboxChanged: () => void;
  /** inside the close's transaction: the Z report's print jobs */
  readonly closedInTransaction?: (report: ShiftReport, at: string) => void;
  readonly charts: (report: ShiftReport) => ShiftChartsDto;
}

/** The till's local hour of a UTC 'YYYY-MM-DDTHH' (the process's time zone is the shop's). */
const localHour = (utcHour: string): number => new Date(`${utcHour}:00:00.000Z`).getHours();

/**
 * Shifts: open with a counted float, cash in and out, no-sale, the X report at any time, the blind close
 * with its Z report. Each change is one transaction; the drawer hook runs only after it committed.
 */
export function createShiftService(deps: ShiftServiceDeps) {
  const { db, file, store, currency, config } = deps;
  const stamp = () => deps.now().toISOString();
  const write = <T>(action: StoreAction, fn: () => T): T =>
    withStoreErrors(file, action, () => db.transaction(fn).immediate());
  const read = <T>(fn: () => T): T => withStoreErrors(file, 'read', fn);

  function mustBeOpen(): ShiftHead {
    const open = store.openShift();
    if (!open) {
      throw new TillpointError('shift.not_open', 'No shift is open on this till. Open a shift first.');
    }
    return open;
  }

  // parsed: the report leaves through the contract's schema (a drifted field fails here, not on a screen)
  const withCharts = (report: ShiftReport): ShiftReportWithChartsDto => ({
    report: shiftReportDto.parse(report),
    charts: deps.charts(report),
  });

  function status(): ShiftStatusDto {
    return read(() => {
      const open = store.openShift();
      return {
        required: config.required,
        currency,
        denominations: [...(denominationsOf(currency) ?? [])],
        open: open
          ? {
              shiftId: open.id,
              openedAt: open.openedAt,
              openedBy: open.openedBy,
              openingFloat: open.openingFloat,
            }
          : null,
        nextZNumber: store.lastZ() + 1,
      };
    });
  }

  function move(
    kind: 'in' | 'out' | 'no-sale',
    amount: number,
    reason: string,
    by: StaffRef | null,
  ): CashMovementDto {
    const movement = write('change', () => {
      const open = mustBeOpen();
      const m = { id: randomUUID(), shiftId: open.id, kind, amount, currency, reason, by, at: stamp() };
      store.insertMovement(m);
      store.journal(
        kind === 'no-sale' ? 'drawer.noSale' : `cash.${kind}`,
        { shiftId: open.id, amount, reason, by },
        m.at,
      );
      return m;
    });
    deps.onDrawerOpen(kind === 'no-sale' ? 'no-sale' : kind === 'in' ? 'cash-in' : 'cash-out');
    return movement;
  }

  return {
    status,
    /** sale.start on a till whose shift.json requires a shift: refused while none is open */
    assertSaleAllowed(): void {
      if (config.required) read(mustBeOpen);
    },
    open(count: readonly DenominationCount[], by: StaffRef | null): ShiftStatusDto {
      const float = countTotal(currency, count);
      write('change', () => {
        const open = store.openShift();
        if (open) {
          throw new TillpointError(
            'shift.already_open',
            'A shift is already open on this till. Close it first.',
            {
              shiftId: open.id,
            },
          );
        }
        const id = randomUUID();
        const at = stamp();
        store.insert({ id, currency, at, by, float, count: fullCount(currency, count) });
        store.journal('shift.open', { shiftId: id, float, by }, at);
      });
      deps.onDrawerOpen('shift-open');
      return status();
    },
    cashMove(kind: 'in' | 'out', amount: number, reason: string, by: StaffRef | null): CashMovementDto {
      if (!Number.isSafeInteger(amount) || amount <= 0) {
        throw new TillpointError('tender.invalid_amount', 'Enter an amount above zero.', { amount });
      }
      return move(kind, amount, reason, by);
    },
    noSale: (reason: string, by: StaffRef | null): CashMovementDto => move('no-sale', 0, reason, by),
    /** The open shift's X report: nothing is reset, nothing is written. */
    x(): ShiftReportWithChartsDto {
      return withCharts(read(() => xReport(store.rows(mustBeOpen(), localHour))));
    },
    /**
     * Closes the open shift with the blind count: the Z report (next Z number), the shift's row and its
     * shift.closed outbox entry in one transaction. A variance over the tolerance without a note is refused
     * (shift.note_required, with the variance) and nothing is written.
     */
    close(
      count: readonly DenominationCount[],
      note: string | null,
      by: StaffRef | null,
    ): ShiftReportWithChartsDto {
      const counted = countTotal(currency, count);
      const closed = write('change', () => {
        const open = mustBeOpen();
        const ticket = store.openTicket();
        if (ticket !== null) {
          throw new TillpointError(
            'shift.ticket_open',
            'A ticket is still open. Complete or void it before closing the shift.',
            { saleId: ticket },
          );
        }
        const zNumber = store.lastZ() + 1;
        const closedAt = stamp();
        const report = zReport(store.rows(open, localHour), {
          zNumber,
          closedAt,
          closedBy: by,
          counted,
          denominations: fullCount(currency, count),
          note,
          toleranceMinor: config.varianceToleranceMinor,
        });
        const withIt = withCharts(report);
        const close = report.close!;
        store.close({
          id: open.id,
          at: closedAt,
          by,
          counted,
          count: close.denominations,
          expected: report.totals.cash.expected,
          variance: close.variance,
          note: close.note,
          zNumber,
          zReport: JSON.stringify(withIt),
        });
        store.insertOutbox(shiftIdempotencyKey(open.id), 'shift.closed', withIt, closedAt);
        store.journal(
          'shift.close',
          { shiftId: open.id, zNumber, counted, variance: close.variance, by },
          closedAt,
        );
        deps.closedInTransaction?.(report, closedAt);
        return withIt;
      });
      deps.outboxChanged();
      return closed;
    },
    list(limit: number): ShiftSummaryDto[] {
      return read(() =>
        store.closed(limit).map((s) => ({
          shiftId: s.id,
          zNumber: s.zNumber ?? 0,
          openedAt: s.openedAt,
          closedAt: s.closedAt ?? s.openedAt,
          counted: s.counted ?? 0,
          variance: s.variance ?? 0,
          currency: s.currency,
        })),
      );
    },
    /** For paper: a closed shift's Z report as it was closed, or (no id) the open shift's X report. */
    report(shiftId: string | undefined): ShiftReport {
      if (shiftId === undefined) return read(() => xReport(store.rows(mustBeOpen(), localHour)));
      const head = read(() => store.byId(shiftId));
      if (!head || head.zReport === null) {
        throw new TillpointError('shift.not_found', 'That shift is not closed on this till.', { shiftId });
      }
      return (JSON.parse(head.zReport) as ShiftReportWithChartsDto).report as ShiftReport;
    },
    /** A closed shift's Z report as it was closed. */
    get(shiftId: string): ShiftReportWithChartsDto {
      const head = read(() => store.byId(shiftId));
      if (!head || head.zReport === null) {
        throw new TillpointError('shift.not_found', 'That shift is not closed on this till.', { shiftId });
      }
      return JSON.parse(head.zReport) as ShiftReportWithChartsDto;
    },
  };
}
export type ShiftService = ReturnType<typeof createShiftService>;
