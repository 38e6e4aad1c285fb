import { useI18n } from '../hooks/i18n-context.js';
import { isAttemptFinal } from './attempt-progress.js';
import { QrPanel, type QrAttempt } from './QrPanel.js';

interface CustomerDisplayProps {
  readonly attempt: QrAttempt;
  readonly busy: boolean;
  readonly onNewCode: () => void;
  readonly onCashierConfirm: () => void;
}

/**
 * The customer-facing panel inside the cashier's payment dialog, for a counter with one screen: the QR
 * large, the amount, the time left and a new code when it runs out. For a static bank-QR scheme, which
 * sends the till no confirmation, the cashier confirms, and the attempt records that it was the cashier's
 * word (confirmation 'cashier'). A second screen shows the same QR (src/renderer/customer-display/).
 */
export function CustomerDisplay({ attempt, busy, onNewCode, onCashierConfirm }: CustomerDisplayProps) {
  const { t } = useI18n();
  const final = isAttemptFinal(attempt);
  return (
    <section aria-label={t('qrpay.customerDisplay')} className="customer-display">
      <QrPanel attempt={attempt} />
      <div className="customer-actions">
        <button type="button" disabled={busy} onClick={onNewCode}>
          {t('qrpay.newCode')}
        </button>
        {attempt.kind === 'static-qr' && !final && (
          <>
            <p className="hint">{t('qrpay.cashierConfirmNote')}</p>
            <button type="button" className="button-primary" disabled={busy} onClick={onCashierConfirm}>
              {t('qrpay.cashierConfirm')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
