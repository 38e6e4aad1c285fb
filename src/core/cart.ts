import type { Product } from './catalog.js';
import { assertDiscountShape, discountAmount, type Discount } from './discount.js';
import { TillpointError } from './errors.js';
import {
  add,
  allocate,
  multiply,
  subtract,
  sum,
  toCurrencyCode,
  zero,
  type CurrencyCode,
  type Money,
} from './money.js';
import { taxOnLine, type TaxRate } from './tax.js';

/** One line of an open ticket. The product is a snapshot taken when it was added (its price is the price). */
export interface CartLine {
  readonly id: string;
  readonly product: Product;
  readonly quantity: number;
  readonly discount: Discount | null;
}

/** An open ticket. Immutable: every operation answers a new Cart and leaves the old one untouched. */
export interface Cart {
  readonly currency: CurrencyCode;
  readonly lines: readonly CartLine[];
  readonly ticketDiscount: Discount | null;
}

/** Field for field the wire saleLineDto, so the terminal can send it as it is. */
export interface PricedLine {
  id: string;
  productId: string;
  sku: string;
  name: string;
  barcode: string | null;
  quantity: number;
  unitPrice: Money;
  discount: Discount | null;
  gross: Money;
  lineDiscount: Money;
  ticketDiscountShare: Money;
  net: Money;
  taxRateId: string;
  taxInclusive: boolean;
  tax: Money;
  total: Money;
}

/** One row of the receipt's tax summary; `base` is the taxable amount WITHOUT the tax, for either kind. */
export interface TaxSummary {
  taxRateId: string;
  name: string;
  rateBps: number;
  inclusive: boolean;
  base: Money;
  tax: Money;
}

/** Field for field the wire saleTotalsDto. */
export interface Totals {
  subtotal: Money;
  discount: Money;
  tax: Money;
  taxAdded: Money;
  total: Money;
  taxes: TaxSummary[];
}

export interface PricedCart {
  lines: PricedLine[];
  totals: Totals;
}

export const MAX_LINE_QUANTITY = 9_999;

export const emptyCart = (currency: string): Cart => ({
  currency: toCurrencyCode(currency),
  lines: [],
  ticketDiscount: null,
});

function assertQuantity(quantity: number, min: 0 | 1): void {
  if (!Number.isInteger(quantity) || quantity < min || quantity > MAX_LINE_QUANTITY) {
    throw new TillpointError(
      'sale.invalid_quantity',
      `The quantity must be a whole number from ${min} to ${MAX_LINE_QUANTITY}.`,
      { quantity },
    );
  }
}

function lineIndex(cart: Cart, lineId: string): number {
  const i = cart.lines.findIndex((l) => l.id === lineId);
  if (i < 0) {
    throw new TillpointError('sale.line_not_found', 'That line is no longer on the ticket.', { lineId });
  }
  return i;
}

/** What each line's own discount leaves (gross - lineDiscount); throws if a discount no longer fits. */
function discountedLineAmounts(cart: Cart): { gross: Money; lineDiscount: Money; base: Money }[] {
  return cart.lines.map((line) => {
    const gross = multiply(line.product.price, line.quantity);
    const lineDiscount = line.discount ? discountAmount(gross, line.discount) : zero(cart.currency);
    return { gross, lineDiscount, base: subtract(gross, lineDiscount) };
  });
}

/** The ticket discount in money, on the sum of what the line discounts leave. */
function ticketDiscountAmount(cart: Cart, bases: readonly Money[]): Money {
  const base = sum(bases, cart.currency);
  return cart.ticketDiscount ? discountAmount(base, cart.ticketDiscount) : zero(cart.currency);
}

/** Every mutation ends here: a cart whose discounts do not fit its amounts is never returned. */
function validated(cart: Cart): Cart {
  if (cart.ticketDiscount) assertDiscountShape(cart.ticketDiscount);
  ticketDiscountAmount(
    cart,
    discountedLineAmounts(cart).map((l) => l.base),
  );
  return cart;
}

/**
 * Adds `quantity` of `product`. It merges into an existing line of the same product at the same price that
 * has no line discount (a discounted line was discounted for its own quantity, so it stays as it is);
 * otherwise a new line `newLineId` is appended.
 */
export function addProduct(cart: Cart, product: Product, quantity: number, newLineId: string): Cart {
  assertQuantity(quantity, 1);
  if (product.price.currency !== cart.currency) {
    throw new TillpointError(
      'money.currency_mismatch',
      `"${product.name}" is priced in ${product.price.currency}, this ticket is in ${cart.currency}.`,
      { productId: product.id, product: product.price.currency, cart: cart.currency },
    );
  }
  const same = cart.lines.findIndex(
    (l) =>
      l.product.id === product.id && l.discount === null && l.product.price.amount === product.price.amount,
  );
  if (same >= 0) {
    const line = cart.lines[same] as CartLine;
    const merged = line.quantity + quantity;
    assertQuantity(merged, 1);
    const lines = cart.lines.with(same, { ...line, quantity: merged });
    return validated({ ...cart, lines });
  }
  if (cart.lines.some((l) => l.id === newLineId)) {
    throw new TillpointError('invalid_params', 'A line with this id is already on the ticket.', {
      newLineId,
    });
  }
  return validated({
    ...cart,
    lines: [...cart.lines, { id: newLineId, product, quantity, discount: null }],
  });
}

/** Quantity 0 removes the line. */
export function setQuantity(cart: Cart, lineId: string, quantity: number): Cart {
  assertQuantity(quantity, 0);
  const i = lineIndex(cart, lineId);
  const lines =
    quantity === 0
      ? cart.lines.toSpliced(i, 1)
      : cart.lines.with(i, { ...(cart.lines[i] as CartLine), quantity });
  return validated({ ...cart, lines });
}

export const removeLine = (cart: Cart, lineId: string): Cart => setQuantity(cart, lineId, 0);

export function setLineDiscount(cart: Cart, lineId: string, discount: Discount | null): Cart {
  const i = lineIndex(cart, lineId);
  if (discount) assertDiscountShape(discount);
  const lines = cart.lines.with(i, { ...(cart.lines[i] as CartLine), discount });
  return validated({ ...cart, lines });
}

export function setTicketDiscount(cart: Cart, discount: Discount | null): Cart {
  return validated({ ...cart, ticketDiscount: discount });
}

/** Number of items (sum of quantities), as a receipt prints it. */
export const itemCount = (cart: Cart): number => cart.lines.reduce((n, l) => n + l.quantity, 0);

/**
 * Prices the ticket. Order (the rules, in one place):
 *   gross = unitPrice x quantity; lineDiscount from the line's own discount;
 *   ticket discount on the sum of (gross - lineDiscount), allocated over the lines by largest remainder,
 *   weighted by (gross - lineDiscount), so the shares add up to the ticket discount exactly;
 *   net = gross - lineDiscount - share; tax per line by TAX_ROUNDING; total = net (+ tax when exclusive).
 * Totals are plain sums of the lines, so the receipt always adds up.
 */
export function priceCart(cart: Cart, taxRates: ReadonlyMap<string, TaxRate>): PricedCart {
  const c = cart.currency;
  const amounts = discountedLineAmounts(cart);
  const bases = amounts.map((a) => a.base);
  const ticketOff = ticketDiscountAmount(cart, bases);
  const shares =
    cart.lines.length > 0 && ticketOff.amount !== 0
      ? allocate(
          ticketOff,
          bases.map((b) => b.amount),
        )
      : cart.lines.map(() => zero(c));

  const lines: PricedLine[] = cart.lines.map((line, i) => {
    const { gross, lineDiscount, base } = amounts[i] as (typeof amounts)[number];
    const rate = taxRates.get(line.product.taxRateId);
    if (!rate) {
      throw new TillpointError(
        'catalog.unknown_product',
        `The tax rate of "${line.product.name}" is not set up; check the product in the catalog.`,
        { productId: line.product.id, taxRateId: line.product.taxRateId },
      );
    }
    const share = shares[i] as Money;
    const net = subtract(base, share);
    const tax = taxOnLine(net, rate);
    return {
      id: line.id,
      productId: line.product.id,
      sku: line.product.sku,
      name: line.product.name,
      barcode: line.product.barcode,
      quantity: line.quantity,
      unitPrice: line.product.price,
      discount: line.discount,
      gross,
      lineDiscount,
      ticketDiscountShare: share,
      net,
      taxRateId: rate.id,
      taxInclusive: rate.inclusive,
      tax,
      total: rate.inclusive ? net : add(net, tax),
    };
  });

  const taxes = new Map<string, TaxSummary>();
  for (const line of lines) {
    const rate = taxRates.get(line.taxRateId) as TaxRate;
    const base = line.taxInclusive ? subtract(line.net, line.tax) : line.net;
    const row = taxes.get(rate.id);
    if (row) {
      row.base = add(row.base, base);
      row.tax = add(row.tax, line.tax);
    } else {
      taxes.set(rate.id, {
        taxRateId: rate.id,
        name: rate.name,
        rateBps: rate.rateBps,
        inclusive: rate.inclusive,
        base,
        tax: line.tax,
      });
    }
  }

  const total = (pick: (l: PricedLine) => Money) => sum(lines.map(pick), c);
  return {
    lines,
    totals: {
      subtotal: total((l) => l.gross),
      discount: add(
        total((l) => l.lineDiscount),
        total((l) => l.ticketDiscountShare),
      ),
      tax: total((l) => l.tax),
      taxAdded: total((l) => (l.taxInclusive ? zero(c) : l.tax)),
      total: total((l) => l.total),
      taxes: [...taxes.values()],
    },
  };
}
