import type { MoneyDto } from '../../shared/dto.js';
import type { NfcTapDto } from '../../shared/nfc-dto.js';
import type { ApiError } from '../../shared/result.js';
import type { Translate } from '../i18n/translate.js';

export interface TapWords {
  readonly t: Translate;
  readonly error: (error: ApiError) => string;
  readonly money: (money: MoneyDto) => string;
  /** basis points in the locale's percent format */
  readonly percent: (bps: number) => string;
}

export interface TapOutcome {
  /** info: polite news (role=status); alert: the tap did nothing and the cashier must act (role=alert) */
  readonly tone: 'info' | 'alert';
  readonly text: string;
  /** the terminal changed the open sale (member and discount attached): the ticket on screen is stale */
  readonly refreshSale: boolean;
}

/**
 * What a card tapped outside a stored-value operation means to the cashier (the terminal has already acted
 * on it: a member card is attached to the open sale). A problem from the terminal always wins, spoken in
 * the error catalog's words. `enrolling`: the Members screen is open.
 */
export function tapOutcome(tap: NfcTapDto, words: TapWords, enrolling = false): TapOutcome {
  const { t } = words;
  // On the Members screen a card the till does not know yet is the one about to be enrolled, not a mistake.
  if (enrolling && (tap.kind === 'unknown' || tap.kind === 'tag')) {
    return { tone: 'info', text: t('tap.readyToEnroll', { uid: tap.card.uid }), refreshSale: false };
  }
  const attached = tap.kind === 'member' && tap.attachedToSaleId !== null;
  const alert = (lead: string | null): TapOutcome => {
    const reason = tap.problem ? words.error(tap.problem) : '';
    return { tone: 'alert', text: [lead, reason].filter(Boolean).join(' '), refreshSale: attached };
  };
  switch (tap.kind) {
    case 'staff-badge':
      // the lock screen and the approval pad act on a badge; a signed-in screen only says it was read
      return { tone: 'info', text: t('tap.staffBadge'), refreshSale: false };
    case 'member': {
      if (tap.problem || !tap.customer) return alert(tap.problem ? null : t('tap.unknown'));
      const { name, discountBps } = tap.customer;
      if (!attached) return { tone: 'info', text: t('tap.memberNoSale', { name }), refreshSale: false };
      const text =
        discountBps > 0
          ? t('tap.memberAttached', { name, discount: words.percent(discountBps) })
          : t('tap.memberAttachedPlain', { name });
      return { tone: 'info', text, refreshSale: true };
    }
    case 'stored-value':
      if (tap.problem || !tap.balance) return alert(tap.problem ? null : t('tap.unknown'));
      return {
        tone: 'info',
        text: t('tap.balance', { balance: words.money(tap.balance) }),
        refreshSale: false,
      };
    case 'bank-card':
      // The catalog's nfc.bank_card text says what to do; without a problem the terminal still meant it.
      return alert(tap.problem ? null : t('error.nfc.bank_card'));
    case 'tag':
      return alert(t('tap.tag'));
    case 'unknown':
      return alert(tap.problem ? null : t('tap.unknown'));
  }
}
