import type { SaleLineDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';

/**
 * One ticket line as a customer reads it: name, total, quantity × price and any discounts. The customer
 * display and the kiosk's basket both show it; the kiosk passes the name in the customer's language.
 */
export function LineSummary({
  line,
  name = line.name,
}: {
  readonly line: SaleLineDto;
  readonly name?: string;
}) {
  const { t, money } = useI18n();
  return (
    <>
      <span className="line-name">{name}</span>
      <span className="line-total">{money(line.total)}</span>
      <span className="line-detail">
        {t('ticket.unitLine', { quantity: line.quantity, price: money(line.unitPrice) })}
      </span>
      {line.lineDiscount.amount > 0 && (
        <span className="line-detail discount">
          {t('ticket.lineDiscount', { amount: money(line.lineDiscount) })}
        </span>
      )}
      {line.ticketDiscountShare.amount > 0 && (
        <span className="line-detail discount">
          {t('ticket.ticketDiscountShare', { amount: money(line.ticketDiscountShare) })}
        </span>
      )}
    </>
  );
}
