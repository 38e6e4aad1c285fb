import { z } from 'zod';
import {
  categoryDto,
  customerDto,
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
import { offlineCodeMethods } from './contract-offline-codes.js';
import { kioskResetDto, kioskStatusDto, staffPinParam } from './kiosk-dto.js';
import { nfcStatusDto, nfcTapDto, svSessionDto } from './nfc-dto.js';
import { printersDto } from './print-dto.js';
import type { Result } from './result.js';
import {
  bySale,
  largeDiscount,
  needs,
  none,
  read,
  saleRef,
  self,
  signedOut,
  write,
  type MethodAccess,
  type PermissionLimits,
  type PermissionRule,
} from './contract-method.js';
import { storeOperationMethods } from './contract-store-ops.js';
import { billMethods } from './contract-bills.js';
import { billPaymentDto } from './bill-dto.js';

export type { MethodAccess, PermissionLimits, PermissionRule } from './contract-method.js';
import type { Permission, StaffRole } from '../core/permissions.js';

/**
 * The one API contract. Every transport (Electron IPC, loopback WebSocket) is a generic loop over this
 * table; add a method here and in the terminal service, nowhere else.
 */
const quantity = z.number().int().min(0).max(9_999);
const nonNegative = minorUnitsParam.pipe(z.number().min(0));
/** split tender: the part of what is left a tender pays (minor units); absent: all that is left */
const partAmount = minorUnitsParam.pipe(z.number().min(1));

export const methods = {
  'terminal.info': signedOut(read(none, terminalInfoDto)),
  'status.get': signedOut(write(none, statusDto)),

  'catalog.categories': read(none, z.array(categoryDto)),
  'catalog.taxRates': read(none, z.array(taxRateDto)),
  'catalog.search': read(
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
  'sale.current': read(none, saleDto.nullable()),
  /** Starts a ticket, or answers the one already open: a terminal has at most one. */
  'sale.start': self(none, saleDto),
  'sale.addProduct': self(
    z
      .object({ ...saleRef, productId: z.string().min(1).max(64), quantity: quantity.min(1).optional() })
      .strict(),
    saleDto,
  ),
  /** A barcode from a scanner or typed: adds that product, or answers catalog.unknown_barcode. */
  'sale.scan': self(z.object({ ...saleRef, barcode: z.string().min(1).max(64) }).strict(), saleDto),
  /** quantity 0 removes the line. */
  'sale.setQuantity': self(z.object({ ...saleRef, lineId: uuid, quantity }).strict(), saleDto),
  'sale.setLineDiscount': needs(
    'write',
    { ...saleRef, lineId: uuid, discount: discountDto.nullable() },
    saleDto,
    largeDiscount(true),
    bySale,
  ),
  'sale.setTicketDiscount': needs(
    'write',
    { ...saleRef, discount: discountDto.nullable() },
    saleDto,
    largeDiscount(false),
    bySale,
  ),
  'sale.void': needs('write', saleRef, saleDto, 'sale.void', bySale),
  /** Cash for everything that is left: sale + lines + payment + outbox row in one SQLite transaction. */
  'sale.complete': write(z.object({ ...saleRef, tender: tenderDto }).strict(), saleDto),
  /**
   * Split tender: a cash part of what is left (`amount`; absent: all of it), `tendered` at least the cash
   * due for it (a part that pays the rest is rounded by the shop's cash rounding). Answers the sale: open
   * with the part kept, or completed when the part paid the rest.
   */
  'sale.payCash': write(
    z.object({ ...saleRef, tendered: nonNegative, amount: partAmount.optional() }).strict(),
    saleDto,
  ),

  'sales.list': write(
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
  'sales.get': write(z.object(saleRef).strict(), saleDto),
  /**
   * Refunds a completed sale in full (cash out of the drawer, or the wallet's refund), only once the sale
   * reached the hub (`sale.refund_unsynced` otherwise). Idempotent: a repeated call answers the same refund.
   */
  'sale.refund': needs(
    'write',
    { ...saleRef, reason: z.string().trim().min(1).max(200) },
    refundDto,
    'refund',
    bySale,
  ),

  // Wallet payments. The terminal drives each attempt (poll, reverse) in the background and
  // emits payment.changed after every committed transition.
  /** Wallets and QR providers configured for this sale, with any tender promotion shown before paying. */
  'payment.options': read(z.object(saleRef).strict(), paymentOptionsDto),
  /**
   * Charges a customer's payment code (barcode pay). Answers after the first provider reply. `amount`: the
   * part of what is left to charge (absent: all of it).
   */
  'payment.chargeCode': self(
    z
      .object({
        ...saleRef,
        code: z.string().min(1).max(128),
        source: z.enum(['camera', 'scanner', 'typed']),
        amount: partAmount.optional(),
      })
      .strict(),
    paymentAttemptDto,
  ),
  /** A QR for the customer to scan: the provider's (precreate) or a static EMV MPM with the amount. */
  'payment.showQr': self(
    z.object({ ...saleRef, providerId: z.string().min(1).max(64), amount: partAmount.optional() }).strict(),
    paymentAttemptDto,
  ),
  'payment.get': read(z.object({ attemptId: uuid }).strict(), paymentAttemptDto),
  /** The open ticket's payment attempt still under way (a QR up, a charge waiting), or null: a screen opened mid-payment. */
  'payment.current': read(none, paymentAttemptDto.nullable()),
  /** Cancels (reverses) an attempt; a paid one is refunded by the provider. */
  'payment.cancel': self(z.object({ attemptId: uuid }).strict(), paymentAttemptDto),
  /** Static QR schemes only: the cashier saw the money arrive; recorded as confirmation 'cashier'. */
  'payment.confirmByCashier': write(z.object({ attemptId: uuid }).strict(), paymentAttemptDto),
  /** What is in flight or was: attempts newest first, optionally only some states, with their sale. */
  'payment.list': write(
    z
      .object({
        states: z.array(paymentAttemptStateDto).min(1).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    z.array(paymentListItemDto),
  ),
  /** Refunds newest first, optionally only some states (pending: sent, answer not known yet). */
  'refund.list': write(
    z
      .object({
        states: z.array(refundStateDto).min(1).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    z.array(refundListItemDto),
  ),

  // NFC. Taps are handled by the terminal (a member card attaches to the open sale); the renderer
  // learns of them from nfc.tap and svcard.changed.
  'nfc.status': write(none, nfcStatusDto),
  'member.list': write(none, z.array(customerDto)),
  /** Enrolls the card on the reader for a new member. */
  'member.enroll': write(
    z
      .object({ name: z.string().trim().min(1).max(80), discountBps: z.number().int().min(0).max(10_000) })
      .strict(),
    customerDto,
  ),
  /** Attaches a member to the open sale (and their discount as the ticket discount), or detaches (null). */
  'sale.setCustomer': write(z.object({ ...saleRef, customerId: uuid.nullable() }).strict(), saleDto),
  /** Pay the sale from a stored-value card: waits for a tap, shows balance and new balance, then confirm. */
  /**
   * `amount`: the part of what is left the card pays (absent: all of it). "Card balance, rest in cash": the
   * cashier reads the balance the session shows and begins again with `amount` = that balance.
   */
  'svcard.payBegin': self(z.object({ ...saleRef, amount: partAmount.optional() }).strict(), svSessionDto),
  /** Cash in, value onto the card (a blank NTAG215 is issued as a new card). */
  'svcard.topUpBegin': needs(
    'write',
    {
      amount: minorUnitsParam.pipe(z.number().min(1)),
      tendered: minorUnitsParam.pipe(z.number().min(0)),
    },
    svSessionDto,
    'card.topUp',
    (p) => `topUp:${p.amount}`,
  ),
  /** Writes the debit or top-up onto the card on the reader (read back, then the pointer flipped). */
  'svcard.confirm': self(z.object({ sessionId: uuid }).strict(), svSessionDto),
  'svcard.cancel': self(z.object({ sessionId: uuid }).strict(), svSessionDto),
  'svcard.get': self(z.object({ sessionId: uuid }).strict(), svSessionDto),

  // The outbox's way to the hub. The sync client runs in the terminal service on its own.
  'sync.status': write(none, syncHealthDto),
  /** Outbox entries, newest first, optionally only some states (the Sync screen). */
  'sync.entries': write(
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
  'sync.now': write(none, syncHealthDto),
  /** A parked entry goes back to the queue (after the cause was fixed at the hub). */
  'sync.retry': write(z.object({ entryId: z.number().int().positive() }).strict(), outboxEntryDto),
  /** A parked entry is settled by hand; it is kept, marked resolved with the manager's note. */
  'sync.resolve': needs(
    'write',
    { entryId: z.number().int().positive(), note: z.string().trim().min(1).max(500) },
    outboxEntryDto,
    'sync.resolve',
    (p) => `outbox:${p.entryId}`,
  ),
  /** Enrolls this terminal with a hub, with the one-time code from the hub's operator. */
  'sync.enroll': needs(
    'write',
    {
      hubUrl: z.url({ protocol: /^https?$/ }).max(300),
      /** the enrollment code; `CODE/PAIRING` carries the hub's pairing code too */
      code: z.string().trim().min(8).max(64),
      /** the pairing code read off the hub (its certificate's), for an https hub */
      pairingCode: z.string().trim().min(20).max(40).optional(),
      /** move a till enrolled with another hub (address or certificate) to this one: needs hub.repoint */
      repoint: z.boolean().optional(),
    },
    syncHealthDto,
    (p) => (p.repoint === true ? 'hub.repoint' : null),
    (p) => `hub:${p.hubUrl}`,
  ),

  // The self-service kiosk (a terminal started with --kiosk; elsewhere these answer kiosk.not_enabled).
  'kiosk.status': self(none, kioskStatusDto),
  /** The customer asks for the attendant: a help request the kiosk shows until staff clear it. */
  'kiosk.callStaff': self(none, kioskStatusDto),
  /** Staff clear the help request and approve the lines that need a staff check, with the staff PIN. */
  'kiosk.staffClear': self(z.object({ pin: staffPinParam }).strict(), kioskStatusDto),
  /** Staff leave kiosk mode with the staff PIN (five wrong tries lock it for a while, kept across restarts). */
  'kiosk.adminExit': needs('self', { pin: staffPinParam }, kioskStatusDto, 'kiosk.admin'),
  /**
   * Gives up the basket (idle reset, or the customer's Cancel): reverses a payment attempt that may still
   * take money first (outcome 'reversing': call again once it is final), then voids.
   */
  'kiosk.reset': self(z.object({ ...saleRef, reason: z.enum(['idle', 'customer']) }).strict(), kioskResetDto),

  ...storeOperationMethods,
  ...offlineCodeMethods,
  ...billMethods,
} as const;

export const events = {
  'status.changed': statusDto,
  /** the open ticket after every committed change (start, items, discounts, member, void, completion) */
  'sale.changed': saleDto,
  /** after every committed transition of a payment attempt */
  'payment.changed': paymentAttemptDto,
  /** readers attached or detached, card on or off, pcscd gone or back */
  'nfc.changed': nfcStatusDto,
  /** a card tapped outside a stored-value operation, and what it meant */
  'nfc.tap': nfcTapDto,
  /** after every change of a stored-value session */
  'svcard.changed': svSessionDto,
  /** the kiosk's help request, staff checks or PIN lockout changed */
  'kiosk.changed': kioskStatusDto,
  /** staff left kiosk mode with the PIN: the Electron main process or the serve host closes the kiosk */
  'kiosk.exit': z.object({ at: z.iso.datetime() }),
  /** a printer's state or its waiting jobs changed */
  'print.changed': printersDto,
  /** a bill payment was looked up, confirmed or paid (the customer display shows it to check) */
  'bill.changed': billPaymentDto,
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
/**
 * What a caller may do, bound by its transport: 'full' for the cashier's window or token, 'kiosk' for the
 * self-service kiosk's, 'read' for the customer display's. A 'read' caller may call only the methods
 * declared `read` above; a 'kiosk' caller those and the ones declared `self`.
 */
export type Capability = 'full' | 'kiosk' | 'read';
/** The names of the methods declared `read`. */
export type ReadMethodName = {
  [M in MethodName]: MethodTable[M]['access'] extends 'read' ? M : never;
}[MethodName];
/** The methods a 'read' caller may call; a method without an access of 'read' counts as write. */
export const readMethodNames = methodNames.filter(
  (name): name is ReadMethodName => methods[name].access === 'read',
);
export const mayCall = (capability: Capability, name: MethodName): boolean => {
  const access: MethodAccess = methods[name].access;
  if (capability === 'full') return true;
  if (capability === 'kiosk') return access === 'read' || access === 'self';
  return access === 'read';
};
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.hasOwn(events, name);

/** Who is signed in on one screen (a WebSocket, a window); the transport keeps one per connection. */
export interface CallSession {
  signedIn: { readonly staffId: string; readonly name: string; readonly role: StaffRole } | null;
  /** Date.now() of this screen's last call that did something: idle past the limit locks it */
  lastActiveAt: number;
}
export const newCallSession = (): CallSession => ({ signedIn: null, lastActiveAt: 0 });

/** Who is calling, as the transport knows it (the window that sent the IPC call, the WebSocket's token). */
export interface CallContext {
  readonly capability: Capability;
  /** this screen's sign-in; absent for an in-process caller (the CLI, a test), which staff do not gate */
  readonly session?: CallSession;
}

/** The permission a call needs (a rule may look at its params), and the subject its approval is bound to. */
export function permissionFor(
  name: MethodName,
  params: unknown,
  limits: PermissionLimits,
): { permission: Permission; subject: string } | null {
  const spec = methods[name] as { permission?: PermissionRule<unknown>; subject?: (p: unknown) => string };
  if (spec.permission === undefined) return null;
  const permission = typeof spec.permission === 'string' ? spec.permission : spec.permission(params, limits);
  if (permission === null) return null;
  return { permission, subject: spec.subject?.(params) ?? '' };
}
/** Whether a method answers on a till with staff while nobody is signed in on the screen. */
export const openWhenSignedOut = (name: MethodName): boolean =>
  methods[name].access === 'read' || (methods[name] as { signedOut?: true }).signedOut === true;

/**
 * What the terminal service implements. A handler may throw a TillpointError; the dispatcher maps it. The
 * call's context is there for the few that need it (sign-in works on the caller's own screen).
 */
export type Handlers = {
  [M in MethodName]: (params: ValidParamsOf<M>, context?: CallContext) => ResultOf<M> | Promise<ResultOf<M>>;
};

/** The object a renderer receives: window.tillpoint in Electron, the WebSocket client in a browser. */
export type TillpointApi = {
  [M in MethodName]: (params: ParamsOf<M>) => Promise<Result<ResultOf<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
