import type { PaymentOptionsDto, SaleDto } from '../../shared/dto.js';
import { TotalsList } from '../cashier/TotalsList.js';
import { LineSummary } from '../customer-display/LineSummary.js';
import { Promotions } from '../customer-display/Promotions.js';
import { useI18n } from '../hooks/i18n-context.js';

interface KioskBasketProps {
  readonly sale: SaleDto | null;
  /** the customer's name for a line (second name in the other language, when the product is known) */
  readonly lineName: (line: SaleDto['lines'][number]) => string;
  /** lines waiting for a staff check (kiosk.status needsStaffLineIds) */
  readonly needsStaff: readonly string[];
  readonly options: PaymentOptionsDto | null;
  readonly onQuantity: (lineId: string, quantity: number) => void;
}

/**
 * The customer's basket: each line with − and + (− at 1 removes it: it is the customer's own basket, so no
 * confirmation) and Remove, the running total always in view, the wallets' promotions before paying.
 */
export function KioskBasket({ sale, lineName, needsStaff, options, onQuantity }: KioskBasketProps) {
  const { t } = useI18n();
  const lines = sale?.lines ?? [];
  return (
    <section aria-labelledby="kiosk-basket" className="kiosk-basket">
      <h2 id="kiosk-basket">{t('kiosk.basket')}</h2>
      {lines.length === 0 && <p className="hint">{t('kiosk.basketEmpty')}</p>}
      <ul aria-labelledby="kiosk-basket" className="kiosk-lines">
        {lines.map((line) => {
          const name = lineName(line);
          return (
            <li key={line.id} aria-label={name} className="kiosk-line">
              <div className="kiosk-line-text">
                <LineSummary line={line} name={name} />
                {needsStaff.includes(line.id) && <span className="kiosk-tag">{t('kiosk.staffCheck')}</span>}
              </div>
              <div className="kiosk-line-actions">
                <button
                  type="button"
                  aria-label={t('ticket.decrease', { name })}
                  onClick={() => onQuantity(line.id, line.quantity - 1)}
                >
                  −
                </button>
                <output aria-label={t('ticket.quantity', { name })}>{line.quantity}</output>
                <button
                  type="button"
                  aria-label={t('ticket.increase', { name })}
                  onClick={() => onQuantity(line.id, line.quantity + 1)}
                >
                  +
                </button>
                <button
                  type="button"
                  aria-label={t('ticket.remove', { name })}
                  onClick={() => onQuantity(line.id, 0)}
                >
                  {t('kiosk.remove')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {sale && lines.length > 0 && <TotalsList totals={sale.totals} />}
      {options && <Promotions wallets={options.wallets.filter((w) => w.promotion !== null)} />}
    </section>
  );
}
