import { useState } from 'react';
import type { CustomerDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { Amount } from '../components/Amount.js';
import { useI18n } from '../hooks/i18n-context.js';
import { formatBps } from '../i18n/money-text.js';

interface MemberSummaryProps {
  readonly customer: CustomerDto;
  readonly onRemove: () => Promise<ApiError | null>;
  readonly onRemoved: (name: string) => void;
}

/** The member a card tap attached to the ticket: who, their discount (the ticket discount) and points. */
export function MemberSummary({ customer, onRemove, onRemoved }: MemberSummaryProps) {
  const { t, formatLocale, error: errorText } = useI18n();
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    const error = await onRemove();
    setBusy(false);
    if (error) setProblem(errorText(error));
    else onRemoved(customer.name);
  };
  return (
    <section aria-label={t('member.region')} className="member-summary">
      <p className="member-name">{customer.name}</p>
      <dl className="member-figures">
        <Amount label={t('member.discount')}>
          {customer.discountBps > 0 ? formatBps(customer.discountBps, formatLocale) : t('member.noDiscount')}
        </Amount>
        <Amount label={t('member.points')}>{customer.points}</Amount>
      </dl>
      {problem && <p role="alert">{problem}</p>}
      <button
        type="button"
        className="button-quiet member-remove"
        disabled={busy}
        onClick={() => void remove()}
      >
        {t('member.remove')}
      </button>
    </section>
  );
}
