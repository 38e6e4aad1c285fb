import type { PaymentProvider } from './payments/provider.js';
import type { CashRoundingConfig } from './cash-rounding-config.js';
import type { PrintOptions } from './print/print-service.js';
import type { BackoffPolicy } from '../core/backoff.js';
import type { OfflinePolicy } from '../core/offline-policy.js';
import type { EventName, EventPayload, Handlers, MethodName } from '../shared/contract.js';
import type { CustomerDto } from '../shared/dto.js';
import type { Log } from '../shared/log.js';
import type { NfcOption } from './cards/cards.js';
import type { SvSchemeFile } from './cards/sv-scheme.js';
import type { KioskConfig } from './kiosk/kiosk-config.js';
import type { StaffGate } from '../shared/dispatch.js';
import type { StaffConfig } from './staff/staff-config.js';
import type { ShiftConfig } from './shifts/shift-config.js';
import type { DrawerOpenReason } from './shifts/shift-service.js';
import type { PinHashParams } from './staff/staff-pin-hash.js';
import type { StaffService } from './staff/staff-service.js';
import type { SeedCatalog } from './demo-catalog.js';
import type { ProvidersFile } from './payments/provider-config.js';
import type { SecretBox } from './secrets/secret-box.js';
import type { SynchronousMode } from './store/open-store.js';
import type { OverduePolicy } from './sync/sync-service.js';

/**
 * The terminal service's public shape: what openTerminal takes and answers, its events and the methods a
 * read-only open answers. terminal.ts (the composition root) builds it and re-exports all of this.
 */

/** One event of the contract's table with its payload: a listener narrows the payload by the name. */
export type TerminalEvent = { [E in EventName]: [event: E, payload: EventPayload<E>] }[EventName];
export type TerminalEventListener = (...event: TerminalEvent) => void;
/** The terminal's emitter: only names of the contract's event table, each with its own payload type. */
export type TerminalEmit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
/** callable (info) with optional per-level functions: src/shared/log.ts */
export type TerminalLog = Log;

export interface Terminal {
  /** every method of the contract (src/shared/contract.ts) */
  readonly handlers: Handlers;
  onEvent(listener: TerminalEventListener): () => void;
  readonly dbFile: string;
  /**
   * Starts the background work, in this order: resume unfinished payment attempts, resume pending wallet
   * refunds, start syncing, start the NFC port. Runs once (a second call answers the first one's promise).
   * Settles when every unfinished payment attempt found at start got its first step (a query or a reverse);
   * payment calls wait for that. openTerminal calls it unless told not to.
   */
  start(): Promise<void>;
  /** Sets the kiosk's staff PIN (4 to 8 digits; `tillpoint kiosk set-pin`) and ends a PIN lockout. */
  setStaffPin(pin: string): Promise<void>;
  /** staff on this till (`tillpoint staff add/list/remove`), sign-in and approvals */
  readonly staff: StaffService;
  /** what the transports hand the dispatcher: it checks every cashier's call against the staff state */
  readonly staffGate: StaffGate;
  /** Closes the database at once; settles when the NFC port has let go of pcscd too (await it before reopening). */
  close(): Promise<void>;
}

/**
 * The contract methods that only read. The read-only terminal answers these and nothing else, so a report
 * can never drive a payment, a refund or the sync.
 */
export const readOnlyMethods = [
  'terminal.info',
  'status.get',
  'catalog.categories',
  'catalog.taxRates',
  'catalog.search',
  'sales.list',
  'sales.get',
  'payment.get',
  'sync.status',
  'sync.entries',
] as const satisfies readonly MethodName[];
export type ReadOnlyMethod = (typeof readOnlyMethods)[number];

/** A terminal that reads a data folder and starts nothing: no resumed payments, no sync, no NFC, no lock. */
export interface ReadOnlyTerminal {
  readonly handlers: Pick<Handlers, ReadOnlyMethod>;
  readonly dbFile: string;
  close(): Promise<void>;
}

export interface OpenTerminalOptions {
  readonly dataDir: string;
  /**
   * false: openTerminal builds everything and starts nothing, so the caller can listen to events before
   * `terminal.start()` (the events of payments resumed after a crash). Default true.
   */
  readonly start?: boolean;
  /** what holds the data folder's lock, named to a second process that is refused: serve, desktop app ... */
  readonly command?: string;
  /** shown on the status bar and receipts; stored on first run, renamed when it differs later */
  readonly terminalName?: string;
  /**
   * the language of the screens and receipts (src/core/locale.ts); stored on first run (default: the seed's
   * locale, zh-CN for the demo catalog), changed when it differs later. An unknown tag is refused.
   */
  readonly locale?: string;
  /** better_sqlite3.node built for Electron's ABI */
  readonly nativeBinding?: string;
  readonly log?: TerminalLog;
  /** where this till's log files are (the diagnostics archive takes the newest); absent: none */
  readonly logDir?: string;
  /** FULL (default) or NORMAL; only the bench asks for NORMAL, to show what FULL costs */
  readonly synchronous?: SynchronousMode;
  /** what a fresh folder is seeded with (default: assets/demo-catalog.json) */
  readonly seed?: SeedCatalog;
  /** the members a fresh folder is seeded with (default: assets/demo-members.json) */
  readonly seedMembers?: readonly CustomerDto[];
  readonly now?: () => Date;
  /** the sandbox gateway for the demo provider config, used when `<dataDir>/providers.json` does not exist */
  readonly gatewayUrl?: string;
  /** the payment providers (createTerminal); openTerminal reads them from the data folder */
  readonly providers?: ProvidersFile;
  /** a customer-code charge not paid by then is reversed by the till (default 30 s) */
  readonly paymentTimeoutMs?: number;
  /** chargeCode answers after the first provider reply or after this long (default 8 s) */
  readonly paymentAnswerWithinMs?: number;
  /** delays between payment queries, the last one repeating (default 250, 500, 1000, 2000 ms) */
  readonly paymentPollIntervalsMs?: readonly number[];
  /** tests: wraps each payment provider the till builds (a fault injected in an adapter) */
  readonly wrapPaymentProvider?: (provider: PaymentProvider) => PaymentProvider;
  /** 'pcsc' reads cards through pcscd (serve and the desktop app); default 'off' */
  readonly nfc?: NfcOption;
  /** the offline risk limits (createTerminal); openTerminal reads `<dataDir>/offline-policy.json` */
  readonly offlinePolicy?: OfflinePolicy;
  /**
   * the stored-value scheme, or null for none (stored-value cards off); absent: openTerminal reads
   * `<dataDir>/stored-value.json`, and without it uses the demo scheme only when `demo` is set
   */
  readonly svScheme?: SvSchemeFile | null;
  /**
   * seals the till's secrets in SQLite (the desktop app passes Electron safeStorage); default AES-256-GCM
   * under `<dataDir>/secret.key`
   */
  readonly secretBox?: SecretBox;
  /**
   * demo mode (`serve --demo`, TILLPOINT_DEMO=1): the public demo card key when there is no stored-value.json,
   * and on a kiosk without a staff PIN the public demo PIN 1234
   */
  readonly demo?: boolean;
  /**
   * a self-service kiosk (serve --kiosk, start --kiosk): the kiosk.* methods, help requests, staff checks
   * before paying. Refused (kiosk.no_staff_pin) without a staff PIN unless `demo`.
   */
  readonly kiosk?: boolean;
  /** the kiosk's timings (createTerminal); openTerminal reads `<dataDir>/kiosk.json` */
  readonly kioskConfig?: KioskConfig;
  /** sales need an open shift, the variance tolerance (createTerminal); openTerminal reads `<dataDir>/shift.json` */
  readonly shiftConfig?: ShiftConfig;
  /** the drawer opens for a shift's open, cash in/out or a no-sale: the print service pulses it */
  readonly onDrawerOpen?: (reason: DrawerOpenReason) => void;
  /** sign-in, idle lock, lockout and discount limits (createTerminal); openTerminal reads `<dataDir>/staff.json` */
  readonly staffConfig?: StaffConfig;
  /** tests lower the PIN hash's cost; the default is scrypt N=2^15 */
  readonly staffHashParams?: PinHashParams;
  /** cash rounding (抹零) by currency instead of shop.json's `cashRounding` */
  readonly cashRounding?: CashRoundingConfig;
  /** receipt printers and shop details instead of `<dataDir>/printers.json` and `shop.json`, retry knobs */
  readonly print?: PrintOptions;
  /** the sync client's knobs (tests shorten them) */
  readonly sync?: {
    readonly hubTimeoutMs?: number;
    readonly idleIntervalMs?: number;
    readonly random?: () => number;
    readonly maxItems?: number;
    readonly maxBytes?: number;
    readonly backoff?: BackoffPolicy;
    /** batches in flight at once (default 2) */
    readonly concurrency?: number;
  };
  /** how old an unsynced sale may get and what the till does then */
  readonly overduePolicy?: () => OverduePolicy;
}
