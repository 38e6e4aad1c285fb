import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { TillpointError } from '../core/errors.js';
import { parseTerminalLocale } from '../core/locale.js';
import type { TaxRate } from '../core/tax.js';
import type { Handlers } from '../shared/contract.js';
import type { StatusDto } from '../shared/dto.js';
import packageJson from '../../package.json' with { type: 'json' };
import { buildCatalogIndex } from './catalog-index.js';
import { demoCatalog, demoMembers } from './demo-catalog.js';
import { paymentHandlers } from './payments/payment-handlers.js';
import { createPaymentService } from './payments/payment-service.js';
import { demoProviders } from './payments/provider-config.js';
import { announcingSaleChanges } from './sale-changes.js';
import { createSaleService } from './sale-service.js';
import { saleHandlers } from './sale-handlers.js';
import { ruleFor, startCashRounding } from './cash-rounding-config.js';
import { defaultOfflinePolicy } from '../core/offline-policy.js';
import { createOfflineRisk } from './offline/offline-risk.js';
import { insertCatalog, readCatalog } from './store/catalog-store.js';
import { keyFileSecretBox } from './secrets/secret-box.js';
import { protectFolder } from './store/file-modes.js';
import { openStore, openStoreReadOnly, type Store } from './store/open-store.js';
import { zClosingSigner } from './store/journal-closing-store.js';
import { takeDataLock } from './store/data-lock.js';
import { createPaymentStore } from './store/payment-store.js';
import { createSaleStore } from './store/sale-store.js';
import { createRefundService } from './refund-service.js';
import { createReturnService } from './return-service.js';
import { createRefundStore } from './store/refund-store.js';
import { insertSettings, readSettings, renameTerminal, setTerminalLocale } from './store/settings-store.js';
import { withStoreErrors } from './store/store-errors.js';
import { createCards } from './cards/cards.js';
import { demoSvScheme, SV_SCHEME_FILE_NAME } from './cards/sv-scheme.js';
import { createMemberStore } from './store/member-store.js';
import { createSync } from './sync/sync-service.js';
import { applyHubChanges } from './sync/hub-changes.js';
import { diagnosticsHandler } from './diagnostics/diagnostics.js';
import { defaultKioskConfig } from './kiosk/kiosk-config.js';
import { createKiosk } from './kiosk/kiosk.js';
import { createStaff } from './staff/staff.js';
import { createPrint } from './print/print-service.js';
import { createShifts } from './shifts/shifts.js';
import { recordingCashier } from './sale-cashier.js';
import { offlineCodeParts, offlineCodeStatusPull } from './offline-codes/offline-code-wiring.js';
import { noTillError } from './no-till-error.js';
import { createBills } from './bills/bills.js';
import { withFolderFiles } from './terminal-files.js';
import { journalConfigFiles } from './config-journal.js';
export {
  readOnlyMethods,
  type OpenTerminalOptions,
  type ReadOnlyMethod,
  type ReadOnlyTerminal,
  type Terminal,
  type TerminalEmit,
  type TerminalEvent,
  type TerminalEventListener,
  type TerminalLog,
} from './terminal-api.js';
import {
  readOnlyMethods,
  type OpenTerminalOptions,
  type ReadOnlyMethod,
  type ReadOnlyTerminal,
  type Terminal,
} from './terminal-api.js';
import { createTerminalEvents } from './terminal-events.js';
export { checkDatabase, type DatabaseCheck } from './store/check-database.js';

export const DB_FILE_NAME = 'tillpoint.db';
/** the key serve mode seals secrets with (README "Secrets at rest"); never copy it with a database backup */
export const SECRET_KEY_FILE_NAME = 'secret.key';

/**
 * Opens the terminal service on a data folder: creates the folder, takes its lock (one process per folder),
 * opens `<dataDir>/tillpoint.db` (migrating it), seeds the demo catalog on first run, and then starts the
 * background work (Terminal.start) unless `start: false`. Answers the contract's handlers.
 */
export async function openTerminal(options: OpenTerminalOptions): Promise<Terminal> {
  try {
    // 0700: the sales, the hub link and the key file are this user's alone
    protectFolder(options.dataDir);
  } catch (error) {
    throw new TillpointError(
      'store.readonly',
      `Tillpoint cannot create its data folder ${options.dataDir}. Check the path and its permissions.`,
      { dataDir: options.dataDir, cause: String(error) },
    );
  }
  const lock = takeDataLock(options.dataDir, {
    command: options.command ?? 'tillpoint',
    ...(options.log ? { log: options.log } : {}),
  });
  let terminal: Terminal;
  try {
    terminal = openLocked(options, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
  // Every attempt a crash left unfinished is queried or reversed before the till answers anything.
  if (options.start !== false) await terminal.start();
  return terminal;
}

/** openTerminal once the folder's lock is ours: the store and every service, nothing started. */
function openLocked(options: OpenTerminalOptions, released: () => void): Terminal {
  const file = join(options.dataDir, DB_FILE_NAME);
  const store = openStore(file, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    synchronous: options.synchronous ?? 'FULL',
  });
  try {
    const at = (options.now ?? (() => new Date()))().toISOString();
    withStoreErrors(file, 'open', () => journalConfigFiles(store.db, options.dataDir, at));
    return buildTerminal(store, withFolderFiles(store, options), 'full', released);
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * Opens a data folder for reading only (the CLI's reports): no lock (reads beside a running till are fine),
 * no migration, no seeding, nothing started. A folder without a till database is refused.
 */
export async function openTerminalReadOnly(
  options: Pick<OpenTerminalOptions, 'dataDir' | 'nativeBinding' | 'log'>,
): Promise<ReadOnlyTerminal> {
  const store = openStoreReadOnly(join(options.dataDir, DB_FILE_NAME), {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    const terminal = buildTerminal(store, options.log ? { log: options.log } : {}, 'readonly', () => {});
    const handlers = Object.fromEntries(
      readOnlyMethods.map((name) => [name, terminal.handlers[name]]),
    ) as Pick<Handlers, ReadOnlyMethod>;
    return { handlers, dbFile: store.file, close: () => terminal.close() };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The service over an already opened store (tests use it to reach the connection, e.g. max_page_count).
 * Builds everything and starts nothing: call `start()` for the background work.
 */
export function createTerminal(store: Store, options: Omit<OpenTerminalOptions, 'dataDir'> = {}): Terminal {
  return buildTerminal(store, options, 'full', () => {});
}

/**
 * The composition root. Every service is built first, in dependency order, with no I/O beyond the store;
 * `start()` then runs the background work in one visible order, so nothing (a resumed payment's events,
 * a sync round) ever runs against a half-built terminal.
 */
function buildTerminal(
  store: Store,
  options: Omit<OpenTerminalOptions, 'dataDir'>,
  mode: 'full' | 'readonly',
  released: () => void,
): Terminal {
  const { db, file } = store;
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? demoCatalog;

  const locale = options.locale === undefined ? undefined : parseTerminalLocale(options.locale);
  const settings = withStoreErrors(file, 'open', () =>
    db
      .transaction(() => {
        const existing = readSettings(db);
        if (existing) {
          let current = existing;
          if (options.terminalName && options.terminalName !== current.name) {
            renameTerminal(db, options.terminalName, now().toISOString());
            current = { ...current, name: options.terminalName };
          }
          if (locale && locale !== current.locale) {
            setTerminalLocale(db, locale, now().toISOString());
            current = { ...current, locale };
          }
          return current;
        }
        // the read-only open never sets a folder up
        if (mode === 'readonly') throw noTillError(file);
        // First run: the terminal's identity and its catalog arrive together or not at all.
        const fresh = {
          terminalId: randomUUID(),
          name: options.terminalName ?? 'Till 1',
          currency: seed.currency,
          locale: locale ?? seed.locale,
        };
        insertSettings(db, fresh, now().toISOString());
        insertCatalog(db, seed);
        const members = createMemberStore(db);
        for (const member of options.seedMembers ?? demoMembers) members.insert(member, now().toISOString());
        log(`seeded ${file} with ${seed.products.length} products`);
        return fresh;
      })
      .immediate(),
  );

  let catalog = withStoreErrors(file, 'open', () => readCatalog(db));
  const indexOf = (c: typeof catalog) => buildCatalogIndex(c.products);
  let index = indexOf(catalog);
  const taxRates = new Map<string, TaxRate>(catalog.taxRates.map((r) => [r.id, r]));
  /** after the hub's catalog changes were committed: the search index and tax table follow */
  const reloadCatalog = () => {
    catalog = withStoreErrors(file, 'read', () => readCatalog(db));
    index = indexOf(catalog);
    taxRates.clear();
    for (const r of catalog.taxRates) taxRates.set(r.id, r);
  };

  const terminalEvents = createTerminalEvents(log);
  const { emit } = terminalEvents;
  const status = (): StatusDto => {
    const health = sync.health();
    return {
      terminalName: settings.name,
      network: health.network,
      outboxQueued: health.queued,
      nfc: cards.readerState(),
      sync: health,
    };
  };
  const outboxChanged = () => {
    emit('status.changed', status());
    sync.outboxChanged();
  };

  // shop.json's cash rounding (抹零); a bad value is named at start and the till rounds nothing
  const cashRounding =
    options.cashRounding ??
    (mode === 'full' ? startCashRounding(dirname(file), options.demo === true, log) : {});
  const members = createMemberStore(db);
  // receipts: queued inside the completion (or refund) transaction, printed after the commit
  const print = createPrint({
    ...{ db, file, demo: options.demo === true, now, log, emit, ...options.print },
    ...{ terminalName: () => settings.name, locale: () => settings.locale, sale: (id) => sales.get(id) },
    billOf: (saleId) => bills.receiptBill(saleId),
  });
  const builtLater = () => ({ sales, offlineRisk, shifts, print });
  const bills = createBills({ db, file, now, log, emit, options, settings }, builtLater);
  const sales = announcingSaleChanges(
    createSaleService({
      db,
      file,
      sales: createSaleStore(db),
      members,
      currency: settings.currency,
      terminalId: settings.terminalId,
      taxRates: bills.taxRates(taxRates),
      productById: (id) => bills.productById(id) ?? index.byId(id) ?? null,
      productByBarcode: (code) => index.byBarcode(code) ?? null,
      now,
      outboxChanged,
      completedInTransaction: print.saleCompleted,
      cashRounding: ruleFor(cashRounding),
    }),
    (sale) => {
      emit('sale.changed', sale);
      kiosk.saleChanged(sale);
      bills.saleChanged(sale);
    },
  );

  // the hub's offline.policy (terminal_config) over the file's, read at every decision
  const offlineRisk = createOfflineRisk({
    db,
    file,
    currency: settings.currency,
    filePolicy: options.offlinePolicy ?? defaultOfflinePolicy,
    now,
    log,
  });
  const payments = createPaymentService({
    db,
    file,
    store: createPaymentStore(db),
    sales,
    config: options.providers ?? demoProviders(options.gatewayUrl),
    offlineRisk,
    now,
    emitChanged: (attempt) => {
      emit('payment.changed', attempt);
      // a final state wrote a payment.final outbox row (src/terminal/store/payment-store.ts)
      if (attempt.state === 'succeeded' || attempt.state === 'declined' || attempt.state === 'reversed') {
        outboxChanged();
      }
    },
    saleCompleted: outboxChanged,
    log,
    providerAnswered: (providerId) => refunds.providerAnswered(providerId),
    timeoutMs:
      options.paymentTimeoutMs ??
      (options.providers ?? demoProviders(options.gatewayUrl)).paymentTimeoutS * 1000,
    answerWithinMs: options.paymentAnswerWithinMs ?? 8_000,
    pollIntervalsMs: options.paymentPollIntervalsMs ?? [250, 500, 1_000, 2_000],
    ...(options.wrapPaymentProvider ? { wrapProvider: options.wrapPaymentProvider } : {}),
  });
  const refunds = createRefundService({
    db,
    file,
    refunds: createRefundStore(db),
    sales,
    members,
    currency: settings.currency,
    provider: (id) => payments.provider(id),
    now,
    log,
    outboxChanged,
    refundedInTransaction: print.refunded,
  });
  const cards = createCards({
    db,
    file,
    members,
    sales,
    terminalId: settings.terminalId,
    currency: settings.currency,
    scheme:
      options.svScheme !== undefined
        ? options.svScheme
        : options.demo
          ? demoSvScheme(settings.currency)
          : null,
    schemeFile: join(dirname(file), SV_SCHEME_FILE_NAME),
    nfc: options.nfc ?? 'off',
    now,
    log,
    emit,
    statusChanged: outboxChanged,
    refuseIfPaying: (saleId) => payments.refuseIfActive(saleId),
    refuseOffline: (amount) => offlineRisk.refuse('stored-value', amount),
    staffBadges: { tap: (uid) => staff.badgeTap(uid), owns: (uid) => staff.isBadge(uid) },
  });
  if (cards.storedValue.demoCardKey)
    log('stored-value cards use the public demo key (demo mode): not for real money');
  else if (cards.storedValue.off) log(`stored-value cards are off: ${cards.storedValue.off.message}`);
  const secretBox = options.secretBox ?? keyFileSecretBox(join(dirname(file), SECRET_KEY_FILE_NAME));
  const sync = createSync({
    db,
    file,
    terminalName: () => settings.name,
    now,
    log,
    statusChanged: () => emit('status.changed', status()),
    // back online: every unfinished payment is queried (or reversed) now, not at its next poll, and every
    // pending refund is asked again (same refund number)
    reconnected: () => {
      payments.wakeAll();
      refunds.wakeAll();
    },
    applyCatalog: (changes) =>
      applyHubChanges(changes, {
        ...{ db, now, log, currency: settings.currency },
        upsertConfig: (...args) => sync.store.upsertConfig(...args),
        applyStaff: (change) => staff.applyHub(change),
      }),
    catalogChanged: reloadCatalog,
    hubStaffPresent: () => staff.hasHubStaff(),
    afterRound: offlineCodeStatusPull(db, now, log),
    overduePolicy: options.overduePolicy ?? (() => offlineRisk.policy()),
    secretBox,
    ...options.sync,
  });

  /** A sale whose payment may still take money cannot change: the amount charged is fixed. */
  const unlessPaying = <T>(saleId: string, fn: () => T): T => {
    payments.refuseIfActive(saleId);
    cards.refuseIfActive(saleId);
    return fn();
  };

  const orgPepper = () => sync.store.orgPepper();
  const staff = createStaff({ ...options, db, file, now, orgPepper, sale: (id) => sales.get(id) });
  const kiosk = createKiosk({
    staff,
    enabled: mode === 'full' && options.kiosk === true,
    demo: options.demo === true,
    config: options.kioskConfig ?? defaultKioskConfig,
    ...{ db, file, sales, payments, cards, now, emit, log, paymentsResumed },
  });
  const shifts = createShifts({
    ...{ ...options, db, file, currency: settings.currency, now, outboxChanged, log },
    locale: () => settings.locale,
    print,
    signClosing: zClosingSigner(db, secretBox, settings.terminalId),
    // the drawer on the receipt printer opens for the float, cash in/out and no-sale (no receipt)
    onDrawerOpen: (reason) => {
      options.onDrawerOpen?.(reason);
      print.openDrawer(reason);
    },
  });
  const paying = paymentHandlers({ payments, sales, resumed: paymentsResumed });
  const handlers: Handlers = {
    'terminal.info': () => ({
      ...{ terminalId: settings.terminalId, terminalName: settings.name, currency: settings.currency },
      ...{ locale: settings.locale, version: packageJson.version, schemaVersion: store.schemaVersion },
      ...{ demoCardKey: cards.storedValue.demoCardKey, storedValueOff: cards.storedValue.off },
      cashRounding: ruleFor(cashRounding)(settings.currency),
    }),
    'status.get': status,
    'catalog.categories': () => catalog.categories,
    'catalog.taxRates': () => catalog.taxRates,
    'catalog.search': ({ query, categoryId, limit }) =>
      index.search(query, { ...(categoryId === undefined ? {} : { categoryId }), limit: limit ?? 50 }),
    ...saleHandlers({
      file,
      sales,
      refunds: bills.guardRefunds(refunds),
      returns: bills.guardReturns(
        createReturnService({
          ...{ db, file, refunds, sales, members, currency: settings.currency, now, log },
          policy: () => offlineRisk.policy(),
        }),
      ),
      unlessPaying,
      assertSaleAllowed: () => shifts.assertSaleAllowed(),
    }),
    ...paying,
    ...offlineCodeParts({ db, file, sales, now, log, outboxChanged, unlessPaying, offlineRisk }).handlers,
    'refund.list': ({ states, limit }) => refunds.list(states, limit ?? 100),
    ...cards.handlers,
    ...sync.handlers,
    // kiosk.* (kiosk.not_enabled unless started as a kiosk); a kiosk also holds back payments for staff checks
    ...kiosk.handlers({ ...paying, 'svcard.payBegin': cards.handlers['svcard.payBegin'] }),
    ...staff.handlers,
    ...print.handlers,
    ...shifts.handlers,
    ...bills.handlers,
    // Settings: the support archive, read beside the running services (read-only connection, live states)
    'diagnostics.create': diagnosticsHandler({
      dbFile: file,
      ...options,
      live: { sync: () => sync.health(), nfc: () => cards.handlers['nfc.status']({}) },
      now,
      log,
    }),
  };
  Object.assign(handlers, recordingCashier(handlers, sales)); // wraps the kiosk's checks, never replaces them

  let started: Promise<void> | null = null;
  /** Payment calls wait until every attempt a crash left unfinished got its first step. */
  function paymentsResumed(): Promise<void> {
    if (started) return started;
    throw new TillpointError('payment.unavailable', 'The till is still starting. Try again in a moment.');
  }

  let closed = false;
  return {
    handlers,
    dbFile: file,
    setStaffPin: (pin) => kiosk.setStaffPin(pin),
    staff,
    staffGate: staff.gate,
    start() {
      if (started) return started;
      if (mode === 'readonly') throw new Error('a read-only terminal starts nothing');
      // 1. Unfinished payment attempts first: each gets its query or reverse before a payment call is answered.
      started = payments.resumeAll().catch((error: unknown) => log('resuming payments failed', error));
      // 2. A wallet refund a crash or a lost network left pending is asked about again (same refund number).
      void refunds.resumePending().catch((error: unknown) => log('resuming refunds failed', error));
      // 3. The outbox to the hub (at once, or when the backoff saved before a restart ends).
      sync.start();
      // 4. The card reader (pcscd), when this till reads cards.
      cards.start();
      // 5. Receipts the printer did not take yet (a sending one is sent again, without the drawer pulse).
      print.start();
      bills.start(); // 6. bills whose ticket completed and whose biller has not answered
      return started;
    },
    onEvent: terminalEvents.on,
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      terminalEvents.clear();
      sync.close();
      payments.close();
      refunds.close();
      print.close();
      bills.close();
      const portClosed = cards.close();
      store.close();
      released();
      return portClosed;
    },
  };
}
