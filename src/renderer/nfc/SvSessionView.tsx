import type { SvSessionDto } from '../../shared/nfc-dto.js';
import type { ApiError } from '../../shared/result.js';
import { Amount } from '../components/Amount.js';
import { useI18n } from '../hooks/i18n-context.js';
import { sessionStep } from './sv-session.js';

interface SvSessionViewProps {
  readonly session: SvSessionDto | null;
  /** the last call's error */
  readonly callProblem: ApiError | null;
}

/**
 * A stored-value session as the terminal reports it: the step in words (role=status, announced as the
 * svcard.changed events arrive), the card's balance and new balance once read, and what stops it.
 */
export function SvSessionView({ session, callProblem }: SvSessionViewProps) {
  const { t, money, error: errorText } = useI18n();
  const step = session ? sessionStep(session) : null;
  const card = session?.card ?? null;
  const problem = session?.problem ?? null;
  return (
    <>
      <div role="status" aria-label={t('svcard.progress')} className="payment-progress sv-progress">
        {step && <p className="payment-state">{t(step.key)}</p>}
      </div>
      {card?.blank && step?.showBalances && (
        <p className="sv-new-card">
          <strong>{t('svcard.newCard')}</strong> <span className="hint">{t('svcard.newCardNote')}</span>
        </p>
      )}
      {card && step?.showBalances && (
        <dl className="cash-amounts sv-balances">
          <Amount label={t('svcard.balance')}>{money(card.balance)}</Amount>
          <Amount label={t('svcard.newBalance')} className="change">
            {money(card.newBalance)}
          </Amount>
        </dl>
      )}
      {problem && <p role="alert">{errorText(problem)}</p>}
      {callProblem && (!problem || callProblem.code !== problem.code) && (
        <p role="alert">{errorText(callProblem)}</p>
      )}
    </>
  );
}
