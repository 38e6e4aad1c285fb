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
import { assertBillTicket } from '../core/bill-line.js';
import { TillpointError } from '../core/errors.js';
import { memberTicketDiscount, pointsFor } from '../core/membership.js';
import { money, type Money } from '../core/money.js';
import { receiptCode } from '../core/receipt-code.js';
import { nextSaleState, type SaleState } from '../core/sale-state.js';
import type { TaxRate } from '../core/tax.js';
import { cashTender } from '../core/tender.js';
import { roundCashDue, type CashRoundingRule } from '../core/cash-rounding.js';
import { checkPart, leftToPay, partCovers } from '../core/split-tender.js';
import { voidIdempotencyKey } from '../shared/hub-api.js';
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
  /** the cash rounding (抹零) rule of a currency (shop.json's cashRounding); none when absent */
  readonly cashRounding?: (currency: string) => CashRoundingRule;
}

/** A payment written on a sale: either the part that paid the rest (the sale completed) or a paid part. */
export interface PaidResult<T> {
  readonly dto: SaleDto;
  readonly also: T | undefined;
  /** the payment covered what was left: the sale completed with it */
  readonly completed: boolean;
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

  /** Once part of a ticket is paid, what it sells is fixed: the parts were paid against that total. */
  function refuseIfPartlyPaid(saleId: string): void {
    if (sales.paymentCount(saleId) > 0) {
      throw new TillpointError(
        'sale.partly_paid',
        'Part of this ticket is paid. Take the rest, or void the ticket to give the paid parts back.',
        { saleId },
      );
    }
  }

  function change(saleId: string, edit: (cart: Cart) => Cart): SaleDto {
    const cart = loadOpenCart(saleId);
    refuseIfPartlyPaid(saleId);
    const next = edit(cart);
    assertBillTicket(next);
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

  /** What is left to pay on an open sale: its total, priced as rung up, less what its paid parts cover. */
  function leftOf(saleId: string) {
    const { cart, state, currency: saleCurrency, customerId } = loadCart(saleId);
    nextSaleState(state, 'complete');
    assertNotEmpty(saleId, cart);
    const priced_ = priced(cart);
    const total = priced_.totals.total as Money;
    const left = leftToPay(total, sales.readSale(saleId)?.payments ?? []);
    return { cart, saleCurrency, customerId, ...priced_, total, left };
  }

  function completeWith<T = undefined>(
    saleId: string,
    makePayment: (left: Money, currency: string) => PaymentDto,
    alsoInTransaction?: (sale: SaleDto, at: string) => T,
    cashier?: SaleCashier | null,
  ): PaidResult<T> {
    const first = leftOf(saleId);
    const payment = makePayment(first.left, first.saleCurrency);
    return write('complete', () => {
      // again inside the transaction: another part may have been written since (a card and a wallet at once)
      const { cart, customerId, lines, totals, left } = leftOf(saleId);
      const { completes } = checkPart(left, partCovers(payment));
      const at = stamp();
      if (!completes) {
        sales.insertPayment(saleId, payment);
        const dto = mustRead(saleId);
        sales.appendJournal(
          'sale.part_paid',
          saleId,
          { payment: payment.id, method: payment.method, amount: payment.amount, left: dto.remaining },
          at,
        );
        return { dto, also: alsoInTransaction?.(dto, at), completed: false };
      }
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
      return { dto, also, completed: true };
    });
  }

  /**
   * A cash part of `amount` (absent: all that is left). Only a part that pays the rest is rounded (抹零): a
   * smaller part is taken to the fen, so the rounding is applied once, to the last cash the sale takes.
   */
  function payCash(saleId: string, tendered: number, amount?: number, cashier?: SaleCashier | null): SaleDto {
    const { dto } = completeWith(
      saleId,
      (left, saleCurrency) => {
        const part = amount ?? left.amount;
        const whole = part === left.amount;
        const rule = deps.cashRounding?.(saleCurrency) ?? 'none';
        const rounded = whole ? roundCashDue(left, rule) : { due: money(part, saleCurrency), rounding: 0 };
        const cash = cashTender(rounded.due, money(tendered, saleCurrency));
        return {
          id: randomUUID(),
          method: 'cash',
          amount: cash.amount,
          tendered: cash.tendered,
          change: cash.change,
          rounding: money(rounded.rounding, saleCurrency),
          createdAt: stamp(),
        };
      },
      undefined,
      cashier,
    );
    deps.outboxChanged();
    return dto;
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
      refuseIfPartlyPaid(saleId);
      const theirs = (c: CustomerDto | null) => (c === null ? null : memberTicketDiscount(c.discountBps));
      const before = theirs(previous);
      const isTheirs = before !== null && JSON.stringify(cart.ticketDiscount) === JSON.stringify(before);
      // the ticket discount without the previous member's; a new member's own discount replaces it
      const kept = isTheirs ? null : cart.ticketDiscount;
      const discount = customer === null ? kept : (theirs(customer) ?? kept);
      const next = setTicketDiscount(cart, discount);
      assertBillTicket(next);
      const { lines, totals } = priced(next);
      write('change', () => {
        sales.setCustomer(saleId, customer?.id ?? null);
        sales.writePriced(saleId, lines, totals, next.ticketDiscount);
        sales.appendJournal('sale.customer', saleId, { customerId: customer?.id ?? null }, stamp());
      });
      return mustRead(saleId);
    },

    /** Voids an open ticket with nothing paid on it (one with paid parts goes through voidWith). */
    void(saleId: string): SaleDto {
      refuseIfPartlyPaid(saleId);
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
      return payCash(saleId, tender.tendered, undefined, cashier);
    },

    /** sale.payCash: a cash part of what is left (absent: all of it); answers the sale, open or completed. */
    payCash,

    /**
     * The one payment path, shared by cash, wallet and card payments: `makePayment` gets what is left to
     * pay. A payment that covers it completes the sale: in ONE transaction the sale, its payment, the outbox
     * row and the journal row, plus whatever `alsoInTransaction` writes (a wallet attempt's final state). A
     * payment that covers less is a paid part: written with its journal row, the sale stays open. One that
     * covers more is refused (tender.invalid_amount). The caller emits outboxChanged after it returns.
     */
    completeWith,

    /** Checks a sale could take a payment now (open, not empty) and answers what is left to pay. */
    amountDue: (saleId: string): Money => leftOf(saleId).left,

    /** Whether part of an open sale is paid (its tender promotions no longer apply). */
    partlyPaid: (saleId: string): boolean => sales.paymentCount(saleId) > 0,

    /**
     * Voids an open ticket. With paid parts, `givingBack` writes their refunds in the same transaction, after
     * the `sale.voided` outbox entry (the hub sees the payments before their refunds).
     */
    voidWith(saleId: string, givingBack?: (sale: SaleDto, at: string) => void): SaleDto {
      nextSaleState(loadCart(saleId).state, 'void');
      write('void', () => {
        const at = stamp();
        sales.markVoided(saleId, at);
        const dto = mustRead(saleId);
        if (dto.payments.length > 0) {
          sales.insertOutbox(voidIdempotencyKey(saleId), 'sale.voided', dto, at);
          givingBack?.(dto, at);
        }
        sales.appendJournal('sale.voided', saleId, { payments: dto.payments.length }, at);
      });
      if (givingBack) deps.outboxChanged();
      return mustRead(saleId);
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
