import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { PaymentAttemptDto, SaleDto, TerminalInfoDto } from '../../shared/dto.js';
import type { SvSessionDto } from '../../shared/nfc-dto.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import type { SaleActions } from '../hooks/use-sale.js';
import { CardPaymentDialog } from '../nfc/CardPaymentDialog.js';
import { OfflineHeadroom, useOfflineNotes } from '../payment/OfflineHeadroom.js';
import { QrPaymentDialog, type WalletScanHandler } from '../payment/QrPaymentDialog.js';
import { usePaymentOptions } from '../payment/use-payment-options.js';
import { CashPaymentDialog } from './CashPaymentDialog.js';
import { DiscountDialog } from './DiscountDialog.js';
import { MemberSummary } from './MemberSummary.js';
import { QuantityDialog } from './QuantityDialog.js';
import { TicketLine } from './TicketLine.js';
import { PaidParts } from './PaidParts.js';
import { TotalsList } from './TotalsList.js';
import { VoidDialog } from './VoidDialog.js';

type OpenDialog =
  | { kind: 'line'; lineId: string }
  | { kind: 'quantity'; lineId: string }
  | { kind: 'ticket' }
  | { kind: 'void' }
  // The ticket as it was when payment began: if completing fails because the ticket changed elsewhere
  // (voided on another screen), the dialog must stay to say so rather than vanish with the ticket.
  | { kind: 'cash'; sale: SaleDto }
  // initialCode: a customer code the wedge scanner read with items on the ticket; charged as it opens.
  | { kind: 'qr'; sale: SaleDto; initialCode: string | null }
  // a stored-value card pays the ticket
  | { kind: 'card'; sale: SaleDto; amount?: number }
  | null;

/**
 * What became of a wallet code the wedge scanner read: charged (or being charged) in the QR payment
 * dialog, refused because the cash dialog is open, or refused because the ticket is empty.
 */
export type WalletScanOutcome = 'charging' | 'paying-cash' | 'empty';
export type WalletScanRoute = (code: string) => WalletScanOutcome;

interface TicketPanelProps {
  readonly actions: SaleActions;
  readonly onCompleted: (sale: SaleDto) => void;
  /** Lets the screen know a payment is in progress, so a scan does not change the amount due under it. */
  readonly onPaying: (paying: boolean) => void;
  /** Filled in by this panel: where the screen sends a wedge-scanned customer payment code. */
  readonly walletScan: RefObject<WalletScanRoute | null>;
  /** Polite news for the screen's status region ("Member Ana removed from the ticket"). */
  readonly onInform: (text: string) => void;
  /** why stored-value cards are off on this till (terminal.info), or null */
  readonly storedValueOff: TerminalInfoDto['storedValueOff'];
  /** the shop's cash rounding (抹零) for the till's currency (terminal.info) */
  readonly cashRounding?: TerminalInfoDto['cashRounding'];
}

/** The open ticket: its lines, totals and what can be done with it. */
export function TicketPanel({
  actions,
  onCompleted,
  onPaying,
  walletScan,
  onInform,
  storedValueOff,
  cashRounding,
}: TicketPanelProps) {
  const { t, error, money } = useI18n();
  const api = useApi();
  const [dialog, setDialogState] = useState<OpenDialog>(null);
  const sale = actions.sale;
  const lines = sale?.lines ?? [];
  const empty = lines.length === 0;
  // a paid part fixes the ticket: no discounts, items or member changes until it is paid or voided
  const partlyPaid = (sale?.payments.length ?? 0) > 0;
  // each non-cash tender's offline headroom, shown (and a refused tender disabled) before it is picked
  const paymentOptions = usePaymentOptions(sale);
  const qrTenders = [
    ...(paymentOptions &&
    (paymentOptions.wallets.length > 0 || paymentOptions.merchantQr.some((q) => q.kind === 'merchant-qr'))
      ? (['wallet'] as const)
      : []),
    ...(paymentOptions?.merchantQr.some((q) => q.kind === 'static-qr') ? (['static-qr'] as const) : []),
  ];
  const offline = useOfflineNotes('ticket', paymentOptions?.offline, [...qrTenders, 'stored-value']);
  const qrRefused = qrTenders.length > 0 && qrTenders.every((tender) => offline.refused(tender));
  const qrDescribedBy =
    qrTenders.flatMap((tender) => offline.describedBy(tender) ?? []).join(' ') || undefined;
  const dialogRef = useRef<OpenDialog>(null);
  const setDialog = useCallback(
    (next: OpenDialog) => {
      dialogRef.current = next;
      setDialogState(next);
      // A product scan must not change the amount due under an open payment (cash, QR or card balance).
      onPaying(next?.kind === 'cash' || next?.kind === 'qr' || next?.kind === 'card');
    },
    [onPaying],
  );

  // A wallet code from the wedge scanner: to the open QR dialog, or open one when the sale awaits payment.
  const qrScanHandler = useRef<WalletScanHandler | null>(null);
  const registerScanHandler = useCallback((handler: WalletScanHandler | null) => {
    qrScanHandler.current = handler;
  }, []);
  useEffect(() => {
    const route: WalletScanRoute = (code) => {
      if (qrScanHandler.current) {
        qrScanHandler.current(code);
        return 'charging';
      }
      if (dialogRef.current?.kind === 'cash' || dialogRef.current?.kind === 'card') return 'paying-cash';
      if (!sale || sale.lines.length === 0) return 'empty';
      setDialog({ kind: 'qr', sale, initialCode: code });
      return 'charging';
    };
    walletScan.current = route;
    return () => {
      if (walletScan.current === route) walletScan.current = null;
    };
  }, [sale, setDialog, walletScan]);

  /** The terminal completed the sale in the same transaction as the attempt's success: show its receipt. */
  const onWalletPaid = async (attempt: PaymentAttemptDto) => {
    const completed = await api['sales.get']({ saleId: attempt.saleId });
    await actions.refresh();
    setDialog(null);
    if (completed.ok) onCompleted(completed.value);
  };
  /**
   * The card session is done: the terminal completed the sale with the debit (its receipt is shown), or, for
   * a part of a split tender, kept it open with what is left to pay.
   */
  const onCardPaid = async (session: SvSessionDto) => {
    let completed = session.sale;
    if (!completed && session.saleId) {
      const fetched = await api['sales.get']({ saleId: session.saleId });
      if (fetched.ok) completed = fetched.value;
    }
    await actions.refresh();
    setDialog(null);
    if (completed?.state === 'completed') onCompleted(completed);
    else if (completed?.remaining) {
      onInform(t('split.partTaken', { amount: money(session.amount), left: money(completed.remaining) }));
    }
  };
  const lineOfDialog = dialog?.kind === 'line' ? lines.find((l) => l.id === dialog.lineId) : undefined;
  const quantityLine = dialog?.kind === 'quantity' ? lines.find((l) => l.id === dialog.lineId) : undefined;

  return (
    <section aria-label={t('ticket.region')} className="ticket-panel">
      <h2 className="panel-title">{t('ticket.region')}</h2>
      {empty ? (
        <p className="empty">{t('ticket.empty')}</p>
      ) : (
        <ul aria-label={t('ticket.lines')} className="ticket-lines">
          {lines.map((line) => (
            <TicketLine
              key={line.id}
              line={line}
              onQuantity={(quantity) => void actions.setQuantity(line.id, quantity)}
              onDiscount={() => setDialog({ kind: 'line', lineId: line.id })}
              onEditQuantity={() => setDialog({ kind: 'quantity', lineId: line.id })}
              touched={line.id === actions.touchedLineId}
            />
          ))}
        </ul>
      )}
      {sale?.customer && (
        <MemberSummary
          customer={sale.customer}
          onRemove={() => actions.setCustomer(null)}
          onRemoved={(name) => onInform(t('member.removed', { name }))}
        />
      )}
      {sale && <TotalsList totals={sale.totals} />}
      {sale && <PaidParts sale={sale} />}
      <div className="ticket-actions">
        <button type="button" disabled={empty || partlyPaid} onClick={() => setDialog({ kind: 'ticket' })}>
          {t('ticket.ticketDiscount')}
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={!sale}
          onClick={() => setDialog({ kind: 'void' })}
        >
          {t('ticket.void')}
        </button>
        <div role="group" aria-label={t('ticket.tenders')} className="tenders">
          <button
            type="button"
            className="button-primary pay"
            disabled={empty}
            onClick={() => sale && setDialog({ kind: 'cash', sale })}
          >
            {t('ticket.cash')}
          </button>
          <button
            type="button"
            className="button-primary pay pay-qr"
            disabled={empty || qrRefused}
            aria-describedby={qrDescribedBy}
            onClick={() => sale && setDialog({ kind: 'qr', sale, initialCode: null })}
          >
            {t('ticket.qrPay')}
          </button>
          <button
            type="button"
            className="button-primary pay pay-card"
            disabled={empty || storedValueOff !== null || offline.refused('stored-value')}
            aria-describedby={storedValueOff ? 'card-pay-off' : offline.describedBy('stored-value')}
            onClick={() => sale && setDialog({ kind: 'card', sale })}
          >
            {t('ticket.cardPay')}
          </button>
        </div>
      </div>
      {storedValueOff && (
        <p id="card-pay-off" className="tender-off">
          {t('ticket.cardPayOff', { reason: error(storedValueOff) })}
        </p>
      )}
      <OfflineHeadroom notes={offline} />

      {lineOfDialog && (
        <DiscountDialog
          title={t('ticket.discountLine', { name: lineOfDialog.name })}
          current={lineOfDialog.discount}
          onApply={(discount) => actions.setLineDiscount(lineOfDialog.id, discount)}
          onClose={() => setDialog(null)}
        />
      )}
      {quantityLine && (
        <QuantityDialog
          line={quantityLine}
          onSet={(quantity) => void actions.setQuantity(quantityLine.id, quantity)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'ticket' && sale && (
        <DiscountDialog
          title={t('ticket.ticketDiscount')}
          current={sale.ticketDiscount}
          onApply={actions.setTicketDiscount}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'void' && (
        <VoidDialog
          itemCount={lines.reduce((n, l) => n + l.quantity, 0)}
          payments={sale?.payments ?? []}
          onVoid={actions.voidSale}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'cash' && (
        <CashPaymentDialog
          sale={dialog.sale}
          onComplete={actions.completeCash}
          onDone={(completed) => {
            setDialog(null);
            onCompleted(completed);
          }}
          cashRounding={cashRounding}
          onPart={actions.payCashPart}
          onPartDone={(open) => {
            setDialog(null);
            const part = open.payments[open.payments.length - 1];
            if (part && open.remaining) {
              onInform(t('split.partTaken', { amount: money(part.amount), left: money(open.remaining) }));
            }
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'qr' && (
        <QrPaymentDialog
          sale={dialog.sale}
          initialCode={dialog.initialCode}
          registerScanHandler={registerScanHandler}
          onSucceeded={(attempt) => void onWalletPaid(attempt)}
          onOfflinePaid={(paid) => void actions.refresh().then(() => (setDialog(null), onCompleted(paid)))}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'card' && (
        <CardPaymentDialog
          key={dialog.amount ?? 'all'}
          sale={dialog.sale}
          offline={paymentOptions?.offline ?? null}
          {...(dialog.amount === undefined ? {} : { amount: dialog.amount })}
          onPaid={(session) => void onCardPaid(session)}
          onTakeBalance={(balance) => setDialog({ kind: 'card', sale: dialog.sale, amount: balance })}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}
