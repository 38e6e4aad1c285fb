import { useEffect, useState } from 'react';
import type { PaymentAttemptDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useNow } from '../hooks/use-now.js';
import { countdown, isAttemptFinal } from './attempt-progress.js';
import { qrImageUrl } from './qr-image.js';

interface CustomerDisplayProps {
  readonly attempt: PaymentAttemptDto & { readonly qr: NonNullable<PaymentAttemptDto['qr']> };
  readonly busy: boolean;
  readonly onNewCode: () => void;
  readonly onCashierConfirm: () => void;
}

/**
 * The customer-facing panel: the QR large, the amount, the time left and a new code when it runs out. For a
 * static bank-QR scheme, which sends the till no confirmation, the cashier confirms, and the attempt records
 * that it was the cashier's word (confirmation 'cashier').
 */
export function CustomerDisplay({ attempt, busy, onNewCode, onCashierConfirm }: CustomerDisplayProps) {
  const { t, money } = useI18n();
  const [image, setImage] = useState<{ payload: string; url: string } | null>(null);
  const payload = attempt.qr.payload;
  const final = isAttemptFinal(attempt);
  const now = useNow(1000, !final);
  const left = countdown(attempt.qr.expiresAt, now);
  const expired = left.seconds === 0 && !final;
  const amount = money(attempt.amount);

  useEffect(() => {
    let live = true;
    void qrImageUrl(payload).then((url) => {
      if (live) setImage({ payload, url });
    });
    return () => {
      live = false;
    };
  }, [payload]);

  return (
    <section aria-label={t('qrpay.customerDisplay')} className="customer-display">
      <p className="customer-amount">{t('qrpay.scanToPay', { amount })}</p>
      {image?.payload === payload && !expired && !final && (
        <img className="customer-qr" src={image.url} alt={t('qrpay.qrAlt', { amount })} />
      )}
      {!final &&
        (expired ? (
          <p role="alert">{t('qrpay.expired')}</p>
        ) : (
          <p className="countdown">
            <time dateTime={attempt.qr.expiresAt}>{t('qrpay.expiresIn', { time: left.text })}</time>
          </p>
        ))}
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
