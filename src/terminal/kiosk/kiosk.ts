import { TillpointError } from '../../core/errors.js';
import type { Handlers } from '../../shared/contract.js';
import type { SaleDto } from '../../shared/dto.js';
import type { KioskConfig } from './kiosk-config.js';
import { createKioskService, type KioskHandlers, type KioskServiceDeps } from './kiosk-service.js';
import { createKioskStore } from './kiosk-store.js';
import { createPinCheck, type PinCheck } from './pin-check.js';

export interface KioskDeps extends Omit<KioskServiceDeps, 'store' | 'pin'> {
  /** the terminal was started as a kiosk (serve --kiosk, start --kiosk) */
  readonly enabled: boolean;
  /** demo mode: the public demo PIN 1234 while no staff PIN is set */
  readonly demo: boolean;
  readonly config: KioskConfig;
}

type GuardedBase = Pick<Handlers, 'payment.chargeCode' | 'payment.showQr' | 'svcard.payBegin'>;

const notKiosk = (): never => {
  throw new TillpointError('kiosk.not_enabled', 'This till is not a self-service kiosk.');
};
/** A terminal not started as a kiosk answers every kiosk method with kiosk.not_enabled. */
const notAKiosk = {
  'kiosk.status': notKiosk,
  'kiosk.callStaff': notKiosk,
  'kiosk.staffClear': notKiosk,
  'kiosk.adminExit': notKiosk,
  'kiosk.reset': notKiosk,
} satisfies Partial<Handlers>;

/**
 * The kiosk part of the terminal: the kiosk service on a terminal started as a kiosk (refused without a
 * staff PIN unless in demo mode), kiosk.not_enabled elsewhere; setting the staff PIN works on either (the CLI).
 */
export function createKiosk(deps: KioskDeps) {
  // built on first use: a terminal that is no kiosk reads no kiosk table until a PIN is set
  let pin: PinCheck | null = null;
  let service: ReturnType<typeof createKioskService> | null = null;
  const pinCheck = (): PinCheck => {
    pin ??= createPinCheck({
      db: deps.db,
      file: deps.file,
      store: createKioskStore(deps.db),
      maxTries: deps.config.maxTries,
      lockoutS: deps.config.lockoutS,
      demo: deps.enabled && deps.demo,
      now: deps.now,
      changed: () => service?.pinChanged(),
    });
    return pin;
  };
  if (deps.enabled) {
    const check = pinCheck();
    if (!check.hasPin() && !deps.demo) {
      throw new TillpointError(
        'kiosk.no_staff_pin',
        'No staff PIN is set for this kiosk. Set one with tillpoint kiosk set-pin (or run in demo mode).',
      );
    }
    service = createKioskService({ ...deps, store: createKioskStore(deps.db), pin: check });
  }
  return {
    /** the kiosk methods, and the payment methods guarded on a kiosk (unchanged elsewhere) */
    handlers: (base: GuardedBase): KioskHandlers =>
      service ? service.handlers(base) : { ...notAKiosk, ...base },
    /** after every committed change of a sale */
    saleChanged(sale: SaleDto): void {
      service?.saleChanged(sale);
    },
    /** `tillpoint kiosk set-pin`: sets the staff PIN (4-8 digits) and ends a lockout */
    setStaffPin: (value: string): Promise<void> => pinCheck().set(value),
  };
}
