import { useEffect, useState } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { PaymentLines } from '../customer-display/PaymentLines.js';
import { useI18n } from '../hooks/i18n-context.js';
import { qrImageUrl } from '../payment/qr-image.js';

/**
 * Thank you: how it was paid, and the receipt as a QR (the sale's receipt code) with the code under it, for
 * the customer's phone. Back to the attract screen after `seconds`, or at a touch.
 */
export function ThankYou({
  sale,
  seconds,
  onDone,
}: {
  readonly sale: SaleDto;
  readonly seconds: number;
  readonly onDone: () => void;
}) {
  const { t, money } = useI18n();
  const code = sale.receiptCode ?? null;
  const [image, setImage] = useState<string | null>(null);

  useEffect(() => {
    if (code === null) return;
    let live = true;
    void qrImageUrl(code).then((url) => {
      if (live) setImage(url);
    });
    return () => {
      live = false;
    };
  }, [code]);

  useEffect(() => {
    const timer = setTimeout(onDone, seconds * 1000);
    return () => clearTimeout(timer);
  }, [onDone, seconds]);

  return (
    // a touch anywhere ends it, as the customer walks off; Done is the named control for the same
    <section aria-labelledby="kiosk-thanks" className="kiosk-thanks" onClick={onDone}>
      <h2 id="kiosk-thanks">{t('kiosk.thanks.title')}</h2>
      <dl className="totals">
        <Amount label={t('receipt.total')} className="grand-total">
          {money(sale.totals.total)}
        </Amount>
        {sale.payments.map((p) => (
          <PaymentLines key={p.id} payment={p} />
        ))}
      </dl>
      {sale.number !== null && <p>{t('receipt.number', { number: sale.number })}</p>}
      {code !== null && (
        <figure className="kiosk-receipt-qr">
          {image && <img src={image} alt={t('kiosk.thanks.qrAlt')} />}
          <figcaption>
            <span>{t('kiosk.thanks.keep')}</span>
            <code aria-label={t('kiosk.thanks.code')}>{code}</code>
          </figcaption>
        </figure>
      )}
      <button type="button" className="button-primary" onClick={onDone}>
        {t('kiosk.thanks.done')}
      </button>
    </section>
  );
}
