import type { ErrorCode } from '../../core/errors.js';

/**
 * The English catalog, the reference every other catalog (zh-CN next) must match key for key.
 * ICU-lite: `{name}` is replaced by the parameter of that name; nothing else is interpreted.
 */
const ui = {
  'app.title': 'Tillpoint',
  'app.loading': 'Starting the till…',
  'app.startFailed': 'The till could not start: {message}',
  'app.retry': 'Try again',

  'nav.screens': 'Screens',
  'nav.sell': 'Sell',
  'nav.history': 'Sales history',

  'status.label': 'Status',
  'status.terminal': 'Terminal: {name}',
  'status.network.unknown': 'Network: unknown',
  'status.network.online': 'Network: online',
  'status.network.offline': 'Network: offline',
  'status.queued': 'Queued: {count}',

  'products.region': 'Products',
  'products.categories': 'Categories',
  'products.allCategories': 'All',
  'products.search': 'Search products',
  'products.searchHint': 'Name, SKU or barcode',
  'products.list': 'Product list',
  'products.none': 'No products match.',
  'products.loading': 'Loading products…',

  'ticket.region': 'Ticket',
  'ticket.lines': 'Ticket lines',
  'ticket.empty': 'Scan or tap a product to start a sale.',
  'ticket.unitLine': '{quantity} × {price}',
  'ticket.lineDiscount': 'Discount −{amount}',
  'ticket.ticketDiscountShare': 'Ticket discount −{amount}',
  'ticket.increase': 'Increase quantity of {name}',
  'ticket.decrease': 'Decrease quantity of {name}',
  'ticket.quantity': 'Quantity of {name}',
  'ticket.remove': 'Remove {name}',
  'ticket.discountLine': 'Discount on {name}',
  'ticket.discountButton': 'Discount',
  'ticket.ticketDiscount': 'Ticket discount',
  'ticket.void': 'Void ticket',
  'ticket.cash': 'Cash',

  'totals.label': 'Totals',
  'totals.subtotal': 'Subtotal',
  'totals.discount': 'Discount',
  'totals.tax': 'Tax',
  'totals.total': 'Total',

  'discount.kind': 'Discount type',
  'discount.percent': 'Percent',
  'discount.amount': 'Amount',
  'discount.percentValue': 'Percent off',
  'discount.amountValue': 'Amount off ({currency})',
  'discount.apply': 'Apply',
  'discount.remove': 'Remove discount',
  'discount.current': 'Current: {value}',
  'discount.badPercent': 'Enter a percent from 0.01 to 100, for example 10 or 12.5.',
  'discount.badAmount': 'Enter an amount greater than zero, for example 2 or 1.50.',

  'dialog.cancel': 'Cancel',
  'dialog.close': 'Close',

  'void.title': 'Void ticket',
  'void.question': 'Void this ticket with {count} items? It is kept in the sales history as voided.',
  'void.confirm': 'Void ticket',
  'void.keep': 'Keep ticket',

  'cash.title': 'Cash payment',
  'cash.due': 'Amount due',
  'cash.tendered': 'Amount tendered',
  'cash.change': 'Change due',
  'cash.short': 'Still to pay',
  'cash.keypad': 'Keypad',
  'cash.quick': 'Quick amounts',
  'cash.clear': 'Clear',
  'cash.backspace': 'Backspace',
  'cash.exact': 'Exact {amount}',
  'cash.complete': 'Complete sale',
  'cash.completing': 'Completing…',

  'receipt.title': 'Receipt',
  'receipt.number': 'Receipt No. {number}',
  'receipt.date': 'Date',
  'receipt.lines': 'Items',
  'receipt.subtotal': 'Subtotal',
  'receipt.discount': 'Discount',
  'receipt.ticketDiscount': 'Ticket discount ({value})',
  'receipt.taxIncl': '{name} incl.',
  'receipt.taxAdded': '{name} added',
  'receipt.total': 'Total',
  'receipt.cashTendered': 'Cash tendered',
  'receipt.change': 'Change',
  'receipt.walletPaid': 'Paid by {wallet}',
  'receipt.print': 'Print',
  'receipt.newSale': 'New sale',
  'receipt.thanks': 'Thank you!',

  'history.title': 'Sales history',
  'history.search': 'Search sales',
  'history.searchHint': 'Receipt number or product',
  'history.list': 'Sales',
  'history.none': 'No sales found.',
  'history.row': 'No. {number} · {time} · {total} · {items} items · {state}',
  'history.rowVoided': 'Voided · {time} · {total} · {items} items',
  'history.more': 'Load more',
  'history.details': 'Sale details',
  'history.saleTitle': 'Sale No. {number}',
  'history.voidedTitle': 'Voided ticket',
  'history.openTitle': 'Open ticket',
  'history.state': 'State',
  'history.payments': 'Payments',
  'history.paymentCash': 'Cash {amount} (tendered {tendered}, change {change})',
  'history.paymentWallet': '{wallet} {amount}',
  'history.noPayments': 'No payments',
  'history.back': 'Back to list',

  'state.open': 'Open',
  'state.completed': 'Completed',
  'state.voided': 'Voided',

  'message.added': 'Added {name}',
  'message.scanned': 'Scanned {barcode}: {name}',
  'message.voided': 'Ticket voided',
  'message.completed': 'Sale No. {number} completed',
  'message.scanWhilePaying': 'Scanned {barcode} ignored: finish or cancel the payment first.',
  'message.dismiss': 'Dismiss',
} as const;

/**
 * One message per ErrorCode, written for the cashier: what happened and what to do next. The mapped type
 * makes the compiler refuse a catalog that misses a code added to src/core/errors.ts.
 */
const errors: { [C in ErrorCode as `error.${C}`]: string } = {
  'error.invalid_params':
    'The till sent a request it cannot handle. Try again; if it repeats, restart the till.',
  'error.unknown_method': 'This screen is newer than the till service. Restart the till.',
  'error.unauthorized': 'This screen is not signed in. Open the link the till printed when it started.',
  'error.internal': 'Something went wrong. The sale in progress is kept; try again.',
  'error.transport.disconnected': 'Lost the connection to the till. Wait a moment and try again.',
  'error.money.currency_mismatch': 'That amount is in a different currency from the sale.',
  'error.money.not_integer': 'That amount is not valid. Enter it again.',
  'error.money.unknown_currency':
    'The till does not know this currency. Ask a manager to check the settings.',
  'error.money.overflow': 'That amount is too large. Check the quantity or the amount.',
  'error.money.invalid_allocation':
    'The discount could not be shared across the items. Try a different discount.',
  'error.catalog.unknown_barcode': 'No product has the barcode {barcode}. Check the item or find it by name.',
  'error.catalog.unknown_product': 'That product is no longer in the catalog. Search for it again.',
  'error.sale.not_found': 'That sale could not be found. Refresh the sales history.',
  'error.sale.illegal_transition': 'That sale can no longer be changed. Start a new sale.',
  'error.sale.empty': 'The ticket is empty. Add an item first.',
  'error.sale.line_not_found': 'That item is no longer on the ticket.',
  'error.sale.invalid_quantity': 'That quantity is not allowed. Use a whole number from 1 to 9999.',
  'error.sale.invalid_discount':
    'That discount is not allowed. It cannot be more than the amount it applies to.',
  'error.sale.another_open': 'Another ticket is already open. Finish or void it first.',
  'error.tender.insufficient': 'The cash tendered is less than the amount due.',
  'error.tender.invalid_amount': 'That cash amount is not valid. Clear it and enter it again.',
  'error.store.disk_full':
    'The till’s disk is full, so the sale was not saved. It is still open; call a manager.',
  'error.store.corrupt': 'The till’s database is damaged. Do not continue; call a manager.',
  'error.store.newer_schema': 'The till’s data comes from a newer version. Update the till software.',
  'error.store.busy': 'The till is busy saving. Try again in a moment.',
  'error.store.readonly': 'The till cannot save right now (read-only storage). Call a manager.',
  'error.store.io': 'The till could not read or write its data. Try again; if it repeats, call a manager.',
  'error.wallet.unconfigured':
    'This till takes no payments from that wallet. Ask the customer for another wallet or tender.',
  'error.wallet.code_invalid': 'That is not a payment code. Ask the customer to show their payment code.',
  'error.wallet.code_expired':
    'The customer’s payment code has expired. Ask them to refresh it and scan again.',
  'error.wallet.code_used': 'That payment code was already used. Ask the customer to refresh it.',
  'error.payment.unavailable': 'Wallet payments are not available on this till. Take another tender.',
  'error.payment.offline':
    'The payment service cannot be reached. Take cash or another tender; the code was not kept.',
  'error.payment.attempt_in_progress': 'A payment for this sale is still in progress. Wait for it to finish.',
  'error.payment.not_found': 'That payment could not be found. Start the payment again.',
  'error.payment.illegal_transition': 'That payment can no longer be changed.',
  'error.payment.config_invalid': 'The payment settings are not valid. Call a manager.',
  'error.payment.declined': 'The payment was declined. Ask for another wallet or tender.',
  'error.payment.provider_error':
    'The payment service answered with an error. Try again or take another tender.',
  'error.payment.unknown_provider': 'That payment provider is not configured on this till.',
};

export const en = { ...ui, ...errors };

export type MessageKey = keyof typeof en;
/** Every catalog has exactly the English keys. */
export type Catalog = Readonly<Record<MessageKey, string>>;
