import { useId } from 'react';
import type { ShiftStatusDto } from '../../shared/shift-dto.js';
import { useI18n } from '../hooks/i18n-context.js';

export type DrawerCount = ReadonlyMap<number, number>;

interface CountPadProps {
  readonly currency: string;
  readonly denominations: ShiftStatusDto['denominations'];
  readonly counts: DrawerCount;
  readonly onChange: (counts: DrawerCount) => void;
}

const maxCount = 99_999;

/** The count as the contract takes it: every row, zero included. */
export const countParam = (counts: DrawerCount) =>
  [...counts.entries()].map(([value, count]) => ({ value, count }));

export const countTotal = (counts: DrawerCount): number =>
  [...counts.entries()].reduce((sum, [value, count]) => sum + value * count, 0);

/**
 * One row per note and coin, largest first: − / the count / +, each 64 px high for a finger. The count is a
 * text box that takes the hardware keyboard's digits (and only digits), so a cashier can type 23 for a bundle.
 */
export function CountPad({ currency, denominations, counts, onChange }: CountPadProps) {
  const { t, money } = useI18n();
  const legendId = useId();
  const set = (value: number, count: number) => {
    const next = new Map(counts);
    next.set(value, Math.max(0, Math.min(maxCount, count)));
    onChange(next);
  };
  return (
    <fieldset className="count-pad" aria-labelledby={legendId}>
      <legend id={legendId}>{t('shift.count.legend')}</legend>
      {denominations.map((d) => {
        const denomination = money({ amount: d.value, currency });
        const count = counts.get(d.value) ?? 0;
        return (
          <div key={d.value} className={`count-row count-${d.kind}`}>
            <span className="count-denomination">{denomination}</span>
            <button
              type="button"
              aria-label={t('shift.count.less', { denomination })}
              onClick={() => set(d.value, count - 1)}
              disabled={count === 0}
            >
              −
            </button>
            <input
              type="text"
              inputMode="numeric"
              pattern="[0-9]*"
              aria-label={t('shift.count.countOf', { denomination })}
              value={String(count)}
              onFocus={(event) => event.currentTarget.select()}
              onChange={(event) => {
                const digits = event.currentTarget.value.replace(/\D/g, '');
                set(d.value, digits === '' ? 0 : Number(digits.slice(-5)));
              }}
            />
            <button
              type="button"
              aria-label={t('shift.count.more', { denomination })}
              onClick={() => set(d.value, count + 1)}
            >
              +
            </button>
          </div>
        );
      })}
      <p className="count-total" role="status">
        {t('shift.count.total', { amount: money({ amount: countTotal(counts), currency }) })}
      </p>
    </fieldset>
  );
}
