import { useState } from 'react';
import type { PaymentDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { walletName } from '../i18n/wallet-name.js';
import { Dialog } from '../components/Dialog.js';
import { useI18n } from '../hooks/i18n-context.js';

interface VoidDialogProps {
  readonly itemCount: number;
  /** the ticket's paid parts: given back before it is voided, each named with how it goes back */
  readonly payments?: readonly PaymentDto[];
  readonly onVoid: () => Promise<ApiError | null>;
  readonly onClose: () => void;
}

/** Voiding cannot be undone, so it asks first; the default focus is on keeping the ticket. */
export function VoidDialog({ itemCount, payments = [], onVoid, onClose }: VoidDialogProps) {
  const { t, money, error: errorText } = useI18n();
  const back = (p: PaymentDto) =>
    p.method === 'wallet'
      ? t('void.backWallet', { amount: money(p.amount), wallet: walletName(t, p.wallet) })
      : p.method === 'cash'
        ? t('void.backCash', { amount: money(p.amount) })
        : t('void.backCard', { amount: money(p.amount) });
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    const error = await onVoid();
    setBusy(false);
    if (error) setProblem(errorText(error));
    else onClose();
  };
  return (
    <Dialog title={t('void.title')} onClose={onClose}>
      <p>{t('void.question', { count: itemCount })}</p>
      {payments.length > 0 && (
        <>
          <p id="void-paid-parts">{t('void.paidParts')}</p>
          <ul aria-labelledby="void-paid-parts">
            {payments.map((p) => (
              <li key={p.id}>{back(p)}</li>
            ))}
          </ul>
        </>
      )}
      {problem && <p role="alert">{problem}</p>}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>
          {t('void.keep')}
        </button>
        <button type="button" className="button-danger" disabled={busy} onClick={() => void confirm()}>
          {t('void.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
