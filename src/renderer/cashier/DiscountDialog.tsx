import { useId, useState, type FormEvent } from 'react';
import type { DiscountDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { Dialog } from '../components/Dialog.js';
import { useI18n } from '../hooks/i18n-context.js';
import { formatBps, parseMajorAmount, parsePercentBps } from '../i18n/money-text.js';

interface DiscountDialogProps {
  readonly title: string;
  readonly current: DiscountDto | null;
  readonly onApply: (discount: DiscountDto | null) => Promise<ApiError | null>;
  readonly onClose: () => void;
}

/** Percent or fixed amount, typed in the units a person uses ("10" %, "1.50"); stored as bps / minor units. */
export function DiscountDialog({ title, current, onApply, onClose }: DiscountDialogProps) {
  const { t, money, error: errorText, currency, formatLocale } = useI18n();
  const [kind, setKind] = useState<DiscountDto['kind']>(current?.kind ?? 'percent');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const valueId = useId();

  const submit = async (discount: DiscountDto | null) => {
    setBusy(true);
    const error = await onApply(discount);
    setBusy(false);
    if (error) setProblem(errorText(error));
    else onClose();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (kind === 'percent') {
      const bps = parsePercentBps(text);
      if (bps === null) return setProblem(t('discount.badPercent'));
      void submit({ kind: 'percent', bps });
    } else {
      const amount = parseMajorAmount(text, currency);
      if (amount === null) return setProblem(t('discount.badAmount'));
      void submit({ kind: 'amount', amount });
    }
  };

  const currentText =
    current === null
      ? null
      : current.kind === 'percent'
        ? formatBps(current.bps, formatLocale)
        : money({ amount: current.amount, currency });

  return (
    <Dialog title={title} onClose={onClose} className="discount-dialog">
      <form onSubmit={onSubmit}>
        {currentText && <p>{t('discount.current', { value: currentText })}</p>}
        <fieldset className="segmented">
          <legend>{t('discount.kind')}</legend>
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === 'percent'}
              onChange={() => setKind('percent')}
            />
            {t('discount.percent')}
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'amount'} onChange={() => setKind('amount')} />
            {t('discount.amount')}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={valueId}>
            {kind === 'percent' ? t('discount.percentValue') : t('discount.amountValue', { currency })}
          </label>
          <input
            id={valueId}
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setProblem('');
            }}
          />
        </div>
        {problem && <p role="alert">{problem}</p>}
        <div className="dialog-actions">
          <button type="button" className="button-quiet" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          {current && (
            <button type="button" disabled={busy} onClick={() => void submit(null)}>
              {t('discount.remove')}
            </button>
          )}
          <button type="submit" className="button-primary" disabled={busy}>
            {t('discount.apply')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
