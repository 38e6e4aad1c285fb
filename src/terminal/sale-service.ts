import { randomUUID } from 'node:crypto';
import {
  addProduct,
  emptyCart,
  priceCart,
  setLineDiscount,
  setQuantity,
  setTicketDiscount,
  type Cart,
} from '../core/cart.js';
import type { Product } from '../core/catalog.js';
import { barcodeToShow } from '../core/barcode.js';
import { TillpointError } from '../core/errors.js';
import { memberTicketDiscount, pointsFor } from '../core/membership.js';
import { money, type Money } from '../core/money.js';
import { receiptCode } from '../core/receipt-code.js';
import { nextSaleState, type SaleState } from '../core/sale-state.js';
import type { TaxRate } from '../core/tax.js';
import { cashTender } from '../core/tender.js';
import type { CustomerDto, DiscountDto, PaymentDto, SaleDto, TenderDto } from '../shared/dto.js';

/** The member of staff signed in on the screen that takes a sale's payment. */
export interface SaleCashier {
  readonly staffId: string;
  readonly name: string;
}
import type { MemberStore } from './store/member-store.js';
import type { SaleStore, StoredLine } from './store/sale-store.js';
import { withStoreErrors, type StoreAction } from './store/store-errors.js';
import { takeReceiptNumber } from './store/settings-store.js';
import type { SqliteDatabase } from './store/open-store.js';

export interface SaleServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly sales: SaleStore;
  readonly members: MemberStore;
  readonly currency: string;
  /** the terminal's UUID: part of every receipt code, so codes of different tills differ */
  readonly terminalId: string;
  readonly taxRates: ReadonlyMap<string, TaxRate>;
  readonly productById: (id: string) => Product | null;
  readonly productByBarcode: (code: string) => Product | null;
  readonly now: () => Date;
  /** called after a commit that changed the outbox */
  readonly outboxChanged: () => void;
  /** inside the completion transaction: the receipt's print jobs commit (or roll back) with the sale */
  readonly completedInTransaction?: (sale: SaleDto, at: string) => void;
}

/** The idempotency key the hub deduplicates on: one per sale, made from the UUID given when it started. */
export const saleIdempotencyKey = (saleId: string): string => `sale:${saleId}`;

/**
 * The sale use cases. The database is the only state: every call reads the sale, lets the domain decide,
 * and writes the result in one transaction before answering, so a crash or a failed write (disk full)
 * leaves the sale exactly as the cashier last saw it.
 */
export function createSaleService(deps: SaleServiceDeps) {
  const { db, file, sales, currency } = deps;
  const stamp = () => deps.now().toISOString();

  function mustRead(saleId: string): SaleDto {
    const sale = sales.readSale(saleId);
    if (!sale) throw new TillpointError('sale.not_found', 'That sale is not on this till.', { saleId });
    return sale;
  }

  /** The cart as the domain knows it, rebuilt from the stored product snapshots (prices as rung up). */
  function loadCart(saleId: string): {
    cart: Cart;
    state: SaleState;
    currency: string;
    customerId: string | null;
  } {
    const head = sales.readHead(saleId);
    if (!head) throw new TillpointError('sale.not_found', 'That sale is not on this till.', { saleId });
    const lines = sales.readLines(saleId, head.currency).map((l) => ({
      id: l.id,
      product: toProduct(l, head.currency),
      quantity: l.quantity,
      discount: l.discount,
    }));
    const cart: Cart = { ...emptyCart(head.currency), lines, ticketDiscount: head.ticketDiscount };
    return { cart, state: head.state, currency: head.currency, customerId: head.customerId };
  }

  function loadOpenCart(saleId: string): Cart {
    const { cart, state } = loadCart(saleId);
    if (state !== 'open') {
      throw new TillpointError(
        'sale.illegal_transition',
        `This sale is ${state === 'completed' ? 'already completed' : 'voided'}; start a new sale to ring up items.`,
        { saleId, state, event: 'change' },
      );
    }
    return cart;
  }

  function priced(cart: Cart) {
    const { lines, totals } = priceCart(cart, deps.taxRates);
    const categoryOf = new Map(cart.lines.map((l) => [l.id, l.product.categoryId]));
    const stored: StoredLine[] = lines.map((l) => ({ ...l, categoryId: categoryOf.get(l.id) ?? '' }));
    return { lines: stored, totals };
  }

  function write<T>(action: StoreAction, fn: () => T): T {
    return withStoreErrors(file, action, () => db.transaction(fn).immediate());
  }

  function change(saleId: string, edit: (cart: Cart) => Cart): SaleDto {
    const cart = loadOpenCart(saleId);
    const next = edit(cart);
    const { lines, totals } = priced(next);
    write('change', () => sales.writePriced(saleId, lines, totals, next.ticketDiscount));
    return mustRead(saleId);
  }

  function assertNotEmpty(saleId: string, cart: Cart): void {
    if (cart.lines.length === 0) {
      throw new TillpointError('sale.empty', 'The ticket has no items. Add an item before taking payment.', {
        saleId,
      });
    }
  }

  function completeWith<T = undefined>(
    saleId: string,
    makePayment: (total: Money, currency: string) => PaymentDto,
    alsoInTransaction?: (sale: SaleDto, at: string) => T,
    cashier?: SaleCashier | null,
  ): { dto: SaleDto; also: T | undefined } {
    const { cart, state, currency: saleCurrency, customerId } = loadCart(saleId);
    nextSaleState(state, 'complete');
    assertNotEmpty(saleId, cart);
    const { lines, totals } = priced(cart);
    const payment = makePayment(totals.total as Money, saleCurrency);
    return write('complete', () => {
      const at = stamp();
      sales.writePriced(saleId, lines, totals, cart.ticketDiscount);
      if (cashier) sales.setCashier(saleId, cashier);
      const number = takeReceiptNumber(db);
      sales.markCompleted(saleId, number, receiptCode(deps.terminalId, number), at);
      sales.insertPayment(saleId, payment);
      if (customerId !== null) {
        // the member earns points on what the sale cost (the promotion-free total)
        const points = pointsFor(totals.total as Money);
        deps.members.addPoints(customerId, points);
        sales.setPointsEarned(saleId, points);
      }
      const dto = mustRead(saleId);
      sales.insertOutbox(saleIdempotencyKey(saleId), 'sale.completed', dto, at);
      sales.appendJournal(
        'sale.completed',
        saleId,
        { number, total: dto.totals.total, payment: payment.id, method: payment.method },
        at,
      );
      const also = alsoInTransaction?.(dto, at);
      deps.completedInTransaction?.(mustRead(saleId), at);
      return { dto, also };
    });
  }

  return {
    current(): SaleDto | null {
      const id = withStoreErrors(file, 'read', () => sales.openSaleId());
      return id === null ? null : mustRead(id);
    },

    start(): SaleDto {
      const id = write('change', () => {
        const open = sales.openSaleId();
        if (open !== null) return open;
        const saleId = randomUUID();
        const at = stamp();
        sales.insertOpenSale(saleId, currency, at);
        const empty = priced(emptyCart(currency));
        sales.writePriced(saleId, empty.lines, empty.totals, null);
        sales.appendJournal('sale.started', saleId, {}, at);
        return saleId;
      });
      return mustRead(id);
    },

    addProduct(saleId: string, productId: string, quantity: number): SaleDto {
      const product = deps.productById(productId);
      if (!product) {
        throw new TillpointError('catalog.unknown_product', 'That product is not in the catalog.', {
          productId,
        });
      }
      return change(saleId, (cart) => addProduct(cart, product, quantity, randomUUID()));
    },

    scan(saleId: string, barcode: string): SaleDto {
      const code = barcode.trim();
      const product = deps.productByBarcode(code);
      if (!product) {
        const shown = barcodeToShow(code);
        if (shown === null) {
          // never repeated: a payment code or a card's QR scanned into the ticket is a credential
          throw new TillpointError(
            'catalog.unknown_code',
            'No product has the scanned code (not shown: it could be a payment code or a card number). Scan the item again, or find the product by name.',
            { length: code.length },
          );
        }
        throw new TillpointError(
          'catalog.unknown_barcode',
          `No product has the barcode ${shown}. Check the number, or find the product by name.`,
          { barcode: shown },
        );
      }
      return change(saleId, (cart) => addProduct(cart, product, 1, randomUUID()));
    },

    setQuantity: (saleId: string, lineId: string, quantity: number) =>
      change(saleId, (cart) => setQuantity(cart, lineId, quantity)),
    setLineDiscount: (saleId: string, lineId: string, discount: DiscountDto | null) =>
      change(saleId, (cart) => setLineDiscount(cart, lineId, discount)),
    setTicketDiscount: (saleId: string, discount: DiscountDto | null) =>
      change(saleId, (cart) => setTicketDiscount(cart, discount)),

    /**
     * Attaches a member to the open sale and makes their discount the ticket discount, or
     * detaches (null): the member's discount goes with them, a discount the cashier set otherwise stays.
     */
    setCustomer(saleId: string, customer: CustomerDto | null): SaleDto {
      const { customerId } = loadCart(saleId);
      const previous = customerId === null ? null : deps.members.byId(customerId);
      const cart = loadOpenCart(saleId);
      const theirs = (c: CustomerDto | null) => (c === null ? null : memberTicketDiscount(c.discountBps));
      const before = theirs(previous);
      const isTheirs = before !== null && JSON.stringify(cart.ticketDiscount) === JSON.stringify(before);
      // the ticket discount without the previous member's; a new member's own discount replaces it
      const kept = isTheirs ? null : cart.ticketDiscount;
      const discount = customer === null ? kept : (theirs(customer) ?? kept);
      const next = setTicketDiscount(cart, discount);
      const { lines, totals } = priced(next);
      write('change', () => {
        sales.setCustomer(saleId, customer?.id ?? null);
        sales.writePriced(saleId, lines, totals, next.ticketDiscount);
        sales.appendJournal('sale.customer', saleId, { customerId: customer?.id ?? null }, stamp());
      });
      return mustRead(saleId);
    },

    void(saleId: string): SaleDto {
      nextSaleState(loadCart(saleId).state, 'void');
      write('void', () => {
        const at = stamp();
        sales.markVoided(saleId, at);
        sales.appendJournal('sale.voided', saleId, {}, at);
      });
      return mustRead(saleId);
    },

    /**
     * Records who takes an open sale's payment before a wallet or card payment begins (that payment
     * completes the sale later, without a caller); a sale no longer open keeps whom it has.
     */
    attribute(saleId: string, cashier: SaleCashier): void {
      write('change', () => sales.setCashier(saleId, cashier));
    },

    complete(saleId: string, tender: TenderDto, cashier?: SaleCashier | null): SaleDto {
      const { state } = loadCart(saleId);
      if (state === 'completed') {
        // A retried request (a reply lost on a dropped socket) answers the sale as it was completed,
        // never a second payment; a different tender for a completed sale is still refused.
        const done = mustRead(saleId);
        const same = done.payments.some(
          (p) => p.method === 'cash' && p.method === tender.method && p.tendered.amount === tender.tendered,
        );
        if (same) return done;
      }
      const { dto } = completeWith(
        saleId,
        (total, saleCurrency) => {
          const cash = cashTender(total, money(tender.tendered, saleCurrency));
          return {
            id: randomUUID(),
            method: 'cash',
            amount: cash.amount,
            tendered: cash.tendered,
            change: cash.change,
            createdAt: stamp(),
          };
        },
        undefined,
        cashier,
      );
      deps.outboxChanged();
      return dto;
    },

    /**
     * The one completion path, shared by cash and wallet payments: checks the sale can complete, prices it
     * as rung up, and in ONE transaction writes the sale, its payment, the outbox row and the journal row,
     * plus whatever `alsoInTransaction` writes (a wallet attempt's final state). The caller emits
     * outboxChanged after it returns (the commit is done by then).
     */
    completeWith,

    /** Checks a sale could complete now (open, not empty) and answers what it would cost. */
    amountDue(saleId: string): Money {
      const { cart, state } = loadCart(saleId);
      nextSaleState(state, 'complete');
      assertNotEmpty(saleId, cart);
      return priced(cart).totals.total as Money;
    },

    get: mustRead,
    list: sales.list,
    /** for other money movements (a card top-up) that go to the hub like sales; inside the caller's transaction */
    insertOutboxRow: sales.insertOutbox,
    appendJournalRow: sales.appendJournal,
  };
}

export type SaleService = ReturnType<typeof createSaleService>;

function toProduct(line: StoredLine, currency: string): Product {
  return {
    id: line.productId,
    sku: line.sku,
    name: line.name,
    barcode: line.barcode,
    categoryId: line.categoryId,
    price: money(line.unitPrice.amount, currency),
    taxRateId: line.taxRateId,
  };
}
