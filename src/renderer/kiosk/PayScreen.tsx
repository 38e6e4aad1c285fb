import { useCallback, useEffect, useState } from 'react';
import type { PaymentAttemptDto, PaymentOptionsDto, SaleDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { Amount } from '../components/Amount.js';
import { DisplayPayment } from '../customer-display/DisplayPayment.js';
import { Promotions } from '../customer-display/Promotions.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import type { AttemptProgress } from '../payment/attempt-progress.js';
import { isAttemptFinal } from '../payment/attempt-progress.js';
import { routeScan } from '../payment/scan-route.js';
import { useCodeScans } from '../payment/use-code-scans.js';
import { useQrPayment } from '../payment/use-qr-payment.js';
import { CameraView } from '../scan/CameraView.js';
import { CardPay } from './CardPay.js';
import { customerErrorText } from './customer-error.js';
import { kioskTenders } from './pay-tenders.js';

/**
 * payment.options again after each call's problem and each attempt's step: a wallet found unreachable turns
 * the pay screen to "Offline: card payments only" at once, not at the next refresh.
 */
function useFreshOptions(
  saleId: string,
  first: PaymentOptionsDto | null,
  problem: ApiError | null,
  state: PaymentAttemptDto['state'] | undefined,
): PaymentOptionsDto | null {
  const api = useApi();
  const [fresh, setFresh] = useState<PaymentOptionsDto | null>(null);
  useEffect(() => {
    if (problem === null && state === undefined) return;
    let live = true;
    void api['payment.options']({ saleId }).then((result) => {
      if (live && result.ok) setFresh(result.value);
    });
    return () => {
      live = false;
    };
  }, [api, saleId, problem, state]);
  return fresh ?? first;
}

/** A wedge scan forwarded by the session while the pay screen is up. */
export type PayScanHandler = (code: string) => void;

type Tender = 'code' | 'qr' | 'card';

interface PayScreenProps {
  readonly sale: SaleDto;
  /** stored-value cards are set up on this terminal (terminal.info storedValueOff is null) */
  readonly storedValueOn: boolean;
  readonly registerScanHandler: (handler: PayScanHandler | null) => void;
  readonly onBack: () => void;
}

/** The customer's words for the states a cashier reads differently, and the reasons in them. */
function customerWords(t: ReturnType<typeof useI18n>['t'], errorText: ReturnType<typeof useI18n>['error']) {
  return (progress: AttemptProgress): string | null => {
    if (progress.reason) return t(progress.key, { reason: customerErrorText(t, errorText, progress.reason) });
    if (progress.key === 'qrpay.state.password') return t('kiosk.pay.password');
    if (progress.key === 'qrpay.state.waitingScan') return t('kiosk.pay.waitingScan');
    if (progress.key === 'qrpay.state.reversing') return t('kiosk.pay.reversing');
    return null;
  };
}

/**
 * Paying at the kiosk, no cash: show your wallet's payment code (scanner or camera), scan our QR, or the
 * shop's stored-value card. What is not possible now (offline, limits) is said, not offered. The terminal
 * completes the sale; the session sees it in sale.changed and shows the thank-you.
 */
export function PayScreen({ sale, storedValueOn, registerScanHandler, onBack }: PayScreenProps) {
  const { t, money, error: errorText } = useI18n();
  const payment = useQrPayment(sale.id, () => undefined);
  const { attempt, busy, chargeCode } = payment;
  const options = useFreshOptions(sale.id, payment.options, payment.problem, attempt?.state);
  const [tender, setTender] = useState<Tender>('code');
  const [camera, setCamera] = useState(false);
  const [note, setNote] = useState('');
  const active = attempt !== null && !isAttemptFinal(attempt);
  const tenders = options ? kioskTenders(options, storedValueOn) : null;

  const charge = useCallback(
    (text: string, source: 'camera' | 'scanner') => {
      const route = routeScan(text);
      if (route.action === 'charge') {
        setNote('');
        void chargeCode(route.code, source);
      } else if (route.action === 'damaged') setNote(errorText(route.error));
      else setNote(t('kiosk.pay.notACode'));
    },
    [chargeCode, errorText, t],
  );
  const onCameraCode = useCodeScans(charge, registerScanHandler, busy || active);

  const due = sale.totals.total;
  const say = customerWords(t, errorText);
  return (
    <section aria-labelledby="kiosk-pay" className="kiosk-pay">
      <h2 id="kiosk-pay">{t('kiosk.pay.title')}</h2>
      <dl className="totals">
        <Amount label={t('kiosk.pay.due')} className="grand-total">
          {money(due)}
        </Amount>
        {attempt && attempt.amount.amount !== due.amount && (
          <Amount label={t('qrpay.charged')}>{money(attempt.amount)}</Amount>
        )}
      </dl>
      {options && <Promotions wallets={options.wallets.filter((w) => w.promotion !== null)} />}
      {tenders?.note && <p role="alert">{t(tenders.note)}</p>}
      {!options?.online && tenders?.note === null && <p className="hint">{t('kiosk.pay.offlineSome')}</p>}

      <div role="group" aria-label={t('kiosk.pay.how')} className="kiosk-tenders">
        <button
          type="button"
          aria-pressed={tender === 'code'}
          disabled={active || tenders?.code === false}
          onClick={() => setTender('code')}
        >
          {t('kiosk.pay.code')}
        </button>
        <button
          type="button"
          aria-pressed={tender === 'qr'}
          disabled={active || tenders?.qr.length === 0}
          onClick={() => setTender('qr')}
        >
          {t('kiosk.pay.qr')}
        </button>
        <button
          type="button"
          aria-pressed={tender === 'card'}
          disabled={active || tenders?.card === false}
          onClick={() => setTender('card')}
        >
          {t('kiosk.pay.card')}
        </button>
      </div>

      {tender === 'code' && tenders?.code !== false && (
        <div className="kiosk-pay-code">
          <p>{t('kiosk.pay.codeHint')}</p>
          <button type="button" aria-pressed={camera} onClick={() => setCamera((on) => !on)}>
            {t('kiosk.pay.useCamera')}
          </button>
          {camera && <CameraView paused={busy || active} onCode={onCameraCode} />}
        </div>
      )}
      {tender === 'qr' && (
        <div className="kiosk-pay-qr">
          {tenders?.qr.map((option) => (
            <button
              key={option.providerId}
              type="button"
              disabled={busy}
              onClick={() => void payment.showQr(option.providerId)}
            >
              {t('kiosk.pay.qrFor', { label: option.label })}
            </button>
          ))}
        </div>
      )}
      {tender === 'card' && <CardPay sale={sale} onClose={() => setTender('code')} />}

      {attempt && <DisplayPayment attempt={attempt} say={say} />}
      {note && <p role="alert">{note}</p>}
      {payment.problem && <p role="alert">{customerErrorText(t, errorText, payment.problem)}</p>}
      <div className="kiosk-actions">
        {active ? (
          <button type="button" onClick={() => void payment.cancel()}>
            {t('kiosk.pay.cancelPayment')}
          </button>
        ) : (
          <button type="button" onClick={onBack}>
            {t('kiosk.pay.back')}
          </button>
        )}
      </div>
    </section>
  );
}
