import { randomUUID } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';
import type { Handlers } from '../../shared/contract.js';
import type { SaleDto } from '../../shared/dto.js';
import type { KioskStatusDto } from '../../shared/kiosk-dto.js';
import type { Log } from '../../shared/log.js';
import type { TerminalEmit } from '../terminal-api.js';
import type { PaymentService } from '../payments/payment-service.js';
import type { SaleService } from '../sale-service.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { KioskConfig } from './kiosk-config.js';
import { createKioskReset, type KioskResetDeps } from './kiosk-reset.js';
import type { KioskStore, StoredHelpRequest } from './kiosk-store.js';
import type { PinCheck } from './pin-check.js';

export interface KioskServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: KioskStore;
  readonly pin: PinCheck;
  readonly config: KioskConfig;
  readonly sales: SaleService;
  readonly payments: PaymentService;
  readonly cards: KioskResetDeps['cards'];
  readonly paymentsResumed: () => Promise<void>;
  readonly now: () => Date;
  readonly emit: TerminalEmit;
  readonly log: Log;
}

/** The kiosk methods and the payment methods a kiosk guards; what createKioskService answers. */
export type KioskHandlers = Pick<
  Handlers,
  | 'kiosk.status'
  | 'kiosk.callStaff'
  | 'kiosk.staffClear'
  | 'kiosk.adminExit'
  | 'kiosk.reset'
  | 'payment.chargeCode'
  | 'payment.showQr'
  | 'svcard.payBegin'
>;

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The terminal as a self-service kiosk: help requests (Call staff, and the items that need a staff check),
 * the staff PIN that clears them or leaves kiosk mode, the payment gate for unchecked items, and giving up
 * a basket (kiosk.reset). Every change is committed, then announced as kiosk.changed.
 */
export function createKioskService(deps: KioskServiceDeps) {
  const { db, file, store, pin, sales, config } = deps;
  const write = <T>(fn: () => T): T => withStoreErrors(file, 'change', () => db.transaction(fn).immediate());
  const stamp = () => deps.now().toISOString();

  /** the open sale's lines that need a staff check and have none yet */
  function unapproved(saleId: string): string[] {
    const approved = store.approvedLines(saleId);
    return store.needsStaffLines(saleId).filter((id) => !approved.has(id));
  }

  function status(): KioskStatusDto {
    return withStoreErrors(file, 'read', () => {
      const open = sales.current();
      const help = store.openHelp();
      return {
        idleS: config.idleS,
        countdownS: config.countdownS,
        thankYouS: config.thankYouS,
        demoPin: pin.demoPin(),
        help: help && {
          id: help.id,
          reason: help.reason,
          raisedAt: help.raisedAt,
          lineIds: [...help.lineIds],
        },
        needsStaffLineIds: open === null ? [] : unapproved(open.id),
        pin: pin.status(),
      };
    });
  }

  let told = '';
  /** kiosk.changed with the status as committed, when it differs from the last one announced */
  function announce(): KioskStatusDto {
    const now = status();
    const text = JSON.stringify(now);
    if (text !== told) {
      told = text;
      deps.emit('kiosk.changed', now);
    }
    return now;
  }

  /** The open help request follows the basket: raised for unchecked items, ended with the sale. */
  function followSale(sale: SaleDto): void {
    write(() => {
      const help = store.openHelp();
      const at = stamp();
      if (sale.state !== 'open') {
        if (help && (help.saleId === sale.id || help.saleId === null)) {
          store.clearHelp(help.id, sale.state === 'completed' ? 'completed' : 'voided', at);
        }
        return;
      }
      const lineIds = unapproved(sale.id);
      if (lineIds.length > 0) {
        const wanted: StoredHelpRequest = {
          id: help?.id ?? randomUUID(),
          saleId: sale.id,
          reason: 'needsStaff',
          lineIds,
          raisedAt: help?.raisedAt ?? at,
        };
        if (!help) store.insertHelp(wanted);
        else if (help.reason !== 'needsStaff' || help.saleId !== sale.id || !sameIds(help.lineIds, lineIds)) {
          store.updateHelp(wanted);
        }
      } else if (help?.reason === 'needsStaff') {
        // the customer took the items off again: nothing left for staff to check
        store.clearHelp(help.id, 'removed', at);
      }
    });
  }

  /** Refuses to start a payment while an item waits for its staff check (and makes sure staff are called). */
  function refuseIfStaffNeeded(saleId: string): void {
    const lineIds = withStoreErrors(file, 'read', () => unapproved(saleId));
    if (lineIds.length === 0) return;
    const sale = sales.get(saleId);
    followSale(sale);
    announce();
    throw new TillpointError(
      'kiosk.staff_needed',
      'An item needs a staff check before you pay. A member of staff is on the way.',
      { saleId, lineIds },
    );
  }

  // a crash between a sale's end and its help request's end leaves the request open: end it now
  const left = withStoreErrors(file, 'read', () => store.openHelp());
  if (left?.saleId) {
    const state = store.saleState(left.saleId);
    if (state === 'completed' || state === 'voided') {
      write(() => store.clearHelp(left.id, state, stamp()));
    }
  }

  const reset = createKioskReset(deps);

  return {
    /** After every committed change of a sale (sale.changed): the help request follows, then kiosk.changed. */
    saleChanged(sale: SaleDto): void {
      try {
        followSale(sale);
        announce();
      } catch (error) {
        // the sale is committed already; the payment gate reads the lines themselves, so it still holds
        deps.log('kiosk: the help request could not follow the sale', error);
      }
    },
    /** the PIN pad's tries changed */
    pinChanged: () => void announce(),
    /** Wraps the payment methods that start taking money: none while an item waits for its staff check. */
    handlers(
      base: Pick<Handlers, 'payment.chargeCode' | 'payment.showQr' | 'svcard.payBegin'>,
    ): KioskHandlers {
      return {
        'kiosk.status': () => status(),
        'kiosk.callStaff': () => {
          write(() => {
            if (store.openHelp()) return;
            const open = sales.current();
            store.insertHelp({
              id: randomUUID(),
              saleId: open?.id ?? null,
              reason: 'customer',
              lineIds: [],
              raisedAt: stamp(),
            });
          });
          return announce();
        },
        'kiosk.staffClear': async ({ pin: typed }) => {
          await pin.verify(typed, (at) => {
            const help = store.openHelp();
            if (help) store.clearHelp(help.id, 'staff', at);
            const open = sales.current();
            const lineIds = open === null ? [] : unapproved(open.id);
            if (open !== null) store.approve(open.id, lineIds, at);
            store.journal('kiosk.staff_clear', open?.id ?? null, { help: help?.id ?? null, lineIds }, at);
          });
          return announce();
        },
        'kiosk.adminExit': async ({ pin: typed }) => {
          const at = await pin.verify(typed, (when) => store.journal('kiosk.exit', null, {}, when));
          deps.emit('kiosk.exit', { at });
          return announce();
        },
        'kiosk.reset': ({ saleId, reason }) => reset(saleId, reason),
        'payment.chargeCode': (params) => {
          refuseIfStaffNeeded(params.saleId);
          return base['payment.chargeCode'](params);
        },
        'payment.showQr': (params) => {
          refuseIfStaffNeeded(params.saleId);
          return base['payment.showQr'](params);
        },
        'svcard.payBegin': (params) => {
          refuseIfStaffNeeded(params.saleId);
          return base['svcard.payBegin'](params);
        },
      };
    },
  };
}

export type KioskService = ReturnType<typeof createKioskService>;
