import { useEffect, useRef } from 'react';
import type { PaymentOptionsDto, SaleDto } from '../../shared/dto.js';
import type { SvSessionDto } from '../../shared/nfc-dto.js';
import { Amount } from '../components/Amount.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { OfflineHeadroom, useOfflineNotes } from '../payment/OfflineHeadroom.js';
import { SvSessionView } from './SvSessionView.js';
import { useSvDialog } from './use-sv-dialog.js';

interface CardPaymentDialogProps {
  /** The ticket as it was when payment began. */
  readonly sale: SaleDto;
  /** The session is done: the terminal completed the sale with the card payment (session.sale). */
  readonly onPaid: (session: SvSessionDto) => void;
  readonly onClose: () => void;
  /** the tenders' offline headroom as the ticket last showed it (null before it is known) */
  readonly offline?: PaymentOptionsDto['offline'] | null;
  /** split tender: take only this much off the card (minor units); absent: all that is left */
  readonly amount?: number;
  /**
   * The card has less than is due: the cashier chose to take its whole balance as a part payment. The
   * session is cancelled first; the caller opens the dialog again for `balance` (minor units).
   */
  readonly onTakeBalance?: (balance: number) => void;
}

/**
 * Pay from a closed-loop stored-value card: the terminal waits for the tap, reads the balance, and writes
 * the debit only after the cashier confirms. A problem (not enough balance, another shop's card) leaves the
 * session open so the cashier can cancel and take another tender.
 */
export function CardPaymentDialog({
  sale,
  onPaid,
  onClose,
  offline = null,
  amount,
  onTakeBalance,
}: CardPaymentDialogProps) {
  const { t, money } = useI18n();
  const api = useApi();
  const { sv, step, cancelling, cancel } = useSvDialog(onPaid, onClose);
  const { begin } = sv;
  // what the card tender may still take offline; a refusal comes as payBegin's error (shown below)
  const offlineNotes = useOfflineNotes('card', offline, ['stored-value']);

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void begin(() =>
      api['svcard.payBegin']({ saleId: sale.id, ...(amount === undefined ? {} : { amount }) }),
    );
  }, [api, begin, sale.id, amount]);
  // split tender: a card with some balance, but less than is due, may pay what it has; the rest by another tender
  const balance = sv.session?.card?.balance.amount ?? 0;
  const short = sv.session?.problem?.code === 'card.insufficient_balance' && balance > 0 && onTakeBalance;
  const takeBalance = async () => {
    if (!onTakeBalance) return;
    await cancel();
    onTakeBalance(balance);
  };

  return (
    <Dialog title={t('svcard.payTitle')} onClose={() => void cancel()} className="sv-dialog">
      <dl className="cash-amounts">
        <Amount label={t('svcard.due')} className="due">
          {money(sv.session?.amount ?? sale.remaining ?? sale.totals.total)}
        </Amount>
      </dl>
      {!sv.session && sv.busy && <p className="hint">{t('svcard.starting')}</p>}
      {sv.session && <OfflineHeadroom notes={offlineNotes} />}
      <SvSessionView session={sv.session} callProblem={sv.problem} />
      {sv.session?.problem && !short && <p className="hint">{t('svcard.otherTender')}</p>}
      {short && sv.session?.card && (
        <p className="hint">{t('svcard.takeBalanceHint', { balance: money(sv.session.card.balance) })}</p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="button-quiet"
          disabled={cancelling || (step !== null && !step.canCancel)}
          onClick={() => void cancel()}
        >
          {cancelling ? t('svcard.cancelling') : t('dialog.cancel')}
        </button>
        {short && sv.session?.card && (
          <button
            type="button"
            className="button-primary"
            disabled={cancelling || sv.busy}
            onClick={() => void takeBalance()}
          >
            {t('svcard.takeBalance', { balance: money(sv.session.card.balance) })}
          </button>
        )}
        {step?.canConfirm && (
          <button
            type="button"
            className="button-primary"
            disabled={sv.busy}
            onClick={() => void sv.confirm()}
          >
            {t('svcard.confirmPay')}
          </button>
        )}
      </div>
    </Dialog>
  );
}
