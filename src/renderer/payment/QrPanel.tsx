import { useEffect, useState } from 'react';
import type { PaymentAttemptDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useNow } from '../hooks/use-now.js';
import { countdown, isAttemptFinal } from './attempt-progress.js';
import { qrImageUrl } from './qr-image.js';

export type QrAttempt = PaymentAttemptDto & { readonly qr: NonNullable<PaymentAttemptDto['qr']> };

/**
 * The QR for the customer to scan, large, with the amount and the time left. Shown in the cashier's payment
 * dialog (a single-screen counter) and on the customer display; the actions around it belong to each.
 * `expired`: the code ran out before the attempt ended (the cashier makes a new one).
 */
export function QrPanel({ attempt }: { readonly attempt: QrAttempt }) {
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
    <>
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
    </>
  );
}
