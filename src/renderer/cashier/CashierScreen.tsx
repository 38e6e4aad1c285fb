import { useCallback, useMemo, useRef, useState } from 'react';
import type { SaleDto, TerminalInfoDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { LiveMessages } from '../components/LiveMessages.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useMessages } from '../hooks/use-messages.js';
import { useSale, type SaleReporter } from '../hooks/use-sale.js';
import { useStatus } from '../hooks/use-status.js';
import { useWedgeScanner } from '../hooks/use-wedge-scanner.js';
import type { MessageParams } from '../i18n/translate.js';
import { ProductPanel } from './ProductPanel.js';
import { ReceiptView } from './ReceiptView.js';
import { SalesHistory } from './SalesHistory.js';
import { StatusBar, type Screen } from './StatusBar.js';
import { TicketPanel } from './TicketPanel.js';

/** The cashier's one screen: sell (products + ticket), the last receipt, or the sales history. */
export function CashierScreen({ info }: { readonly info: TerminalInfoDto }) {
  const { t, error: errorText } = useI18n();
  const messages = useMessages();
  const { inform, warn } = messages;
  const status = useStatus();
  const [screen, setScreen] = useState<Screen>('sell');
  const [receipt, setReceipt] = useState<SaleDto | null>(null);
  const paying = useRef(false);

  const reporter = useMemo<SaleReporter>(
    () => ({
      inform: (key, params) => inform(t(`message.${key}`, params)),
      fail: (error: ApiError, params?: MessageParams) => warn(errorText(error, params)),
    }),
    [inform, warn, t, errorText],
  );
  const actions = useSale(reporter);

  const onScan = useCallback(
    (barcode: string) => {
      if (paying.current) {
        warn(t('message.scanWhilePaying', { barcode }));
        return;
      }
      setReceipt(null);
      setScreen('sell');
      void actions.scan(barcode);
    },
    [actions, warn, t],
  );
  useWedgeScanner(onScan);

  const onCompleted = (sale: SaleDto) => {
    setReceipt(sale);
    inform(t('message.completed', { number: sale.number ?? '' }));
  };

  const goTo = (next: Screen) => {
    setReceipt(null);
    setScreen(next);
  };

  return (
    <div className="app">
      <StatusBar terminalName={info.terminalName} status={status} screen={screen} onScreen={goTo} />
      <main className="main">
        <LiveMessages info={messages.info} alert={messages.alert} onDismiss={messages.dismiss} />
        {screen === 'history' ? (
          <SalesHistory />
        ) : receipt ? (
          <ReceiptView sale={receipt} terminalName={info.terminalName} onNewSale={() => setReceipt(null)} />
        ) : (
          <div className="sell">
            <ProductPanel onAdd={(product) => void actions.addProduct(product)} />
            <TicketPanel
              actions={actions}
              onCompleted={onCompleted}
              onPaying={(now) => {
                paying.current = now;
              }}
            />
          </div>
        )}
      </main>
    </div>
  );
}
