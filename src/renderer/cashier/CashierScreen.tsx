import { useCallback, useMemo, useRef, useState } from 'react';
import type { ProductDto, SaleDto, TerminalInfoDto } from '../../shared/dto.js';
import type { SvSessionDto } from '../../shared/nfc-dto.js';
import type { ApiError } from '../../shared/result.js';
import { LiveMessages } from '../components/LiveMessages.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useMessages } from '../hooks/use-messages.js';
import { useSale, type SaleReporter } from '../hooks/use-sale.js';
import { useStatus } from '../hooks/use-status.js';
import { useWedgeScanner } from '../hooks/use-wedge-scanner.js';
import type { MessageParams } from '../i18n/translate.js';
import { MembersScreen } from '../nfc/MembersScreen.js';
import { TopUpDialog } from '../nfc/TopUpDialog.js';
import { useNfcTaps } from '../nfc/use-nfc-taps.js';
import { routeScan } from '../payment/scan-route.js';
import { scannedText } from '../payment/scanned-text.js';
import { SyncAlert } from '../sync/SyncAlert.js';
import { SyncScreen } from '../sync/SyncScreen.js';
import { SettingsScreen } from '../settings/SettingsScreen.js';
import { ShiftScreen } from '../shifts/ShiftScreen.js';
import { PayBillDialog } from '../bills/PayBillDialog.js';
import { useBillCompletion } from '../bills/use-bill-completion.js';
import { ProductPanel } from './ProductPanel.js';
import { ReceiptView } from './ReceiptView.js';
import { SalesHistory, type HistoryRequest } from './SalesHistory.js';
import { StatusBar, type Screen } from './StatusBar.js';
import { TicketPanel, type WalletScanRoute } from './TicketPanel.js';

/**
 * The cashier's one screen: sell (products + ticket), the last receipt, the sales history, members, or sync;
 * above them all, the red (or amber) bar when unsynced sales near or pass the merchant's age limit.
 */
export function CashierScreen({ info }: { readonly info: TerminalInfoDto }) {
  const { t, money, error: errorText } = useI18n();
  const messages = useMessages();
  const { inform, warn } = messages;
  const status = useStatus();
  const [screen, setScreen] = useState<Screen>('sell');
  const [receipt, setReceipt] = useState<SaleDto | null>(null);
  const [topUp, setTopUp] = useState(false);
  const [payBill, setPayBill] = useState(false);
  const paying = useRef(false);
  const toppingUp = useRef(false);
  const walletScan = useRef<WalletScanRoute | null>(null);
  // while Pay a bill is open, a wedge scan is the bill's payment slip (or its account number)
  const billScan = useRef<((text: string) => void) | null>(null);
  const api = useApi();
  // a scanned receipt: the sale to open in the history, with its Return dialog
  const [historyRequest, setHistoryRequest] = useState<HistoryRequest | null>(null);
  const requests = useRef(0);

  const reporter = useMemo<SaleReporter>(
    () => ({
      inform: (key, params) => inform(t(`message.${key}`, params)),
      fail: (error: ApiError, params?: MessageParams) => warn(errorText(error, params)),
    }),
    [inform, warn, t, errorText],
  );
  const actions = useSale(reporter);
  useNfcTaps({ inform, warn, refreshSale: actions.refresh, enrolling: screen === 'members' });

  const { clear: clearMessages } = messages;
  const { scan: scanProduct } = actions;
  // A receipt's code opens its sale for a return; a code no sale of this till has is tried as a product
  // barcode, as before receipts had codes (an in-store code may look like one).
  const openReceipt = useCallback(
    async (code: string, barcode: string) => {
      const found = await api['sales.list']({ query: code, limit: 5 });
      const sale = found.ok
        ? found.value.find((s) => s.state === 'completed' && s.number !== null)
        : undefined;
      if (!sale) {
        setReceipt(null);
        setScreen('sell');
        void scanProduct(barcode);
        return;
      }
      clearMessages();
      setReceipt(null);
      setScreen('history');
      setHistoryRequest({ saleId: sale.id, query: code, seq: ++requests.current });
      inform(t('return.opened', { number: sale.number ?? '' }));
    },
    [api, clearMessages, inform, scanProduct, t],
  );

  // Whatever a scanner sends is sorted by the core classifier, which never throws ("Bad input").
  const onScan = useCallback(
    (text: string) => {
      if (billScan.current) return billScan.current(text);
      const route = routeScan(text);
      // an offline payment code goes where a wallet code goes: the QR pay dialog takes it
      if (route.action === 'charge' || route.action === 'charge-offline') {
        if (toppingUp.current) {
          warn(t('message.scanWhilePaying', { barcode: scannedText(text) }));
          return;
        }
        const outcome = walletScan.current?.(route.code) ?? 'empty';
        if (outcome === 'paying-cash') warn(t('message.scanWhilePaying', { barcode: scannedText(text) }));
        if (outcome === 'empty') warn(t('qrpay.scanItemsFirst'));
        return;
      }
      if (route.action === 'not-payment-code') {
        warn(t('qrpay.notAPaymentCode', { kind: t(`qrpay.kind.${route.kind}`) }));
        return;
      }
      if (route.action === 'damaged') {
        warn(errorText(route.error));
        return;
      }
      if (route.action === 'refund-receipt') {
        warn(errorText({ code: 'return.of_return', message: '' }));
        return;
      }
      if (paying.current) {
        warn(t('message.scanWhilePaying', { barcode: scannedText(route.barcode) }));
        return;
      }
      if (route.action === 'receipt') {
        void openReceipt(route.code, route.barcode);
        return;
      }
      setReceipt(null);
      setScreen('sell');
      void actions.scan(route.barcode);
    },
    [actions, warn, t, errorText, openReceipt],
  );
  useWedgeScanner(onScan);

  // Stable, so the memoised product grid does not re-render on every ticket change.
  const { addProduct } = actions;
  const onAdd = useCallback((product: ProductDto) => void addProduct(product), [addProduct]);

  const onPaying = useCallback((now: boolean) => {
    paying.current = now;
  }, []);

  const billCompleted = useBillCompletion(inform, warn);
  const onCompleted = (sale: SaleDto) => {
    inform(t('message.completed', { number: sale.number ?? '' }));
    billCompleted(sale, () => setReceipt(sale));
  };

  const openTopUp = () => {
    // Like a payment: a product scanned meanwhile must not change the ticket behind the dialog.
    paying.current = true;
    toppingUp.current = true;
    setTopUp(true);
  };
  const closeTopUp = () => {
    paying.current = false;
    toppingUp.current = false;
    setTopUp(false);
  };
  const onToppedUp = (session: SvSessionDto) => {
    closeTopUp();
    const zero = { amount: 0, currency: session.amount.currency };
    inform(
      t('svcard.toppedUp', {
        balance: money(session.card?.newBalance ?? zero),
        change: money(session.change ?? zero),
      }),
    );
  };

  const goTo = (next: Screen) => {
    // "Ticket voided" or a failed scan belongs to the screen it happened on, not to the one opened next.
    if (next !== screen) messages.clear();
    setReceipt(null);
    setHistoryRequest(null);
    setScreen(next);
  };

  return (
    <div className="app">
      <StatusBar
        terminalName={info.terminalName}
        status={status}
        screen={screen}
        onScreen={goTo}
        onTopUp={openTopUp}
        onPayBill={() => setPayBill(true)}
        storedValue={info}
      />
      <SyncAlert sync={status?.sync ?? null} onOpen={screen === 'sync' ? null : () => goTo('sync')} />
      <main className="main">
        <LiveMessages info={messages.info} alert={messages.alert} onDismiss={messages.dismiss} />
        {screen === 'history' ? (
          <SalesHistory request={historyRequest} />
        ) : screen === 'members' ? (
          <MembersScreen onInform={inform} />
        ) : screen === 'shift' ? (
          <ShiftScreen onInform={inform} />
        ) : screen === 'sync' ? (
          <SyncScreen sync={status?.sync ?? null} onInform={inform} />
        ) : screen === 'settings' ? (
          <SettingsScreen />
        ) : receipt ? (
          <ReceiptView sale={receipt} terminalName={info.terminalName} onNewSale={() => setReceipt(null)} />
        ) : (
          <div className="sell">
            <ProductPanel onAdd={onAdd} />
            <TicketPanel
              actions={actions}
              onCompleted={onCompleted}
              onPaying={onPaying}
              walletScan={walletScan}
              onInform={inform}
              storedValueOff={info.storedValueOff}
              cashRounding={info.cashRounding}
            />
          </div>
        )}
      </main>
      {payBill && (
        <PayBillDialog
          scanRef={billScan}
          onClose={() => setPayBill(false)}
          onAdded={(_sale, bill) => {
            setPayBill(false);
            goTo('sell');
            void actions.refresh();
            inform(t('bills.added', { account: bill.account }));
          }}
        />
      )}
      {topUp && <TopUpDialog currency={info.currency} onToppedUp={onToppedUp} onClose={closeTopUp} />}
    </div>
  );
}
