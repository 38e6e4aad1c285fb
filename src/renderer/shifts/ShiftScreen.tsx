import { useCallback, useEffect, useId, useState } from 'react';
import { parseDecimal } from '../../core/money.js';
import type { ShiftReportWithChartsDto, ShiftStatusDto, ShiftSummaryDto } from '../../shared/shift-dto.js';
import type { ApiError } from '../../shared/result.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { CountPad, countParam, type DrawerCount } from './CountPad.js';
import { ShiftReportView } from './ShiftReportView.js';
import './shifts.css';

type View =
  | { readonly kind: 'main' }
  | { readonly kind: 'close' }
  | { readonly kind: 'report'; readonly value: ShiftReportWithChartsDto };
type Move = 'in' | 'out' | null;

const emptyCount = (status: ShiftStatusDto): DrawerCount =>
  new Map(status.denominations.map((d) => [d.value, 0]));

/** Cash in or out: an amount and a reason. */
function CashMoveDialog({
  kind,
  currency,
  onDone,
  onClose,
}: {
  readonly kind: 'in' | 'out';
  readonly currency: string;
  readonly onDone: (message: string) => void;
  readonly onClose: () => void;
}) {
  const api = useApi();
  const { t, money, error: errorText } = useI18n();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const amountId = useId();
  const reasonId = useId();
  const submit = async () => {
    let minor: number;
    try {
      minor = parseDecimal(amount.trim(), currency).amount;
    } catch {
      minor = 0;
    }
    if (minor <= 0) {
      setProblem(t('shift.amountInvalid'));
      return;
    }
    const result = await api['shift.cashMove']({ kind, amount: minor, reason });
    if (!result.ok) {
      setProblem(errorText(result.error));
      return;
    }
    const shown = money({ amount: minor, currency });
    onDone(t(kind === 'in' ? 'shift.cashInDone' : 'shift.cashOutDone', { amount: shown }));
  };
  return (
    <Dialog title={t(kind === 'in' ? 'shift.cashIn' : 'shift.cashOut')} onClose={onClose}>
      <form
        className="cash-move"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={amountId}>{t('shift.amount')}</label>
        <input
          id={amountId}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
        />
        <label htmlFor={reasonId}>{t('shift.reason')}</label>
        <input
          id={reasonId}
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {problem && <p role="alert">{problem}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('shift.cancel')}
          </button>
          <button type="submit" className="button-primary" disabled={reason.trim() === ''}>
            {t('shift.record')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The Shift screen: open a shift with the float counted, cash in and out, no-sale, the X report, and the
 * close with a blind count (the expected cash appears only in the Z report, or in the variance question
 * when the count is off by more than shift.json allows). Closed shifts' Z reports can be read again.
 */
export function ShiftScreen({ onInform }: { readonly onInform: (message: string) => void }) {
  const api = useApi();
  const { t, money, dateTime, error: errorText } = useI18n();
  const [status, setStatus] = useState<ShiftStatusDto | null>(null);
  const [closed, setClosed] = useState<ShiftSummaryDto[]>([]);
  const [view, setView] = useState<View>({ kind: 'main' });
  const [counts, setCounts] = useState<DrawerCount>(new Map());
  const [move, setMove] = useState<Move>(null);
  const [note, setNote] = useState('');
  const [varianceAsk, setVarianceAsk] = useState<number | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const noteId = useId();

  const load = useCallback(async () => {
    const [s, list] = await Promise.all([api['shift.status']({}), api['shift.list']({ limit: 20 })]);
    if (s.ok) {
      setStatus(s.value);
      setCounts(emptyCount(s.value));
    } else setProblem(errorText(s.error));
    if (list.ok) setClosed(list.value);
  }, [api, errorText]);
  useEffect(() => void load(), [load]);

  const fail = (error: ApiError) => setProblem(errorText(error));
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setProblem('');
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };

  if (!status) return <section className="shift-screen">{problem && <p role="alert">{problem}</p>}</section>;
  const currency = status.currency;
  const m = (amount: number) => money({ amount, currency });

  const openShift = () =>
    run(async () => {
      const result = await api['shift.open']({ count: countParam(counts) });
      if (!result.ok) return fail(result.error);
      setStatus(result.value);
      setCounts(emptyCount(result.value));
      onInform(t('shift.opened', { amount: m(result.value.open?.openingFloat ?? 0) }));
    });
  const noSale = () =>
    run(async () => {
      const result = await api['shift.noSale']({});
      if (!result.ok) return fail(result.error);
      onInform(t('shift.noSaleDone'));
    });
  const xReport = () =>
    run(async () => {
      const result = await api['shift.xReport']({});
      if (!result.ok) return fail(result.error);
      setView({ kind: 'report', value: result.value });
    });
  const closeShift = () =>
    run(async () => {
      const result = await api['shift.close']({ count: countParam(counts), note: note.trim() || null });
      if (!result.ok) {
        if (result.error.code === 'shift.note_required') {
          const details = result.error.details as { variance?: number } | undefined;
          setVarianceAsk(details?.variance ?? 0);
          return;
        }
        return fail(result.error);
      }
      setVarianceAsk(null);
      setNote('');
      onInform(t('shift.closed', { number: result.value.report.close?.zNumber ?? '' }));
      setView({ kind: 'report', value: result.value });
      await load();
    });
  /** the X report of the open shift, or a closed shift's Z again (the printer marks it a duplicate) */
  const printReport = (report: ShiftReportWithChartsDto['report']) =>
    run(async () => {
      const result = await api['shift.print'](report.close ? { shiftId: report.shiftId } : {});
      if (!result.ok) return fail(result.error);
      onInform(t('report.printSent'));
    });
  const readZ = (shiftId: string) =>
    run(async () => {
      const result = await api['shift.get']({ shiftId });
      if (!result.ok) return fail(result.error);
      setView({ kind: 'report', value: result.value });
    });

  if (view.kind === 'report') {
    return (
      <section className="shift-screen" aria-label={t('shift.title')}>
        <div className="shift-actions">
          <button type="button" onClick={() => setView({ kind: 'main' })}>
            {t('shift.back')}
          </button>
          <button type="button" onClick={() => window.print()}>
            {t('report.print')}
          </button>
          <button type="button" disabled={busy} onClick={() => void printReport(view.value.report)}>
            {t(view.value.report.close ? 'report.printZ' : 'report.printX')}
          </button>
        </div>
        {problem && <p role="alert">{problem}</p>}
        <ShiftReportView value={view.value} />
      </section>
    );
  }

  return (
    <section className="shift-screen" aria-label={t('shift.title')}>
      <h2>{t('shift.title')}</h2>
      {problem && <p role="alert">{problem}</p>}
      {status.open === null ? (
        <>
          <p>{t('shift.none')}</p>
          {status.required && <p>{t('shift.required')}</p>}
          <h3>{t('shift.openTitle')}</h3>
          <p>{t('shift.openPrompt')}</p>
          <CountPad
            currency={currency}
            denominations={status.denominations}
            counts={counts}
            onChange={setCounts}
          />
          <button type="button" className="button-primary" disabled={busy} onClick={() => void openShift()}>
            {t('shift.openButton')}
          </button>
        </>
      ) : view.kind === 'close' ? (
        <>
          <h3>{t('shift.closeTitle')}</h3>
          <p>{t('shift.closePrompt')}</p>
          <CountPad
            currency={currency}
            denominations={status.denominations}
            counts={counts}
            onChange={setCounts}
          />
          {varianceAsk !== null && <p role="alert">{t('shift.varianceAsk', { variance: m(varianceAsk) })}</p>}
          {varianceAsk !== null && (
            <div className="shift-note">
              <label htmlFor={noteId}>{t('shift.note')}</label>
              <textarea
                id={noteId}
                value={note}
                maxLength={500}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
            </div>
          )}
          <div className="shift-actions">
            <button type="button" onClick={() => setView({ kind: 'main' })}>
              {t('shift.cancel')}
            </button>
            <button
              type="button"
              className="button-primary"
              disabled={busy}
              onClick={() => void closeShift()}
            >
              {t('shift.closeButton')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{t('shift.openSince', { time: dateTime(status.open.openedAt) })}</p>
          {status.open.openedBy && <p>{t('shift.openedBy', { name: status.open.openedBy.name })}</p>}
          <p>{t('shift.float', { amount: m(status.open.openingFloat) })}</p>
          <div className="shift-actions">
            <button type="button" onClick={() => setMove('in')}>
              {t('shift.cashIn')}
            </button>
            <button type="button" onClick={() => setMove('out')}>
              {t('shift.cashOut')}
            </button>
            <button type="button" disabled={busy} onClick={() => void noSale()}>
              {t('shift.noSale')}
            </button>
            <button type="button" disabled={busy} onClick={() => void xReport()}>
              {t('shift.xReport')}
            </button>
            <button
              type="button"
              className="button-primary"
              onClick={() => {
                setCounts(emptyCount(status));
                setVarianceAsk(null);
                setView({ kind: 'close' });
              }}
            >
              {t('shift.closeTitle')}
            </button>
          </div>
        </>
      )}
      <h3>{t('shift.history')}</h3>
      {closed.length === 0 ? (
        <p>{t('shift.historyEmpty')}</p>
      ) : (
        <ul className="shift-history">
          {closed.map((s) => (
            <li key={s.shiftId}>
              <button type="button" onClick={() => void readZ(s.shiftId)}>
                {t('shift.read', { number: s.zNumber, time: dateTime(s.closedAt) })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {move && (
        <CashMoveDialog
          kind={move}
          currency={currency}
          onClose={() => setMove(null)}
          onDone={(message) => {
            setMove(null);
            onInform(message);
          }}
        />
      )}
    </section>
  );
}
