import { useCallback, useEffect, useRef, useState } from 'react';
import type { PaymentAttemptDto, SaleDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { CameraView } from '../scan/CameraView.js';
import { isAttemptFinal } from './attempt-progress.js';
import { CodeEntry } from './CodeEntry.js';
import { CustomerDisplay } from './CustomerDisplay.js';
import { OfflineHeadroom, useOfflineNotes } from './OfflineHeadroom.js';
import { PaymentProgress } from './PaymentProgress.js';
import { routeScan } from './scan-route.js';
import { useCodeScans } from './use-code-scans.js';
import { useQrPayment } from './use-qr-payment.js';
import { WalletPromotions } from './WalletPromotions.js';

/** A wedge scan forwarded by the cashier screen while this dialog is open. */
export type WalletScanHandler = (code: string) => void;

interface QrPaymentDialogProps {
  /** The ticket as it was when payment began. */
  readonly sale: SaleDto;
  /** A customer code the wedge scanner read before the dialog opened: charged at once. */
  readonly initialCode: string | null;
  /** The dialog takes wedge-scanned wallet codes while open (null when it closes). */
  readonly registerScanHandler: (handler: WalletScanHandler | null) => void;
  readonly onSucceeded: (attempt: PaymentAttemptDto) => void;
  /** an offline payment code paid the rest: the terminal completed the sale at once (no attempt to follow) */
  readonly onOfflinePaid: (sale: SaleDto) => void;
  readonly onClose: () => void;
}

type Mode = 'scan' | 'show';

/**
 * QR pay: scan the customer's payment code (camera, wedge scanner, or typed), or show a QR for the customer
 * to scan. The terminal drives the attempt (poll, reverse on timeout); this dialog shows what it reports and
 * lets the cashier cancel. On 'succeeded' the terminal has completed the sale and the receipt follows.
 */
export function QrPaymentDialog({
  sale,
  initialCode,
  registerScanHandler,
  onSucceeded,
  onOfflinePaid,
  onClose,
}: QrPaymentDialogProps) {
  const { t, money, error: errorText } = useI18n();
  const api = useApi();
  const payment = useQrPayment(sale.id, onSucceeded);
  const { attempt, options, busy, chargeCode } = payment;
  const [mode, setMode] = useState<Mode>('scan');
  const [note, setNote] = useState('');
  /** The camera keeps seeing the same code after a decline: charge a code once until another one shows. */
  const active = attempt !== null && !isAttemptFinal(attempt);
  // a tender past its offline limit is shown refused, with why, before the cashier tries it
  const offline = useOfflineNotes('qr', options?.offline, ['wallet', 'static-qr']);
  const walletRefused = offline.refused('wallet');

  const charge = useCallback(
    (text: string, source: 'camera' | 'scanner' | 'typed') => {
      const route = routeScan(text);
      if (route.action === 'charge') {
        setNote('');
        void chargeCode(route.code, source);
      } else if (route.action === 'charge-offline') {
        // checked by the till with no network; a refusal says why (offline_code.*) in the till's language
        setNote('');
        void api['payment.offlineCode']({ saleId: sale.id, code: route.code }).then((result) => {
          if (result.ok) onOfflinePaid(result.value);
          else setNote(errorText(result.error));
        });
      } else if (route.action === 'damaged') {
        setNote(errorText(route.error));
      } else {
        setNote(
          t('qrpay.notAPaymentCode', {
            kind: t(
              route.action === 'product'
                ? 'qrpay.kind.product'
                : route.action === 'not-payment-code'
                  ? `qrpay.kind.${route.kind}`
                  : `qrpay.kind.${route.action}`,
            ),
          }),
        );
      }
    },
    [api, chargeCode, errorText, onOfflinePaid, sale.id, t],
  );

  const started = useRef(false);
  useEffect(() => {
    if (initialCode && !started.current) {
      started.current = true;
      charge(initialCode, 'scanner');
    }
  }, [initialCode, charge]);

  const onCameraCode = useCodeScans(charge, registerScanHandler, busy || active);

  const close = () => {
    // Leaving with a charge still open must not leave money in limbo: the terminal reverses it.
    if (active) void payment.cancel();
    onClose();
  };

  const shownQr = attempt?.qr ? { ...attempt, qr: attempt.qr } : null;
  // what is left after paid parts: the wallet charges the rest
  const due = sale.remaining ?? sale.totals.total;

  return (
    <Dialog title={t('qrpay.title')} onClose={close} className="qr-dialog">
      <dl className="cash-amounts">
        <Amount label={t('qrpay.due')} className="due">
          {money(due)}
        </Amount>
        {attempt && attempt.amount.amount !== due.amount && (
          <Amount label={t('qrpay.charged')}>{money(attempt.amount)}</Amount>
        )}
      </dl>
      {options && <WalletPromotions options={options} due={due} />}
      {options && !options.online && <p className="hint">{t('qrpay.offlineNote')}</p>}
      <OfflineHeadroom notes={offline} />

      <div role="group" aria-label={t('qrpay.modes')} className="qr-modes">
        <button type="button" aria-pressed={mode === 'scan'} onClick={() => setMode('scan')}>
          {t('qrpay.scanMode')}
        </button>
        <button type="button" aria-pressed={mode === 'show'} onClick={() => setMode('show')}>
          {t('qrpay.showMode')}
        </button>
      </div>

      {mode === 'scan' ? (
        <div className="qr-scan">
          <p className="hint">{t('qrpay.scanHint')}</p>
          {options && options.wallets.length === 0 && <p role="alert">{t('qrpay.noWallets')}</p>}
          <CameraView paused={busy || active || walletRefused} onCode={onCameraCode} />
          <CodeEntry disabled={busy || active || walletRefused} onCharge={(code) => charge(code, 'typed')} />
        </div>
      ) : (
        <div className="qr-show">
          {options && options.merchantQr.length === 0 && <p role="alert">{t('qrpay.noMerchantQr')}</p>}
          <div className="qr-providers">
            {options?.merchantQr.map((option) => {
              const tender = option.kind === 'static-qr' ? 'static-qr' : 'wallet';
              return (
                <button
                  key={option.providerId}
                  type="button"
                  disabled={busy || offline.refused(tender)}
                  aria-describedby={offline.describedBy(tender)}
                  onClick={() => void payment.showQr(option.providerId)}
                >
                  {t('qrpay.showQrFor', { label: option.label })}
                </button>
              );
            })}
          </div>
          {shownQr && (
            <CustomerDisplay
              attempt={shownQr}
              busy={busy}
              onNewCode={() => void payment.showQr(shownQr.providerId)}
              onCashierConfirm={() => void payment.confirmByCashier()}
            />
          )}
        </div>
      )}

      <PaymentProgress attempt={attempt} />
      {note && <p role="alert">{note}</p>}
      {payment.problem && <p role="alert">{errorText(payment.problem)}</p>}
      <div className="dialog-actions">
        {active ? (
          <button type="button" className="button-danger" onClick={() => void payment.cancel()}>
            {t('qrpay.cancelPayment')}
          </button>
        ) : (
          <button type="button" className="button-quiet" onClick={close}>
            {t('dialog.cancel')}
          </button>
        )}
      </div>
    </Dialog>
  );
}
