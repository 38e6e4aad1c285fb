import { BILL_TAX_RATE_ID, billTaxRate } from '../../core/bill-line.js';
import type { Product } from '../../core/catalog.js';
import type { OfflinePolicy } from '../../core/offline-policy.js';
import type { TaxRate } from '../../core/tax.js';
import type { Handlers } from '../../shared/contract.js';
import type { billMethods } from '../../shared/contract-bills.js';
import type { BillPaymentDto } from '../../shared/bill-dto.js';
import type { SaleDto } from '../../shared/dto.js';
import type { TerminalEmit } from '../terminal-api.js';
import { demoProviders, type ProvidersFile } from '../payments/provider-config.js';
import type { SaleService } from '../sale-service.js';
import { createBillStore } from '../store/bill-store.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { createBillerClient, type BillerConfig } from './biller-client.js';
import { loadBillsConfig } from './bills-config.js';
import { billProduct, createBillService } from './bill-service.js';

export interface BillsOptions {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly now: () => Date;
  readonly log: (line: string, details?: unknown) => void;
  readonly emit: TerminalEmit;
  readonly options: {
    readonly providers?: ProvidersFile;
    readonly gatewayUrl?: string;
    readonly dataDir?: string;
  };
  readonly settings: { readonly currency: string };
}

/** Services built after this one (the sale service takes its productById and tax table from here). */
export type BuiltLater = () => {
  readonly sales: SaleService;
  readonly offlineRisk: { policy(): OfflinePolicy };
  readonly shifts: { assertSaleAllowed(): void };
  readonly print: { billerConfirmed(saleId: string, at: string): void };
};

/**
 * The biller service is the sandbox gateway's biller, reached with the sandbox provider's merchant and key
 * (providers.json, or `serve --gateway URL`); a till without one has no bill payments online.
 */
function billerConfigOf(options: BillsOptions['options']): BillerConfig | null {
  const providers = options.providers ?? demoProviders(options.gatewayUrl);
  const sandbox = providers.providers.find((p) => p.type === 'sandbox-gateway');
  return sandbox && sandbox.type === 'sandbox-gateway'
    ? { url: sandbox.url, merchantId: sandbox.merchantId, key: sandbox.key }
    : null;
}

/** Bill payments for the composition root (terminal.ts): built before the sale service, started after. */
export function createBills(o: BillsOptions, late: BuiltLater) {
  const store = createBillStore(o.db);
  const config = billerConfigOf(o.options);
  const service = createBillService({
    ...{ db: o.db, file: o.file, store, currency: o.settings.currency, now: o.now, log: o.log },
    sales: () => late().sales,
    client: config ? createBillerClient(config) : null,
    offlineLimits: () => late().offlineRisk.policy().billPrepayments ?? {},
    assertSaleAllowed: () => late().shifts.assertSaleAllowed(),
    billerConfirmed: (saleId, at) => late().print.billerConfirmed(saleId, at),
    fnc1Substitutes: loadBillsConfig(o.options.dataDir).fnc1Substitutes,
  });
  /** every step the customer display follows: looked up (to check), on the ticket, paid */
  const announce = (bill: BillPaymentDto): BillPaymentDto => {
    o.emit('bill.changed', bill);
    return bill;
  };
  const handlers: Pick<Handlers, keyof typeof billMethods> = {
    'bill.billers': () => service.billers(),
    'bill.lookup': async (p) => announce(await service.lookup(p)),
    'bill.confirm': ({ billId, amount }) => {
      const sale = service.confirm(billId, amount);
      announce(service.get(billId));
      return sale;
    },
    'bill.pay': async ({ billId }) => announce(await service.pay(billId)),
    'bill.get': ({ billId }) => service.get(billId),
    'bill.current': () => service.current(),
    'bill.list': ({ states, limit }) => service.list(states, limit ?? 100),
  };
  return {
    service,
    handlers,
    /** the sale engine's products: a `bill:<id>` line is built from its bill payment */
    productById: (id: string): Product | null => billProduct(store, id),
    /** the till's tax table with the 0 % rate of money collected for billers */
    taxRates: (rates: ReadonlyMap<string, TaxRate>): ReadonlyMap<string, TaxRate> =>
      new Proxy(rates, {
        get(target, prop) {
          if (prop === 'get') return (id: string) => (id === BILL_TAX_RATE_ID ? billTaxRate : target.get(id));
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
    /** after every committed sale change: a completed ticket with a bill pays its biller */
    saleChanged(sale: SaleDto): void {
      if (sale.state === 'open') return;
      const bill = store.bySale(sale.id);
      if (bill && bill.state === 'on_ticket') {
        void service.pay(bill.id).catch((error: unknown) => o.log('bills: paying the biller failed', error));
      }
    },
    /** the receipt's bill block: the biller (the shop's language) and its confirmation number, or pending */
    receiptBill(saleId: string): { biller: string; confirmationNo: string | null } | null {
      const bill = service.forSale(saleId);
      return bill
        ? { biller: `${bill.billerName} ${bill.account}`, confirmationNo: bill.confirmationNo }
        : null;
    },
    /** the refund service with the bill rule first: a bill the biller has is not refunded at the till */
    guardRefunds: <R extends object>(refunds: R): R => guarded(refunds, 'refund', (saleId: string) => saleId),
    /** the return service likewise: giving a bill's ticket back is a reversal, refused once the biller has it */
    guardReturns: <R extends object>(returns: R): R =>
      guarded(returns, 'returnItems', (request: { saleId: string }) => request.saleId),
    start: () => service.start(),
    close: () => service.close(),
  };

  /** `target` with its method `name` checked first: the ticket's bill reversed, or the call refused */
  function guarded<R extends object, A>(target: R, name: string, saleIdOf: (first: A) => string): R {
    return new Proxy(target, {
      get(object, prop) {
        const value: unknown = Reflect.get(object, prop, object);
        if (prop !== name || typeof value !== 'function') return value;
        return (first: A, ...rest: unknown[]) => {
          const undo = service.reverseForRefund(saleIdOf(first));
          try {
            const answer: unknown = (value as (...a: unknown[]) => unknown).call(object, first, ...rest);
            if (answer instanceof Promise) {
              return answer.catch((error: unknown) => {
                undo();
                throw error;
              });
            }
            return answer;
          } catch (error) {
            undo();
            throw error;
          }
        };
      },
    });
  }
}
