import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createCatalogIndex } from '../core/catalog.js';
import { TillpointError } from '../core/errors.js';
import { money } from '../core/money.js';
import type { TaxRate } from '../core/tax.js';
import type { EventName, Handlers } from '../shared/contract.js';
import type { StatusDto } from '../shared/dto.js';
import packageJson from '../../package.json' with { type: 'json' };
import { demoCatalog, type SeedCatalog } from './demo-catalog.js';
import { createSaleService } from './sale-service.js';
import { insertCatalog, readCatalog } from './store/catalog-store.js';
import { openStore, type Store, type SynchronousMode } from './store/open-store.js';
import { createSaleStore } from './store/sale-store.js';
import { countOutboxPending, insertSettings, readSettings, renameTerminal } from './store/settings-store.js';
import { withStoreErrors } from './store/store-errors.js';

export { checkDatabase, type DatabaseCheck } from './store/check-database.js';

export type TerminalEventListener = (event: EventName, payload: unknown) => void;
export type TerminalLog = (line: string, details?: unknown) => void;

export interface Terminal {
  /** every method of the contract (src/shared/contract.ts) */
  readonly handlers: Handlers;
  onEvent(listener: TerminalEventListener): () => void;
  readonly dbFile: string;
  close(): void;
}

export interface OpenTerminalOptions {
  readonly dataDir: string;
  /** shown on the status bar and receipts; stored on first run, renamed when it differs later */
  readonly terminalName?: string;
  /** better_sqlite3.node built for Electron's ABI */
  readonly nativeBinding?: string;
  readonly log?: TerminalLog;
  /** FULL (default) or NORMAL; only the bench asks for NORMAL, to show what FULL costs */
  readonly synchronous?: SynchronousMode;
  /** what a fresh folder is seeded with (default: assets/demo-catalog.json) */
  readonly seed?: SeedCatalog;
  readonly now?: () => Date;
}

export const DB_FILE_NAME = 'tillpoint.db';

const notYet = (): never => {
  throw new TillpointError('payment.unavailable', 'Wallet payments are not available on this till yet.');
};

/**
 * Opens the terminal service on a data folder: creates the folder, opens `<dataDir>/tillpoint.db`
 * (migrating it), seeds the demo catalog on first run and answers the contract's handlers.
 * Async for the transports' sake; the work inside is synchronous (better-sqlite3).
 */
export async function openTerminal(options: OpenTerminalOptions): Promise<Terminal> {
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (error) {
    throw new TillpointError(
      'store.readonly',
      `Tillpoint cannot create its data folder ${options.dataDir}. Check the path and its permissions.`,
      { dataDir: options.dataDir, cause: String(error) },
    );
  }
  const file = join(options.dataDir, DB_FILE_NAME);
  const store = openStore(file, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    synchronous: options.synchronous ?? 'FULL',
  });
  try {
    return createTerminal(store, options);
  } catch (error) {
    store.close();
    throw error;
  }
}

/** The service over an already opened store (tests use it to reach the connection, e.g. max_page_count). */
export function createTerminal(store: Store, options: Omit<OpenTerminalOptions, 'dataDir'> = {}): Terminal {
  const { db, file } = store;
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? demoCatalog;

  const settings = withStoreErrors(file, 'open', () =>
    db
      .transaction(() => {
        const existing = readSettings(db);
        if (existing) {
          if (options.terminalName && options.terminalName !== existing.name) {
            renameTerminal(db, options.terminalName);
            return { ...existing, name: options.terminalName };
          }
          return existing;
        }
        // First run: the terminal's identity and its catalog arrive together or not at all.
        const fresh = {
          terminalId: randomUUID(),
          name: options.terminalName ?? 'Till 1',
          currency: seed.currency,
          locale: seed.locale,
        };
        insertSettings(db, fresh, now().toISOString());
        insertCatalog(db, seed);
        log(`seeded ${file} with ${seed.products.length} products`);
        return fresh;
      })
      .immediate(),
  );

  const catalog = withStoreErrors(file, 'open', () => readCatalog(db));
  const products = catalog.products.map((p) => ({ ...p, price: money(p.price.amount, p.price.currency) }));
  const index = createCatalogIndex(products);
  const taxRates: ReadonlyMap<string, TaxRate> = new Map(catalog.taxRates.map((r) => [r.id, r]));

  const listeners = new Set<TerminalEventListener>();
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        log(`event listener failed on ${event}`, error);
      }
    }
  };
  const status = (): StatusDto => ({
    terminalName: settings.name,
    network: 'unknown',
    outboxQueued: withStoreErrors(file, 'read', () => countOutboxPending(db)),
  });

  const sales = createSaleService({
    db,
    file,
    sales: createSaleStore(db),
    currency: settings.currency,
    taxRates,
    productById: (id) => index.byId(id) ?? null,
    productByBarcode: (code) => index.byBarcode(code) ?? null,
    now,
    outboxChanged: () => emit('status.changed', status()),
  });

  const handlers: Handlers = {
    'terminal.info': () => ({
      terminalId: settings.terminalId,
      terminalName: settings.name,
      currency: settings.currency,
      locale: settings.locale,
      version: packageJson.version,
      schemaVersion: store.schemaVersion,
    }),
    'status.get': status,
    'catalog.categories': () => catalog.categories,
    'catalog.taxRates': () => catalog.taxRates,
    'catalog.search': ({ query, categoryId, limit }) =>
      index.search(query, { ...(categoryId === undefined ? {} : { categoryId }), limit: limit ?? 50 }),
    'sale.current': () => sales.current(),
    'sale.start': () => sales.start(),
    'sale.addProduct': ({ saleId, productId, quantity }) =>
      sales.addProduct(saleId, productId, quantity ?? 1),
    'sale.scan': ({ saleId, barcode }) => sales.scan(saleId, barcode),
    'sale.setQuantity': ({ saleId, lineId, quantity }) => sales.setQuantity(saleId, lineId, quantity),
    'sale.setLineDiscount': ({ saleId, lineId, discount }) => sales.setLineDiscount(saleId, lineId, discount),
    'sale.setTicketDiscount': ({ saleId, discount }) => sales.setTicketDiscount(saleId, discount),
    'sale.void': ({ saleId }) => sales.void(saleId),
    'sale.complete': ({ saleId, tender }) => sales.complete(saleId, tender),
    'sales.list': (params) => withStoreErrors(file, 'read', () => sales.list(params)),
    'sales.get': ({ saleId }) => withStoreErrors(file, 'read', () => sales.get(saleId)),
    'payment.options': notYet,
    'payment.chargeCode': notYet,
    'payment.showQr': notYet,
    'payment.get': notYet,
    'payment.cancel': notYet,
    'payment.confirmByCashier': notYet,
  };

  let closed = false;
  return {
    handlers,
    dbFile: file,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      store.close();
    },
  };
}
