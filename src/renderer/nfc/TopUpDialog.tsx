import { useState } from 'react';
import type { SvSessionDto } from '../../shared/nfc-dto.js';
import { Amount } from '../components/Amount.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useKeypadKeys } from '../hooks/use-keypad-keys.js';
import { useI18n } from '../hooks/i18n-context.js';
import { Keypad } from '../cashier/Keypad.js';
import { quickAmounts } from '../cashier/quick-amounts.js';
import { currencyExponent } from '../i18n/money-text.js';
import { SvSessionView } from './SvSessionView.js';
import { emptyTopUp, pressTopUpKey, topUpFigures, type TopUpEntry } from './top-up-entry.js';
import { useSvDialog } from './use-sv-dialog.js';

interface TopUpDialogProps {
  /** the till's currency (a top-up has no sale to take it from) */
  readonly currency: string;
  /** The session is done: the value is on the card and the cash is in the drawer. */
  readonly onToppedUp: (session: SvSessionDto) => void;
  readonly onClose: () => void;
}

/**
 * Cash in, value onto a stored-value card: key in the amount for the card and the cash handed over (exact
 * unless typed), start, let the customer tap, check balance and new balance, confirm. A blank tag is issued
 * as a new card by the same top-up.
 */
export function TopUpDialog({ currency, onToppedUp, onClose }: TopUpDialogProps) {
  const { t, money } = useI18n();
  const api = useApi();
  const [entry, setEntry] = useState<TopUpEntry>(emptyTopUp);
  const { sv, step, cancelling, cancel } = useSvDialog(onToppedUp, onClose);

  const session = sv.session;
  const figures = topUpFigures(entry);
  const of = (amount: number) => money({ amount, currency });

  const start = () =>
    void sv.begin(() => api['svcard.topUpBegin']({ amount: figures.amount, tendered: figures.tendered }));

  // The hardware keyboard types like the keypad (digits, Backspace, Delete clears) into the figure being
  // entered; Enter starts, then confirms once the card is read; Escape is the dialog's cancel.
  useKeypadKeys({
    value: entry,
    onChange: setEntry,
    // once the card session runs, its amounts are fixed
    press: (current, key) => (session ? current : pressTopUpKey(current, key)),
    onEnter: () => {
      if (!session) {
        if (figures.canStart && !sv.busy) start();
        return true;
      }
      if (step?.canConfirm && !sv.busy) {
        void sv.confirm();
        return true;
      }
      return false;
    },
  });

  const change = session?.change?.amount ?? figures.change;
  return (
    <Dialog title={t('svcard.topUpTitle')} onClose={() => void cancel()} className="cash-dialog sv-dialog">
      <dl className="cash-amounts">
        <Amount label={t('svcard.amount')} className="due">
          {session ? money(session.amount) : of(figures.amount)}
        </Amount>
        <Amount label={t('svcard.tendered')}>
          {session?.tendered ? money(session.tendered) : of(figures.tendered)}
        </Amount>
        {change < 0 ? (
          <Amount label={t('svcard.short')}>{of(-change)}</Amount>
        ) : (
          <Amount label={t('svcard.change')} className="change">
            {of(change)}
          </Amount>
        )}
      </dl>
      {!session && (
        <>
          <div role="group" aria-label={t('svcard.entry')} className="sv-fields">
            <button
              type="button"
              aria-pressed={entry.field === 'amount'}
              onClick={() => setEntry((e) => ({ ...e, field: 'amount' }))}
            >
              {t('svcard.editAmount')}
            </button>
            <button
              type="button"
              aria-pressed={entry.field === 'tendered'}
              onClick={() => setEntry((e) => ({ ...e, field: 'tendered' }))}
            >
              {t('svcard.editTendered')}
            </button>
          </div>
          <div className="cash-entry">
            <Keypad onKey={(key) => setEntry((e) => pressTopUpKey(e, key))} />
            {entry.field === 'tendered' && figures.amount > 0 && (
              <div role="group" aria-label={t('cash.quick')} className="quick-amounts">
                {quickAmounts(figures.amount, currencyExponent(currency)).map((amount, index) => (
                  <button
                    key={amount}
                    type="button"
                    onClick={() => setEntry((e) => ({ ...e, tenderedDigits: String(amount) }))}
                  >
                    {index === 0 ? t('cash.exact', { amount: of(amount) }) : of(amount)}
                  </button>
                ))}
              </div>
            )}
          </div>
        </>
      )}
      <SvSessionView session={session} callProblem={sv.problem} />
      <div className="dialog-actions">
        <button
          type="button"
          className="button-quiet"
          disabled={cancelling || (step !== null && !step.canCancel)}
          onClick={() => void cancel()}
        >
          {cancelling ? t('svcard.cancelling') : t('dialog.cancel')}
        </button>
        {!session && (
          <button
            type="button"
            className="button-primary"
            disabled={!figures.canStart || sv.busy}
            onClick={start}
          >
            {sv.busy ? t('svcard.starting') : t('svcard.start')}
          </button>
        )}
        {step?.canConfirm && (
          <button
            type="button"
            className="button-primary"
            disabled={sv.busy}
            onClick={() => void sv.confirm()}
          >
            {t('svcard.confirmTopUp')}
          </button>
        )}
      </div>
    </Dialog>
  );
}
