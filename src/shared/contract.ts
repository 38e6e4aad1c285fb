import { z } from 'zod';
import {
  categoryDto,
  customerDto,
  nfcStatusDto,
  nfcTapDto,
  svSessionDto,
  discountDto,
  paymentAttemptDto,
  paymentAttemptStateDto,
  paymentListItemDto,
  paymentOptionsDto,
  productDto,
  refundDto,
  refundListItemDto,
  refundStateDto,
  saleDto,
  saleSummaryDto,
  statusDto,
  taxRateDto,
  tenderDto,
  terminalInfoDto,
  uuid,
  minorUnits as minorUnitsParam,
  outboxEntryDto,
  outboxStateDto,
  syncHealthDto,
} from './dto.js';
import type { Result } from './result.js';

/**
 * The one API contract. Every transport (Electron IPC, loopback WebSocket) is a generic loop over this
 * table; add a method here and in the terminal service, nowhere else.
 */
const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });
const none = z.object({}).strict();
const saleRef = { saleId: uuid };
const quantity = z.number().int().min(0).max(9_999);

export const methods = {
  'terminal.info': method(none, terminalInfoDto),
  'status.get': method(none, statusDto),

  'catalog.categories': method(none, z.array(categoryDto)),
  'catalog.taxRates': method(none, z.array(taxRateDto)),
  'catalog.search': method(
    z
      .object({
        query: z.string().max(100),
        categoryId: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    z.array(productDto),
  ),

  /** The open ticket, if any (it survives a restart). */
  'sale.current': method(none, saleDto.nullable()),
  /** Starts a ticket, or answers the one already open: a terminal has at most one. */
  'sale.start': method(none, saleDto),
  'sale.addProduct': method(
    z
      .object({ ...saleRef, productId: z.string().min(1).max(64), quantity: quantity.min(1).optional() })
      .strict(),
    saleDto,
  ),
  /** A barcode from a scanner or typed: adds that product, or answers catalog.unknown_barcode. */
  'sale.scan': method(z.object({ ...saleRef, barcode: z.string().min(1).max(64) }).strict(), saleDto),
  /** quantity 0 removes the line. */
  'sale.setQuantity': method(z.object({ ...saleRef, lineId: uuid, quantity }).strict(), saleDto),
  'sale.setLineDiscount': method(
    z.object({ ...saleRef, lineId: uuid, discount: discountDto.nullable() }).strict(),
    saleDto,
  ),
  'sale.setTicketDiscount': method(
    z.object({ ...saleRef, discount: discountDto.nullable() }).strict(),
    saleDto,
  ),
  'sale.void': method(z.object(saleRef).strict(), saleDto),
  /** Sale + lines + payment + outbox row in one SQLite transaction. */
  'sale.complete': method(z.object({ ...saleRef, tender: tenderDto }).strict(), saleDto),

  'sales.list': method(
    z
      .object({
        /** receipt number, product name, SKU or barcode */
        query: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(200).optional(),
        /** page backwards from this receipt number */
        beforeNumber: z.number().int().optional(),
      })
      .strict(),
    z.array(saleSummaryDto),
  ),
  'sales.get': method(z.object(saleRef).strict(), saleDto),
  /**
   * Refunds a completed sale in full (cash out of the drawer, or the wallet's refund), only once the sale
   * reached the hub (`sale.refund_unsynced` otherwise). Idempotent: a repeated call answers the same refund.
   */
  'sale.refund': method(
    z.object({ ...saleRef, reason: z.string().trim().min(1).max(200) }).strict(),
    refundDto,
  ),

  // Issue 3: wallet payments. The terminal drives each attempt (poll, reverse) in the background and
  // emits payment.changed after every committed transition.
  /** Wallets and QR providers configured for this sale, with any tender promotion shown before paying. */
  'payment.options': method(z.object(saleRef).strict(), paymentOptionsDto),
  /** Charges a customer's payment code (barcode pay). Answers after the first provider reply. */
  'payment.chargeCode': method(
    z
      .object({
        ...saleRef,
        code: z.string().min(1).max(128),
        source: z.enum(['camera', 'scanner', 'typed']),
      })
      .strict(),
    paymentAttemptDto,
  ),
  /** A QR for the customer to scan: the provider's (precreate) or a static EMV MPM with the amount. */
  'payment.showQr': method(
    z.object({ ...saleRef, providerId: z.string().min(1).max(64) }).strict(),
    paymentAttemptDto,
  ),
  'payment.get': method(z.object({ attemptId: uuid }).strict(), paymentAttemptDto),
  /** Cancels (reverses) an attempt; a paid one is refunded by the provider. */
  'payment.cancel': method(z.object({ attemptId: uuid }).strict(), paymentAttemptDto),
  /** Static QR schemes only: the cashier saw the money arrive; recorded as confirmation 'cashier'. */
  'payment.confirmByCashier': method(z.object({ attemptId: uuid }).strict(), paymentAttemptDto),
  /** What is in flight or was: attempts newest first, optionally only some states, with their sale. */
  'payment.list': method(
    z
      .object({
        states: z.array(paymentAttemptStateDto).min(1).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    z.array(paymentListItemDto),
  ),
  /** Refunds newest first, optionally only some states (pending: sent, answer not known yet). */
  'refund.list': method(
    z
      .object({
        states: z.array(refundStateDto).min(1).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    z.array(refundListItemDto),
  ),

  // Issue 4: NFC. Taps are handled by the terminal (a member card attaches to the open sale); the renderer
  // learns of them from nfc.tap and svcard.changed.
  'nfc.status': method(none, nfcStatusDto),
  'member.list': method(none, z.array(customerDto)),
  /** Enrolls the card on the reader for a new member. */
  'member.enroll': method(
    z
      .object({ name: z.string().trim().min(1).max(80), discountBps: z.number().int().min(0).max(10_000) })
      .strict(),
    customerDto,
  ),
  /** Attaches a member to the open sale (and their discount as the ticket discount), or detaches (null). */
  'sale.setCustomer': method(z.object({ ...saleRef, customerId: uuid.nullable() }).strict(), saleDto),
  /** Pay the sale from a stored-value card: waits for a tap, shows balance and new balance, then confirm. */
  'svcard.payBegin': method(z.object(saleRef).strict(), svSessionDto),
  /** Cash in, value onto the card (a blank NTAG215 is issued as a new card). */
  'svcard.topUpBegin': method(
    z
      .object({
        amount: minorUnitsParam.pipe(z.number().min(1)),
        tendered: minorUnitsParam.pipe(z.number().min(0)),
      })
      .strict(),
    svSessionDto,
  ),
  /** Writes the debit or top-up onto the card on the reader (read back, then the pointer flipped). */
  'svcard.confirm': method(z.object({ sessionId: uuid }).strict(), svSessionDto),
  'svcard.cancel': method(z.object({ sessionId: uuid }).strict(), svSessionDto),
  'svcard.get': method(z.object({ sessionId: uuid }).strict(), svSessionDto),

  // Issue 5: the outbox's way to the hub. The sync client runs in the terminal service on its own.
  'sync.status': method(none, syncHealthDto),
  /** Outbox entries, newest first, optionally only some states (the Sync screen). */
  'sync.entries': method(
    z
      .object({
        states: z.array(outboxStateDto).min(1).optional(),
        limit: z.number().int().min(1).max(500).optional(),
        /** page backwards from this entry id */
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
    z.array(outboxEntryDto),
  ),
  /** Try now instead of waiting out the backoff. */
  'sync.now': method(none, syncHealthDto),
  /** A parked entry goes back to the queue (after the cause was fixed at the hub). */
  'sync.retry': method(z.object({ entryId: z.number().int().positive() }).strict(), outboxEntryDto),
  /** A parked entry is settled by hand; it is kept, marked resolved with the manager's note. */
  'sync.resolve': method(
    z.object({ entryId: z.number().int().positive(), note: z.string().trim().min(1).max(500) }).strict(),
    outboxEntryDto,
  ),
  /** Enrolls this terminal with a hub, with the one-time code from the hub's operator. */
  'sync.enroll': method(
    z
      .object({
        hubUrl: z.url({ protocol: /^https?$/ }).max(300),
        code: z.string().trim().min(8).max(64),
      })
      .strict(),
    syncHealthDto,
  ),

  /** Settings: writes the support archive (versions, configuration without secrets, logs) into the data folder. */
  'diagnostics.create': method(none, z.object({ file: z.string(), bytes: z.number().int().min(0) })),
} as const;

export const events = {
  'status.changed': statusDto,
  /** after every committed transition of a payment attempt */
  'payment.changed': paymentAttemptDto,
  /** issue 4: readers attached or detached, card on or off, pcscd gone or back */
  'nfc.changed': nfcStatusDto,
  /** a card tapped outside a stored-value operation, and what it meant */
  'nfc.tap': nfcTapDto,
  /** after every change of a stored-value session */
  'svcard.changed': svSessionDto,
  // each event names the schema of its payload: the terminal's emitter and the transports are typed by it
} as const satisfies Record<string, z.ZodType>;

export type MethodTable = typeof methods;
export type MethodName = keyof MethodTable;
export type EventName = keyof typeof events;
/** What a caller passes (before zod defaults and transforms). */
export type ParamsOf<M extends MethodName> = z.input<MethodTable[M]['params']>;
/** What a handler receives (after validation). */
export type ValidParamsOf<M extends MethodName> = z.output<MethodTable[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<MethodTable[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];
export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.hasOwn(methods, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.hasOwn(events, name);

/** What the terminal service implements. A handler may throw a TillpointError; the dispatcher maps it. */
export type Handlers = {
  [M in MethodName]: (params: ValidParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
};

/** The object a renderer receives: window.tillpoint in Electron, the WebSocket client in a browser. */
export type TillpointApi = {
  [M in MethodName]: (params: ParamsOf<M>) => Promise<Result<ResultOf<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
