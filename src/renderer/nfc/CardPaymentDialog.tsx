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
}

/**
 * Pay from a closed-loop stored-value card: the terminal waits for the tap, reads the balance, and writes
 * the debit only after the cashier confirms. A problem (not enough balance, another shop's card) leaves the
 * session open so the cashier can cancel and take another tender.
 */
export function CardPaymentDialog({ sale, onPaid, onClose, offline = null }: CardPaymentDialogProps) {
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
    void begin(() => api['svcard.payBegin']({ saleId: sale.id }));
  }, [api, begin, sale.id]);

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
      {sv.session?.problem && <p className="hint">{t('svcard.otherTender')}</p>}
      <div className="dialog-actions">
        <button
          type="button"
          className="button-quiet"
          disabled={cancelling || (step !== null && !step.canCancel)}
          onClick={() => void cancel()}
        >
          {cancelling ? t('svcard.cancelling') : t('dialog.cancel')}
        </button>
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
