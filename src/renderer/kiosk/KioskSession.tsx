import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProductDto, SaleDto, TerminalInfoDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useSale, type SaleReporter } from '../hooks/use-sale.js';
import { useWedgeScanner } from '../hooks/use-wedge-scanner.js';
import type { MessageParams } from '../i18n/translate.js';
import { routeScan } from '../payment/scan-route.js';
import { usePaymentOptions } from '../payment/use-payment-options.js';
import { KioskBill } from '../bills/KioskBill.js';
import { AttractScreen } from './AttractScreen.js';
import { customerErrorText } from './customer-error.js';
import { HelpBar } from './HelpBar.js';
import { KioskBasket } from './KioskBasket.js';
import { LanguagePicker } from './LanguagePicker.js';
import { localName } from './kiosk-names.js';
import { PayScreen, type PayScanHandler } from './PayScreen.js';
import { ShoppingScreen } from './ShoppingScreen.js';
import { StillThere } from './StillThere.js';
import { ThankYou } from './ThankYou.js';
import { useIdle } from './use-idle.js';
import type { KioskStatus } from './use-kiosk-status.js';
import { useKioskReset } from './use-kiosk-reset.js';

type Screen = 'attract' | 'shopping' | 'pay' | 'bill';

interface KioskSessionProps {
  readonly info: TerminalInfoDto;
  readonly kiosk: KioskStatus;
  readonly locale: string;
  /** the customer's language is not the terminal's: names come from altName */
  readonly otherLanguage: boolean;
  readonly onLocale: (locale: string) => void;
  /** the customer's session is over (paid and thanked, given up, or never started): a fresh one begins */
  readonly onEnd: () => void;
}

/**
 * The camera sees a code many times a second: the same code counts again only after it was out of sight
 * this long (a second item of the same kind is taken away and shown again, or added with +).
 */
const CAMERA_REPEAT_MS = 2_500;

/**
 * One customer's visit, from the attract screen to the thank-you. The session is mounted afresh for each
 * customer (a new React key), so nothing of the last basket, language or messages is left over.
 */
export function KioskSession({ info, kiosk, locale, otherLanguage, onLocale, onEnd }: KioskSessionProps) {
  const { t, error: errorText } = useI18n();
  const api = useApi();
  const [screen, setScreen] = useState<Screen>('attract');
  const [thanks, setThanks] = useState<SaleDto | null>(null);
  const [message, setMessage] = useState<{ text: string; alert: boolean } | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [known, setKnown] = useState<ReadonlyMap<string, ProductDto>>(new Map());
  const payHandler = useRef<PayScanHandler | null>(null);
  const lastCamera = useRef<{ text: string; at: number } | null>(null);

  const customerError = useCallback(
    (error: ApiError, params?: MessageParams) => customerErrorText(t, errorText, error, params),
    [errorText, t],
  );
  const reporter = useMemo<SaleReporter>(
    () => ({
      inform: (key, params) =>
        setMessage(
          key === 'voided'
            ? null
            : { text: t('kiosk.added', { name: String(params['name'] ?? '') }), alert: false },
        ),
      fail: (error, params) => setMessage({ text: customerError(error, params), alert: true }),
    }),
    [customerError, t],
  );
  const basket = useSale(reporter);
  const { sale } = basket;
  const options = usePaymentOptions(sale);
  const saleId = sale?.id ?? null;

  // A message belongs to the screen it was said on (no "Added: …" on the thank-you).
  useEffect(() => setMessage(null), [screen, thanks]);

  // A language picked on the attract screen by someone who then walked away is not the next customer's.
  useEffect(() => {
    if (screen !== 'attract' || !otherLanguage) return;
    const timer = setTimeout(onEnd, kiosk.idleS * 1000);
    return () => clearTimeout(timer);
  }, [screen, otherLanguage, onEnd, kiosk.idleS]);

  // A basket left open (the kiosk restarted mid-visit) is this customer's: shopping, not the attract screen.
  useEffect(() => {
    if (sale !== null && screen === 'attract') setScreen('shopping');
  }, [sale, screen]);

  // The terminal completes the sale itself when a wallet or card pays: its announcement brings the thank-you.
  const saleIdRef = useRef(saleId);
  useEffect(() => {
    saleIdRef.current = saleId;
  }, [saleId]);
  useEffect(
    () =>
      api.on('sale.changed', (changed) => {
        if (changed.id !== saleIdRef.current) return;
        if (changed.state === 'completed') setThanks(changed);
        else if (changed.state === 'voided') onEnd();
      }),
    [api, onEnd],
  );

  // A bank card tapped on the store-card reader: this kiosk takes wallets and store cards only.
  useEffect(
    () =>
      api.on('nfc.tap', (tap) => {
        if (tap.kind === 'bank-card') setMessage({ text: t('kiosk.error.bankCard'), alert: true });
      }),
    [api, t],
  );

  const reset = useKioskReset(saleId, { onGone: onEnd, onCompleted: setThanks });
  const hasBasket = sale !== null && sale.lines.length > 0;
  const idle = useIdle({
    enabled: thanks === null && !reset.reversing && hasBasket && screen !== 'attract',
    idleS: kiosk.idleS,
    countdownS: kiosk.countdownS,
    onExpire: () => void reset.reset('idle'),
  });

  const scanned = useCallback(
    (text: string) => {
      if (thanks !== null || reset.reversing) return;
      if (screen === 'pay') return payHandler.current?.(text);
      const route = routeScan(text);
      // a receipt's code is nothing a customer returns here: tried as a product barcode, as before
      if (route.action === 'product' || route.action === 'receipt') {
        setScreen('shopping');
        void basket.scan(route.barcode);
      } else if (route.action === 'charge') setMessage({ text: t('kiosk.scanPayFirst'), alert: true });
      else if (route.action === 'damaged') setMessage({ text: errorText(route.error), alert: true });
      else setMessage({ text: t('kiosk.error.notAProduct'), alert: true });
    },
    [basket, errorText, reset.reversing, screen, t, thanks],
  );
  useWedgeScanner(scanned);
  const onCameraCode = useCallback(
    (text: string) => {
      const now = Date.now();
      const last = lastCamera.current;
      const again = last !== null && last.text === text && now - last.at < CAMERA_REPEAT_MS;
      // seen again: still the same item held up, so the pause counts from this sight
      lastCamera.current = { text, at: now };
      if (!again) scanned(text);
    },
    [scanned],
  );
  const onProductsShown = useCallback((products: readonly ProductDto[]) => {
    setKnown((before) => {
      const next = new Map(before);
      for (const p of products) next.set(p.id, p);
      return next;
    });
  }, []);
  const registerPay = useCallback((handler: PayScanHandler | null) => {
    payHandler.current = handler;
  }, []);

  const lineName = (line: SaleDto['lines'][number]) => {
    const product = known.get(line.productId);
    return product ? localName(product, otherLanguage) : line.name;
  };
  const needsStaff = kiosk.status?.needsStaffLineIds ?? [];

  let body;
  if (thanks !== null) body = <ThankYou sale={thanks} seconds={kiosk.thankYouS} onDone={onEnd} />;
  else if (reset.reversing)
    body = (
      <section aria-labelledby="kiosk-cancelling" className="kiosk-cancelling">
        <h2 id="kiosk-cancelling">{t('kiosk.reversing.title')}</h2>
        <p role="status">{t('kiosk.reversing.body')}</p>
      </section>
    );
  else if (screen === 'attract')
    body = (
      <AttractScreen
        shop={info.terminalName}
        locale={locale}
        onLocale={onLocale}
        onStart={() => setScreen('shopping')}
        onPayBill={() => setScreen('bill')}
      />
    );
  else if (screen === 'bill')
    body = (
      <KioskBill
        // the basket follows the terminal's answers: it learns of the bill's ticket by asking
        onOnTicket={() => void basket.refresh().then(() => setScreen('pay'))}
        onBack={() => void onEnd()}
      />
    );
  else if (screen === 'pay' && sale !== null)
    body = (
      <PayScreen
        sale={sale}
        storedValueOn={info.storedValueOff === null}
        registerScanHandler={registerPay}
        onBack={() => setScreen('shopping')}
      />
    );
  else
    body = (
      <ShoppingScreen
        // the name only words the "Added" line: the terminal adds by id
        onProduct={(product) =>
          void basket.addProduct({ ...product, name: localName(product, otherLanguage) })
        }
        onCameraCode={onCameraCode}
        onProductsShown={onProductsShown}
        basket={
          <div className="kiosk-side">
            <KioskBasket
              sale={sale}
              lineName={lineName}
              needsStaff={needsStaff}
              options={options}
              onQuantity={(lineId, quantity) => void basket.setQuantity(lineId, quantity)}
            />
            {needsStaff.length > 0 && <p className="hint">{t('kiosk.staffBeforePay')}</p>}
            <button
              type="button"
              className="kiosk-pay-button button-primary"
              disabled={!hasBasket || needsStaff.length > 0}
              onClick={() => setScreen('pay')}
            >
              {t('kiosk.payButton')}
            </button>
          </div>
        }
      />
    );

  const inVisit = screen !== 'attract' && thanks === null && !reset.reversing;
  return (
    <div className="kiosk-session">
      {screen !== 'attract' && (
        <header className="kiosk-header">
          <p className="kiosk-shop">{info.terminalName}</p>
          <LanguagePicker locale={locale} onLocale={onLocale} />
          {inVisit && (
            <button type="button" onClick={() => (hasBasket ? setConfirmCancel(true) : onEnd())}>
              {t('kiosk.cancelOrder')}
            </button>
          )}
        </header>
      )}
      <HelpBar kiosk={kiosk} />
      {message && (
        <p role={message.alert ? 'alert' : 'status'} className={message.alert ? 'kiosk-alert' : 'kiosk-note'}>
          {message.text}
        </p>
      )}
      {reset.problem && <p role="alert">{errorText(reset.problem)}</p>}
      {body}
      {idle.phase.kind === 'asking' && (
        <StillThere secondsLeft={idle.phase.secondsLeft} onContinue={idle.stillHere} />
      )}
      {confirmCancel && (
        <Dialog
          title={t('kiosk.cancel.title')}
          onClose={() => setConfirmCancel(false)}
          className="kiosk-dialog"
        >
          <p>{t('kiosk.cancel.body')}</p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirmCancel(false)}>
              {t('kiosk.cancel.keep')}
            </button>
            <button
              type="button"
              className="button-danger"
              onClick={() => {
                setConfirmCancel(false);
                void reset.reset('customer');
              }}
            >
              {t('kiosk.cancel.confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
