import type { SaleTotalsDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { useI18n } from '../hooks/i18n-context.js';

/** Subtotal, Discount, Tax, Total — each value readable by its name. */
export function TotalsList({ totals }: { readonly totals: SaleTotalsDto }) {
  const { t, money } = useI18n();
  return (
    <dl aria-label={t('totals.label')} className="totals">
      <Amount label={t('totals.subtotal')}>{money(totals.subtotal)}</Amount>
      <Amount label={t('totals.discount')}>
        {money({ ...totals.discount, amount: -totals.discount.amount })}
      </Amount>
      <Amount label={t('totals.tax')}>{money(totals.tax)}</Amount>
      <Amount label={t('totals.total')} className="grand-total">
        {money(totals.total)}
      </Amount>
    </dl>
  );
}
