import { useState } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import type { SaleActions } from '../hooks/use-sale.js';
import { CashPaymentDialog } from './CashPaymentDialog.js';
import { DiscountDialog } from './DiscountDialog.js';
import { TicketLine } from './TicketLine.js';
import { TotalsList } from './TotalsList.js';
import { VoidDialog } from './VoidDialog.js';

type OpenDialog =
  | { kind: 'line'; lineId: string }
  | { kind: 'ticket' }
  | { kind: 'void' }
  // The ticket as it was when payment began: if completing fails because the ticket changed elsewhere
  // (voided on another screen), the dialog must stay to say so rather than vanish with the ticket.
  | { kind: 'cash'; sale: SaleDto }
  | null;

interface TicketPanelProps {
  readonly actions: SaleActions;
  readonly onCompleted: (sale: SaleDto) => void;
  /** Lets the screen know a payment is in progress, so a scan does not change the amount due under it. */
  readonly onPaying: (paying: boolean) => void;
}

/** The open ticket: its lines, totals and what can be done with it. */
export function TicketPanel({ actions, onCompleted, onPaying }: TicketPanelProps) {
  const { t } = useI18n();
  const [dialog, setDialogState] = useState<OpenDialog>(null);
  const sale = actions.sale;
  const lines = sale?.lines ?? [];
  const empty = lines.length === 0;
  const setDialog = (next: OpenDialog) => {
    setDialogState(next);
    onPaying(next?.kind === 'cash');
  };
  const lineOfDialog = dialog?.kind === 'line' ? lines.find((l) => l.id === dialog.lineId) : undefined;

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
              touched={line.id === actions.touchedLineId}
            />
          ))}
        </ul>
      )}
      {sale && <TotalsList totals={sale.totals} />}
      <div className="ticket-actions">
        <button type="button" disabled={empty} onClick={() => setDialog({ kind: 'ticket' })}>
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
        <button
          type="button"
          className="button-primary pay"
          disabled={empty}
          onClick={() => sale && setDialog({ kind: 'cash', sale })}
        >
          {t('ticket.cash')}
        </button>
      </div>

      {lineOfDialog && (
        <DiscountDialog
          title={t('ticket.discountLine', { name: lineOfDialog.name })}
          current={lineOfDialog.discount}
          onApply={(discount) => actions.setLineDiscount(lineOfDialog.id, discount)}
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
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}
