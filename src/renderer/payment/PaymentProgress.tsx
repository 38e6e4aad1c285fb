import type { PaymentAttemptDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { attemptProgress } from './attempt-progress.js';

/** The attempt's state in words, announced politely (role=status) as payment.changed events arrive. */
export function PaymentProgress({ attempt }: { readonly attempt: PaymentAttemptDto | null }) {
  const { t, error: errorText } = useI18n();
  const progress = attempt ? attemptProgress(attempt) : null;
  const reason = progress?.reason ? errorText(progress.reason) : '';
  return (
    <div
      role="status"
      aria-label={t('qrpay.progress')}
      className={`payment-progress ${progress?.tone ?? ''}`}
    >
      {progress && <p className="payment-state">{t(progress.key, { reason })}</p>}
      {attempt?.maskedCode && <p className="hint">{t('qrpay.code', { code: attempt.maskedCode })}</p>}
      {progress?.tone === 'failed' && <p className="hint">{t('qrpay.tryAgain')}</p>}
    </div>
  );
}
