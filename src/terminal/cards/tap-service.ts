import { isTillpointError, type TillpointError } from '../../core/errors.js';
import { money } from '../../core/money.js';
import type { ProblemDto } from '../../shared/dto.js';
import type { CardIdentityDto, NfcTapDto } from '../../shared/nfc-dto.js';
import { identifyCard } from '../nfc/identify-card.js';
import type { CardLink } from '../nfc/nfc-port.js';
import type { SaleService } from '../sale-service.js';
import type { MemberStore } from '../store/member-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { SvService } from './sv-service.js';

export interface TapServiceDeps {
  readonly file: string;
  readonly members: MemberStore;
  readonly sales: SaleService;
  readonly sv: SvService;
  readonly currency: string;
  /** throws when the sale cannot change now (a payment may still take money) */
  readonly refuseIfPaying: (saleId: string) => void;
  /** a one-time sign-in token when this UID is a staff badge, else null */
  readonly staffBadge: (uid: string) => string | null;
  readonly emitTap: (tap: NfcTapDto) => void;
  readonly log: (line: string, details?: unknown) => void;
}

const problemOf = (error: unknown): ProblemDto =>
  isTillpointError(error)
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: 'The card could not be read. Tap it again.' };

const problem = (code: TillpointError['code'], message: string): ProblemDto => ({ code, message });

/**
 * What a tap means: a staff badge is offered to a screen that signs in or approves with it; otherwise, when
 * no stored-value operation wants the card, a member card attaches its member to
 * the open sale (their discount becomes the ticket discount), a stored-value card shows its balance, a bank
 * card or phone wallet is sent to the card terminal (Tillpoint runs no EMV kernel). The UID is a lookup hint
 * only: it finds a member, it never authorises money.
 */
export function createTapService(deps: TapServiceDeps) {
  async function describe(link: CardLink): Promise<NfcTapDto> {
    const card: CardIdentityDto = {
      reader: link.reader,
      uid: link.uid,
      atr: link.atr,
      standard: link.standard,
    };
    const tap: NfcTapDto = {
      card,
      kind: 'unknown',
      customer: null,
      attachedToSaleId: null,
      balance: null,
      applications: [],
      problem: null,
    };
    const kind = await identifyCard(link);
    if (kind.kind === 'bank-card') {
      return {
        ...tap,
        kind: 'bank-card',
        applications: kind.aids,
        problem: problem(
          'nfc.bank_card',
          'This is a bank card or phone wallet: use the card terminal for it.',
        ),
      };
    }
    if (kind.kind === 'unknown-card') {
      return { ...tap, problem: problem('nfc.unknown_card', 'The till does not know this card.') };
    }
    // ISO 14443-3: a member card by its UID, and perhaps a stored-value card too
    const customer = withStoreErrors(deps.file, 'read', () => deps.members.byUid(link.uid));
    let balance = null;
    let svProblem: ProblemDto | null = null;
    if (kind.kind === 'ntag') {
      try {
        const read = await deps.sv.peek(link);
        if (read.kind === 'card') balance = money(read.state.active.balance, read.state.active.currency);
        else if (read.kind === 'refused') svProblem = read.result.error;
      } catch (error) {
        svProblem = problemOf(error);
      }
    }
    if (customer) {
      const attachedToSaleId = attach(customer.id);
      return {
        ...tap,
        kind: 'member',
        customer:
          attachedToSaleId === null ? customer : (deps.sales.get(attachedToSaleId).customer ?? customer),
        attachedToSaleId,
        balance,
      };
    }
    if (balance !== null) return { ...tap, kind: 'stored-value', balance };
    if (svProblem && svProblem.code !== 'card.not_stored_value') {
      return { ...tap, kind: 'stored-value', problem: svProblem };
    }
    return {
      ...tap,
      kind: 'tag',
      problem: problem('member.unknown_card', 'This card is not a membership card of this shop.'),
    };
  }

  /** Attaches the member to the open sale if there is one that may change; answers its id. */
  function attach(customerId: string): string | null {
    const open = deps.sales.current();
    if (!open || open.state !== 'open') return null;
    if (open.customer?.id === customerId) return open.id;
    deps.refuseIfPaying(open.id);
    const customer = deps.members.byId(customerId);
    deps.sales.setCustomer(open.id, customer);
    return open.id;
  }

  /**
   * A staff badge is a badge whatever else the card is (it was registered as one): it goes to the screen
   * that wants it (lock screen, approval pad) as a token, with the UID blanked, before any card operation.
   */
  function staffBadge(link: CardLink): NfcTapDto | null {
    const token = deps.staffBadge(link.uid);
    if (token === null) return null;
    return {
      card: { reader: link.reader, uid: '', atr: '', standard: link.standard },
      kind: 'staff-badge',
      badgeTap: token,
      customer: null,
      attachedToSaleId: null,
      balance: null,
      applications: [],
      problem: null,
    };
  }

  return {
    async onCard(link: CardLink): Promise<void> {
      try {
        const badge = staffBadge(link);
        if (badge) return deps.emitTap(badge);
        if (await deps.sv.onCard(link)) return;
        deps.emitTap(await describe(link));
      } catch (error) {
        deps.log(`tap on ${link.reader} not handled`, problemOf(error));
        deps.emitTap({
          card: { reader: link.reader, uid: link.uid, atr: link.atr, standard: link.standard },
          kind: 'unknown',
          customer: null,
          attachedToSaleId: null,
          balance: null,
          applications: [],
          problem: problemOf(error),
        });
      }
    },
  };
}
