import type { PaymentAttemptDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { attemptProgress, isAttemptFinal, type AttemptProgress } from '../payment/attempt-progress.js';
import { QrPanel } from '../payment/QrPanel.js';

/**
 * A payment as the customer follows it: the QR with its countdown while one is up, and the attempt's state
 * in words (role=status). The customer display and the kiosk's pay screen show the same; the kiosk words
 * some states to the customer itself (`say`: "Enter your password on your phone").
 */
export function DisplayPayment({
  attempt,
  say,
}: {
  readonly attempt: PaymentAttemptDto;
  readonly say?: (progress: AttemptProgress, reason: string) => string | null;
}) {
  const { t, error } = useI18n();
  const progress = attemptProgress(attempt);
  const reason = progress.reason ? error(progress.reason) : '';
  const qr = attempt.qr;
  return (
    <section aria-label={t('display.payment')} className="customer-display">
      {qr !== null && !isAttemptFinal(attempt) && <QrPanel attempt={{ ...attempt, qr }} />}
      <p role="status" className={`payment-progress ${progress.tone}`}>
        {say?.(progress, reason) ?? t(progress.key, { reason })}
      </p>
    </section>
  );
}
