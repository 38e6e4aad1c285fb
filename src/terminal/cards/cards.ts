import { TillpointError } from '../../core/errors.js';
import type { Handlers } from '../../shared/contract.js';
import type { EventName, EventPayload } from '../../shared/contract.js';
import type { StatusDto } from '../../shared/dto.js';
import type { CardIdentityDto, NfcStatusDto } from '../../shared/nfc-dto.js';
import type { NfcPort, NfcPortStatus } from '../nfc/nfc-port.js';
import type { SaleService } from '../sale-service.js';
import type { MemberStore } from '../store/member-store.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import { createSvStore } from '../store/sv-store.js';
import { randomUUID } from 'node:crypto';
import { isDemoSvScheme, noSvSchemeError, toSvScheme, type SvSchemeFile } from './sv-scheme.js';
import { createSvOff } from './sv-off.js';
import { createSvService } from './sv-service.js';
import { createTapService } from './tap-service.js';

/** 'pcsc': cards through pcscd (nfc-pcsc); 'off': no NFC; or a port of the caller's (tests). */
export type NfcOption = 'off' | 'pcsc' | { readonly port: NfcPort } | { readonly pcsc: PcscLoad };

/** Where to load nfc-pcsc from: Electron passes its own build (.electron-native/), Node the default. */
export interface PcscLoad {
  readonly nfcPcscPath?: string;
}

export interface CardsDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly members: MemberStore;
  readonly sales: SaleService;
  readonly terminalId: string;
  readonly currency: string;
  /** null: stored-value cards are off (no stored-value.json and not in demo mode) */
  readonly scheme: SvSchemeFile | null;
  /** where the scheme's key belongs (`<dataDir>/stored-value.json`), named in the message when cards are off */
  readonly schemeFile: string;
  readonly nfc: NfcOption;
  readonly now: () => Date;
  readonly log: (line: string, details?: unknown) => void;
  readonly emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  readonly statusChanged: () => void;
  readonly refuseIfPaying: (saleId: string) => void;
  /**
   * Staff badges, matched before members: `tap` gives a one-time sign-in token for a badge's UID (else null),
   * `owns` says whether a UID is one (the reader's status, which every screen hears, then leaves it out).
   * Called only once cards are started, after the staff service is built.
   */
  readonly staffBadges: { tap(uid: string): string | null; owns(uid: string): boolean };
  /** throws when the offline risk limits refuse a card debit of this amount */
  readonly refuseOffline: (amount: number) => void;
}

const offStatus: NfcPortStatus = { service: 'unavailable', readers: [] };

/**
 * NFC cards in one place for the terminal: the NFC port, taps (members, balances, bank cards), stored-value
 * sessions and the contract's nfc.* / member.* / svcard.* handlers.
 */
export function createCards(deps: CardsDeps) {
  const { file, members, sales } = deps;
  let port: NfcPort | null = null;
  let closed = false;
  const enabled = deps.nfc !== 'off';

  const svStore = createSvStore(deps.db);
  const noScheme = deps.scheme === null ? noSvSchemeError(deps.schemeFile) : null;
  const sv =
    deps.scheme === null || noScheme !== null
      ? createSvOff({ file, store: svStore, refusal: noScheme ?? noSvSchemeError(deps.schemeFile) })
      : createSvService({
          db: deps.db,
          file,
          store: svStore,
          sales,
          scheme: toSvScheme(deps.scheme),
          terminalId: deps.terminalId,
          now: deps.now,
          cardOn: () => port?.cardOn() ?? null,
          emitChanged: (session) => deps.emit('svcard.changed', session),
          outboxChanged: deps.statusChanged,
          log: deps.log,
          refuseOffline: deps.refuseOffline,
        });
  const taps = createTapService({
    file,
    members,
    sales,
    sv,
    currency: deps.currency,
    refuseIfPaying: (saleId) => {
      deps.refuseIfPaying(saleId);
      sv.refuseIfActive(saleId);
    },
    staffBadge: (uid) => deps.staffBadges.tap(uid),
    emitTap: (tap) => deps.emit('nfc.tap', tap),
    log: deps.log,
  });

  const nfcStatus = (): NfcStatusDto => {
    if (!enabled) return { service: 'off', readers: [] };
    const s = port?.status() ?? offStatus;
    const shown = (card: CardIdentityDto | null) =>
      card && deps.staffBadges.owns(card.uid) ? { ...card, uid: '', atr: '' } : card;
    return { service: s.service, readers: s.readers.map((r) => ({ name: r.name, card: shown(r.card) })) };
  };

  function attach(p: NfcPort): void {
    if (closed) {
      void p.close();
      return;
    }
    port = p;
    p.on('status', () => {
      deps.emit('nfc.changed', nfcStatus());
      deps.statusChanged();
    });
    p.on('card', (link) => void taps.onCard(link));
    // not synchronously: start() is part of the terminal's start, whose caller may still be wiring listeners
    queueMicrotask(deps.statusChanged);
  }

  let started = false;
  /** Attaches the reader: the port given by the caller, or pcscd's. Part of the terminal's start(). */
  function start(): void {
    if (started || closed) return;
    started = true;
    const nfc = deps.nfc;
    if (typeof nfc === 'object' && 'port' in nfc) attach(nfc.port);
    else if (nfc !== 'off') {
      const load = nfc === 'pcsc' ? {} : nfc.pcsc;
      // loaded on demand: a till without NFC never loads the native PC/SC module
      import('../nfc/pcsc-port.js')
        .then(({ openPcscPort }) => attach(openPcscPort({ log: deps.log, ...load })))
        .catch((error: unknown) =>
          deps.log('NFC is off: the PC/SC module could not be loaded', String(error)),
        );
    }
  }

  const handlers: Pick<
    Handlers,
    | 'nfc.status'
    | 'member.list'
    | 'member.enroll'
    | 'sale.setCustomer'
    | 'svcard.payBegin'
    | 'svcard.topUpBegin'
    | 'svcard.confirm'
    | 'svcard.cancel'
    | 'svcard.get'
  > = {
    'nfc.status': nfcStatus,
    'member.list': () => withStoreErrors(file, 'read', () => members.list()),
    'member.enroll': ({ name, discountBps }) => {
      const link = port?.cardOn() ?? null;
      if (!link) throw new TillpointError('nfc.no_card', 'Place the new member’s card on the reader first.');
      if (link.standard !== 'TAG_ISO_14443_3') {
        throw new TillpointError(
          'nfc.bank_card',
          'This is a bank card or phone wallet; use a membership card.',
        );
      }
      const taken = withStoreErrors(file, 'read', () => members.byUid(link.uid));
      if (taken) {
        throw new TillpointError('invalid_params', `This card already belongs to ${taken.name}.`, {
          customerId: taken.id,
        });
      }
      const customer = { id: randomUUID(), name, discountBps, points: 0, cardUid: link.uid };
      withStoreErrors(file, 'change', () => members.insert(customer, deps.now().toISOString()));
      return customer;
    },
    'sale.setCustomer': ({ saleId, customerId }) => {
      deps.refuseIfPaying(saleId);
      sv.refuseIfActive(saleId);
      const customer = customerId === null ? null : members.byId(customerId);
      if (customerId !== null && !customer) {
        throw new TillpointError('member.unknown_card', 'That member is not on this till.', { customerId });
      }
      return sales.setCustomer(saleId, customer);
    },
    'svcard.payBegin': ({ saleId, amount }) => {
      deps.refuseIfPaying(saleId);
      return sv.payBegin(saleId, amount);
    },
    'svcard.topUpBegin': ({ amount, tendered }) => sv.topUpBegin(amount, tendered),
    'svcard.confirm': ({ sessionId }) => sv.confirm(sessionId),
    'svcard.cancel': ({ sessionId }) => sv.cancel(sessionId),
    'svcard.get': ({ sessionId }) => sv.get(sessionId),
  };

  return {
    handlers,
    start,
    refuseIfActive: sv.refuseIfActive,
    /** a kiosk gives up its basket: the card payment waiting for a tap or confirm ends */
    cancelPayFor: sv.cancelPayFor,
    /** for terminal.info: whether the public demo key is in use, or why cards are off */
    storedValue: {
      demoCardKey: deps.scheme !== null && isDemoSvScheme(deps.scheme),
      off: noScheme && { code: noScheme.code, message: noScheme.message, details: noScheme.details },
    },
    /** the status bar's reader item */
    readerState(): StatusDto['nfc'] {
      const s = nfcStatus();
      if (s.service === 'off') return 'off';
      if (s.service === 'unavailable' || s.service === 'not-installed') return s.service;
      if (s.readers.length === 0) return 'no-reader';
      return s.readers.some((r) => r.card !== null) ? 'card-present' : 'ready';
    },
    async close(): Promise<void> {
      closed = true;
      await port?.close();
    },
  };
}
