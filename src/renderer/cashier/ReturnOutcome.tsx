import type { ReturnDto } from '../../shared/return-dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { returnRefundText } from './return-text.js';

/**
 * What sale.return answered: the amount returned, then each refund as the cashier acts on it (cash from
 * the drawer; a wallet's refund done, pending with its provider, or failed). A refund still open is an
 * alert, so it is read out and not missed.
 */
export function ReturnOutcome({ result }: { readonly result: ReturnDto }) {
  const { t, money } = useI18n();
  return (
    <div className="return-outcome">
      <p role="status">{t('return.done', { amount: money(result.amount) })}</p>
      <ul aria-label={t('return.refunds')}>
        {result.refunds.map((refund) => {
          const outcome = returnRefundText(refund, t, money);
          return (
            <li key={refund.id} className={`refund-${outcome.tone}`}>
              {outcome.tone === 'done' ? outcome.text : <span role="alert">{outcome.text}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
