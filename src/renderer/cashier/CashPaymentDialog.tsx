import { useState } from 'react';
import { roundCashDue, type CashRoundingRule } from '../../core/cash-rounding.js';
import { money as toMoney, moneyFromKeypad } from '../../core/money.js';
import type { SaleDto } from '../../shared/dto.js';
import type { Result } from '../../shared/result.js';
import { Amount } from '../components/Amount.js';
import { Dialog } from '../components/Dialog.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useKeypadKeys } from '../hooks/use-keypad-keys.js';
import { currencyExponent } from '../i18n/money-text.js';
import { Keypad } from './Keypad.js';
import { pressKey, quickAmounts } from './quick-amounts.js';

interface CashPaymentDialogProps {
  readonly sale: SaleDto;
  readonly onComplete: (tendered: number) => Promise<Result<SaleDto>>;
  readonly onDone: (completed: SaleDto) => void;
  readonly onClose: () => void;
  /** the shop's cash rounding (抹零) for the till's currency: the due shown is what cash takes */
  readonly cashRounding?: CashRoundingRule | undefined;
  /** split tender: takes `amount` in cash as a part (the rest by another tender) */
  readonly onPart?: (amount: number) => Promise<Result<SaleDto>>;
  /** the part was taken: the ticket stays open with it */
  readonly onPartDone?: (sale: SaleDto) => void;
}

/**
 * Take cash: key in what the customer hands over (or tap a quick amount), see the change, complete. On an
 * error (store.disk_full, say) the dialog stays with the reason and the ticket stays open.
 */
export function CashPaymentDialog({
  sale,
  onComplete,
  onDone,
  onClose,
  cashRounding,
  onPart,
  onPartDone,
}: CashPaymentDialogProps) {
  const { t, money, error: errorText } = useI18n();
  const [digits, setDigits] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  // what is left (after paid parts), rounded as the shop rounds cash: cash that pays the rest takes this
  const left = sale.remaining ?? sale.totals.total;
  const { due, rounding } = roundCashDue(toMoney(left.amount, left.currency), cashRounding ?? 'none');
  const tendered = moneyFromKeypad(digits, due.currency).amount;
  const short = tendered < due.amount;
  // less than is due (and less than is left before rounding): it can be taken as a part
  const canPart = onPart !== undefined && short && tendered > 0 && tendered < left.amount && !busy;

  const complete = async () => {
    setBusy(true);
    setProblem('');
    const result = await onComplete(tendered);
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setProblem(errorText(result.error));
  };
  const takePart = async () => {
    if (!onPart) return;
    setBusy(true);
    setProblem('');
    const result = await onPart(tendered);
    setBusy(false);
    if (!result.ok) setProblem(errorText(result.error));
    else if (result.value.state === 'completed') onDone(result.value);
    else onPartDone?.(result.value);
  };
  const canComplete = !short && !busy;
  useKeypadKeys({
    value: digits,
    onChange: setDigits,
    press: pressKey,
    // Enter is this dialog's one confirm: it never presses the focused keypad key instead.
    onEnter: () => {
      if (canComplete) void complete();
      return true;
    },
  });

  return (
    <Dialog title={t('cash.title')} onClose={onClose} className="cash-dialog">
      <dl className="cash-amounts">
        {rounding !== 0 && (
          <Amount label={t('cash.rounding')}>{money({ amount: rounding, currency: due.currency })}</Amount>
        )}
        <Amount label={t('cash.due')} className="due">
          {money(due)}
        </Amount>
        <Amount label={t('cash.tendered')}>{money({ amount: tendered, currency: due.currency })}</Amount>
        {short ? (
          <Amount label={t('cash.short')}>
            {money({ amount: due.amount - tendered, currency: due.currency })}
          </Amount>
        ) : (
          <Amount label={t('cash.change')} className="change">
            {money({ amount: tendered - due.amount, currency: due.currency })}
          </Amount>
        )}
      </dl>
      <div className="cash-entry">
        <Keypad onKey={(key) => setDigits((current) => pressKey(current, key))} />
        <div role="group" aria-label={t('cash.quick')} className="quick-amounts">
          {quickAmounts(due.amount, currencyExponent(due.currency)).map((amount, index) => (
            <button key={amount} type="button" onClick={() => setDigits(String(amount))}>
              {index === 0
                ? t('cash.exact', { amount: money({ amount, currency: due.currency }) })
                : money({ amount, currency: due.currency })}
            </button>
          ))}
        </div>
      </div>
      {canPart && <p className="hint">{t('cash.partHint')}</p>}
      {problem && <p role="alert">{problem}</p>}
      <div className="dialog-actions">
        <button type="button" className="button-quiet" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
        {onPart && (
          <button type="button" disabled={!canPart} onClick={() => void takePart()}>
            {t('cash.part')}
          </button>
        )}
        <button
          type="button"
          className="button-primary"
          disabled={!canComplete}
          onClick={() => void complete()}
        >
          {busy ? t('cash.completing') : t('cash.complete')}
        </button>
      </div>
    </Dialog>
  );
}
