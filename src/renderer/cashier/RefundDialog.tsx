import { useId, useState, type FormEvent } from 'react';
import type { RefundDto, SaleDto } from '../../shared/dto.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { refundAmount, refundHowText, refundOutcomeText, refundRefusalText } from './refund-text.js';

interface RefundDialogProps {
  readonly sale: SaleDto;
  /** after every answer of sale.refund (the sale's refund changed) */
  readonly onRefund: (refund: RefundDto) => void;
  readonly onClose: () => void;
}

/**
 * Refunds a completed sale in full: says how the money goes back, asks for the reason, then confirms. A sale
 * that has not reached head office is refused with where it is and what to do. Pressing Confirm
 * again after a pending or failed answer is safe: the terminal asks the provider about the same refund.
 */
export function RefundDialog({ sale, onRefund, onClose }: RefundDialogProps) {
  const api = useApi();
  const { t, money, error: errorText } = useI18n();
  const [reason, setReason] = useState(sale.refund?.reason ?? '');
  const [problem, setProblem] = useState('');
  const [outcome, setOutcome] = useState<ReturnType<typeof refundOutcomeText> | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') return setProblem(t('refund.badReason'));
    setBusy(true);
    setProblem('');
    setOutcome(null);
    const result = await api['sale.refund']({ saleId: sale.id, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setProblem(refundRefusalText(t, result.error, errorText));
    setOutcome(refundOutcomeText(result.value, t, money));
    onRefund(result.value);
  };

  const done = outcome?.tone === 'done';
  return (
    <Dialog title={t('refund.title', { number: sale.number ?? '' })} onClose={onClose}>
      <form onSubmit={(event) => void onSubmit(event)}>
        <p>{t('refund.question', { amount: money(refundAmount(sale)) })}</p>
        <p>{refundHowText(sale, t, money)}</p>
        <div className="field">
          <label htmlFor={reasonId}>{t('refund.reason')}</label>
          <input
            id={reasonId}
            autoComplete="off"
            autoFocus
            maxLength={200}
            placeholder={t('refund.reasonHint')}
            value={reason}
            disabled={done}
            onChange={(event) => {
              setReason(event.target.value);
              setProblem('');
            }}
          />
        </div>
        {problem && <p role="alert">{problem}</p>}
        {outcome &&
          (outcome.tone === 'done' ? (
            <p role="status">{outcome.text}</p>
          ) : (
            <p role="alert">{outcome.text}</p>
          ))}
        <div className="dialog-actions">
          {done ? (
            <button type="button" className="button-primary" autoFocus onClick={onClose}>
              {t('dialog.close')}
            </button>
          ) : (
            <>
              <button type="button" className="button-quiet" onClick={onClose}>
                {t('refund.keep')}
              </button>
              <button type="submit" className="button-danger" disabled={busy}>
                {busy ? t('refund.working') : t('refund.confirm')}
              </button>
            </>
          )}
        </div>
      </form>
    </Dialog>
  );
}
