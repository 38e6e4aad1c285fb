import { dirname } from 'node:path';
import { TillpointError } from '../../core/errors.js';
import type { CallContext, Handlers } from '../../shared/contract.js';
import type { ShiftReport, StaffRef } from '../../core/shift-report.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { loadShiftConfig, type ShiftConfig } from './shift-config.js';
import { shiftCharts } from './shift-charts.js';
import { createShiftService, type DrawerOpenReason } from './shift-service.js';
import { createShiftStore } from './shift-store.js';

export type { DrawerOpenReason } from './shift-service.js';

export interface ShiftsDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly currency: string;
  /** the till's language: the charts' labels */
  readonly locale: () => string;
  readonly now: () => Date;
  /** createTerminal's tests pass it; openTerminal reads `<data>/shift.json` */
  readonly shiftConfig?: ShiftConfig;
  /** the drawer opens (shift open, cash in/out, no-sale): the print service pulses it */
  readonly onDrawerOpen?: (reason: DrawerOpenReason) => void;
  readonly outboxChanged: () => void;
  /** the print service: the Z report queued in the close's transaction, and shift.print */
  readonly print?: {
    shiftClosed(report: ShiftReport, at: string): void;
    printShiftReport(report: ShiftReport): ReturnType<Handlers['shift.print']>;
  };
  readonly log: (message: string, error?: unknown) => void;
  /** signs the Z closing (journal head, perpetual totals) in the close's transaction, before it is printed */
  readonly signClosing?: (report: ShiftReport) => void;
}

const staffOf = (context?: CallContext): StaffRef | null => {
  const s = context?.session?.signedIn;
  return s ? { staffId: s.staffId, name: s.name } : null;
};

type ShiftMethod =
  | 'shift.status'
  | 'shift.open'
  | 'shift.cashMove'
  | 'shift.noSale'
  | 'shift.xReport'
  | 'shift.close'
  | 'shift.list'
  | 'shift.get'
  | 'shift.print';

/**
 * The shift part of the terminal: the service over `<data>/shift.json`, its contract handlers (the staff
 * signed in on the calling screen is who opened, moved cash or closed), and the guard sale.start asks.
 */
export function createShifts(deps: ShiftsDeps) {
  const service = createShiftService({
    db: deps.db,
    file: deps.file,
    store: createShiftStore(deps.db),
    currency: deps.currency,
    config: deps.shiftConfig ?? loadShiftConfig(dirname(deps.file)),
    now: deps.now,
    onDrawerOpen: (reason) => {
      // a printer that fails never undoes what the drawer recorded
      try {
        deps.onDrawerOpen?.(reason);
      } catch (error) {
        deps.log(`opening the drawer (${reason}) failed`, error);
      }
    },
    outboxChanged: deps.outboxChanged,
    closedInTransaction: (report, at) => {
      deps.signClosing?.(report);
      deps.print?.shiftClosed(report, at);
    },
    charts: (report) => shiftCharts(report.totals, report.currency, deps.locale()),
  });
  const handlers: Pick<Handlers, ShiftMethod> = {
    'shift.status': () => service.status(),
    'shift.open': ({ count }, context) => service.open(count, staffOf(context)),
    'shift.cashMove': ({ kind, amount, reason }, context) =>
      service.cashMove(kind, amount, reason, staffOf(context)),
    'shift.noSale': ({ reason }, context) => service.noSale(reason ?? 'no sale', staffOf(context)),
    'shift.xReport': () => service.x(),
    'shift.close': ({ count, note }, context) => service.close(count, note ?? null, staffOf(context)),
    'shift.list': ({ limit }) => service.list(limit ?? 50),
    'shift.get': ({ shiftId }) => service.get(shiftId),
    'shift.print': ({ shiftId }) => {
      if (!deps.print)
        throw new TillpointError('print.no_printer', 'No receipt printer is set up (printers.json).');
      return deps.print.printShiftReport(service.report(shiftId));
    },
  };
  return { service, handlers, assertSaleAllowed: service.assertSaleAllowed };
}
