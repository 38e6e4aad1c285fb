import { useEffect, useRef } from 'react';
import type { SaleLineDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';

interface TicketLineProps {
  readonly line: SaleLineDto;
  readonly onQuantity: (quantity: number) => void;
  readonly onDiscount: () => void;
  /** Opens the keypad to type the quantity. */
  readonly onEditQuantity: () => void;
  /** The line the last add or scan touched: highlighted and scrolled into view. */
  readonly touched: boolean;
}

/** One ticket line, named by its product so "Increase quantity of Green Tea" is unambiguous. */
export function TicketLine({ line, onQuantity, onDiscount, onEditQuantity, touched }: TicketLineProps) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (touched) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [touched, line.quantity]);
  const { t, money } = useI18n();
  const name = line.name;
  return (
    <li ref={ref} aria-label={name} className={touched ? 'ticket-line touched' : 'ticket-line'}>
      <div className="line-head">
        <span className="line-name">{name}</span>
        <span className="line-total">{money(line.total)}</span>
      </div>
      <div className="line-details">
        <p className="line-detail">
          {t('ticket.unitLine', { quantity: line.quantity, price: money(line.unitPrice) })}
        </p>
        {line.lineDiscount.amount > 0 && (
          <p className="line-detail discount">
            {t('ticket.lineDiscount', { amount: money(line.lineDiscount) })}
          </p>
        )}
        {line.ticketDiscountShare.amount > 0 && (
          <p className="line-detail discount">
            {t('ticket.ticketDiscountShare', { amount: money(line.ticketDiscountShare) })}
          </p>
        )}
      </div>
      <div className="line-actions">
        <button
          type="button"
          className="step"
          aria-label={t('ticket.decrease', { name })}
          disabled={line.quantity <= 1}
          onClick={() => onQuantity(line.quantity - 1)}
        >
          −
        </button>
        <button
          type="button"
          className="quantity"
          aria-label={t('ticket.quantity', { name })}
          onClick={onEditQuantity}
        >
          {line.quantity}
        </button>
        <button
          type="button"
          className="step"
          aria-label={t('ticket.increase', { name })}
          onClick={() => onQuantity(line.quantity + 1)}
        >
          +
        </button>
        <button type="button" aria-label={t('ticket.discountLine', { name })} onClick={onDiscount}>
          {t('ticket.discountButton')}
        </button>
        <button
          type="button"
          className="button-quiet remove"
          aria-label={t('ticket.remove', { name })}
          onClick={() => onQuantity(0)}
        >
          ✕
        </button>
      </div>
    </li>
  );
}
