import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { toDecimalString } from '../../core/money.js';
import type { SaleDto } from '../../shared/dto.js';
import type { ReturnDto } from '../../shared/return-dto.js';
import { Amount } from '../components/Amount.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { parseMajorAmount } from '../i18n/money-text.js';
import { ReturnLineRow } from './ReturnLineRow.js';
import { ReturnOutcome } from './ReturnOutcome.js';
import { previewReturn, returnableLines } from './return-plan.js';
import { tenderName } from './return-text.js';

interface ReturnDialogProps {
  readonly sale: SaleDto;
  /** the sale's returns so far (sale.returns): what each payment has left to give back */
  readonly returns: readonly ReturnDto[];
  /** after every answer of sale.return (the sale's returned quantities changed) */
  readonly onReturned: (result: ReturnDto) => void;
  readonly onClose: () => void;
}

type ReturnParams = Parameters<ReturnType<typeof useApi>['sale.return']>[0];

/** What a manager typed for a tender: minor units, 0 for an empty or zero field, null when not an amount. */
function typedAmount(text: string, currency: string): number | null {
  if (/^\s*(0+([.,]0*)?)?\s*$/.test(text)) return 0;
  return parseMajorAmount(text, currency);
}

/**
 * A partial return: the quantity to return per line (never more than is left), the reason, and a live
 * preview of what goes back, per line and per tender (proportional; a split sale's manager may choose the
 * amounts, which must add up). Confirm calls sale.return with an id made once for this dialog, so Try again
 * after a failed or pending wallet refund asks about the same return and never pays twice. A cashier
 * without the refund permission gets the manager's approval pad from the staff API, as every screen does.
 */
export function ReturnDialog({
  sale: latestSale,
  returns: latestReturns,
  onReturned,
  onClose,
}: ReturnDialogProps) {
  const api = useApi();
  // the request made with returnId: Try again sends exactly it again
  const sent = useRef<ReturnParams | null>(null);
  // once sent, the dialog keeps showing the sale as it was returned from (the reloaded one counts it in)
  const basis = useRef({ sale: latestSale, returns: latestReturns });
  if (sent.current === null) basis.current = { sale: latestSale, returns: latestReturns };
  const { sale, returns } = basis.current;
  const { t, money, error: errorText } = useI18n();
  const [returnId] = useState(() => crypto.randomUUID());
  const lines = useMemo(() => returnableLines(sale), [sale]);
  const [quantities, setQuantities] = useState<Readonly<Record<string, number>>>({});
  const [reason, setReason] = useState('');
  const [choose, setChoose] = useState(false);
  const [split, setSplit] = useState<Readonly<Record<string, string>>>({});
  const [problem, setProblem] = useState('');
  const [result, setResult] = useState<ReturnDto | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();
  const currency = sale.currency;
  const cash = (amount: number) => money({ amount, currency });

  const proportional = previewReturn(sale, returns, quantities, null);
  const chosen = choose
    ? sale.payments.map((p) => ({ paymentId: p.id, amount: typedAmount(split[p.id] ?? '', currency) }))
    : null;
  const allocated = chosen?.reduce((sum, c) => sum + (c.amount ?? 0), 0) ?? 0;
  const mismatch =
    chosen !== null &&
    proportional.ok &&
    (chosen.some((c) => c.amount === null) || allocated !== proportional.preview.amount);
  const manual =
    chosen !== null && proportional.ok && !mismatch
      ? previewReturn(
          sale,
          returns,
          quantities,
          chosen.map((c) => ({ paymentId: c.paymentId, amount: c.amount ?? 0 })),
        )
      : null;
  const preview = manual ?? proportional;
  const planned = preview.ok ? preview.preview : null;
  const locked = result !== null || busy;

  const setQuantity = (lineId: string, quantity: number) => {
    setQuantities((before) => ({ ...before, [lineId]: quantity }));
    setProblem('');
  };
  const toggleSplit = (on: boolean) => {
    setChoose(on);
    if (!on) return;
    // start from the proportional split, so the manager changes only what differs
    const start = proportional.ok ? proportional.preview.tenders : [];
    setSplit(
      Object.fromEntries(
        sale.payments.map((p) => [
          p.id,
          toDecimalString({ amount: start.find((s) => s.paymentId === p.id)?.amount ?? 0, currency }),
        ]),
      ),
    );
  };

  const send = async (params: ReturnParams) => {
    setBusy(true);
    setProblem('');
    const answer = await api['sale.return'](params);
    setBusy(false);
    if (!answer.ok) {
      // refused: nothing was returned, the cashier may change the request (a result keeps it fixed)
      if (result === null) sent.current = null;
      return setProblem(errorText(answer.error));
    }
    setResult(answer.value);
    onReturned(answer.value);
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!planned || mismatch) return;
    if (reason.trim() === '') return setProblem(t('return.badReason'));
    sent.current = {
      saleId: sale.id,
      returnId,
      lines: planned.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
      reason: reason.trim(),
      ...(chosen
        ? { allocation: chosen.map((c) => ({ paymentId: c.paymentId, amount: c.amount ?? 0 })) }
        : {}),
    };
    await send(sent.current);
  };

  const settled = result !== null && result.refunds.every((r) => r.state === 'refunded');
  const previewProblem =
    !proportional.ok && !proportional.empty
      ? errorText(proportional.error)
      : manual && !manual.ok && !manual.empty
        ? errorText(manual.error)
        : '';
  return (
    <Dialog
      title={t('return.title', { number: sale.number ?? '' })}
      onClose={onClose}
      className="return-dialog"
    >
      <form onSubmit={(event) => void onSubmit(event)}>
        <table className="return-lines">
          <caption className="visually-hidden">{t('return.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('return.item')}</th>
              <th scope="col">{t('return.sold')}</th>
              <th scope="col">{t('return.returned')}</th>
              <th scope="col">{t('return.quantityColumn')}</th>
              <th scope="col">{t('return.refundColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((item) => (
              <ReturnLineRow
                key={item.line.id}
                item={item}
                quantity={quantities[item.line.id] ?? 0}
                amount={planned?.lines.find((l) => l.lineId === item.line.id)?.amount ?? null}
                currency={currency}
                disabled={locked}
                onQuantity={(q) => setQuantity(item.line.id, q)}
              />
            ))}
          </tbody>
        </table>
        <div className="field">
          <label htmlFor={reasonId}>{t('return.reason')}</label>
          <input
            id={reasonId}
            autoComplete="off"
            maxLength={200}
            placeholder={t('return.reasonHint')}
            value={reason}
            disabled={locked}
            onChange={(event) => {
              setReason(event.target.value);
              setProblem('');
            }}
          />
        </div>
        <dl className="return-preview">
          <Amount label={t('return.amount')} className="grand-total">
            {cash(planned?.amount ?? 0)}
          </Amount>
        </dl>
        {sale.payments.length > 1 && (
          <div role="group" aria-label={t('return.tenders')} className="return-tenders">
            <p>{t('return.tenders')}</p>
            {!choose ? (
              <dl>
                {sale.payments.map((p) => (
                  <Amount key={p.id} label={tenderName(p, t)}>
                    {cash(planned?.tenders.find((s) => s.paymentId === p.id)?.amount ?? 0)}
                  </Amount>
                ))}
              </dl>
            ) : (
              sale.payments.map((p) => (
                <div className="field" key={p.id}>
                  <label>
                    {t('return.splitAmount', { tender: tenderName(p, t) })}
                    <input
                      inputMode="decimal"
                      autoComplete="off"
                      value={split[p.id] ?? ''}
                      disabled={locked}
                      onChange={(event) => setSplit((before) => ({ ...before, [p.id]: event.target.value }))}
                    />
                  </label>
                </div>
              ))
            )}
            <label className="return-choose">
              <input
                type="checkbox"
                checked={choose}
                disabled={locked}
                onChange={(event) => toggleSplit(event.target.checked)}
              />
              {t('return.chooseSplit')}
            </label>
          </div>
        )}
        {mismatch && proportional.ok && (
          <p role="alert">
            {t('return.splitMismatch', {
              allocated: cash(allocated),
              amount: cash(proportional.preview.amount),
              difference: cash(Math.abs(proportional.preview.amount - allocated)),
            })}
          </p>
        )}
        {previewProblem && <p role="alert">{previewProblem}</p>}
        {problem && <p role="alert">{problem}</p>}
        {result && <ReturnOutcome result={result} />}
        <div className="dialog-actions">
          {result === null ? (
            <>
              <button type="button" className="button-quiet" onClick={onClose}>
                {t('return.keep')}
              </button>
              <button type="submit" className="button-danger" disabled={busy || !planned || mismatch}>
                {busy ? t('return.working') : t('return.confirm')}
              </button>
            </>
          ) : (
            <>
              {!settled && sent.current && (
                <button
                  type="button"
                  className="button-danger"
                  disabled={busy}
                  onClick={() => sent.current && void send(sent.current)}
                >
                  {busy ? t('return.working') : t('return.tryAgain')}
                </button>
              )}
              <button type="button" className="button-primary" autoFocus onClick={onClose}>
                {t('dialog.close')}
              </button>
            </>
          )}
        </div>
      </form>
    </Dialog>
  );
}
