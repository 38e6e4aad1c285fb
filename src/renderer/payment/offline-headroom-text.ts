import type { MoneyDto, OfflineHeadroomDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import type { Translate } from '../i18n/translate.js';

/** "2 h 10 min", "45 min", "under a minute": whole minutes, rounded down like the terminal's seconds. */
export function durationText(seconds: number, t: Translate): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return t('offline.underAMinute');
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('offline.minutes', { m });
  return m === 0 ? t('offline.hours', { h }) : t('offline.hoursMinutes', { h, m });
}

export interface OfflineHeadroomText {
  /** the tender's name as the cashier knows it from its button */
  readonly tender: string;
  /** "Card balance offline: 3 more sales, up to ¥50.00, 2 h 10 min left", or why the tender is refused */
  readonly text: string;
}

/**
 * What the cashier reads about a tender's offline limits before picking it: what is
 * left, or why it is refused now. Null when there is nothing to say (no limit, nothing counting down).
 */
export function offlineHeadroomText(
  headroom: OfflineHeadroomDto,
  t: Translate,
  money: (m: MoneyDto) => string,
  error: (e: ApiError) => string,
): OfflineHeadroomText | null {
  const tender = t(`offline.tender.${headroom.tender}`);
  if (!headroom.allowed && headroom.refusal) {
    return { tender, text: t('offline.refused', { tender, reason: error(headroom.refusal) }) };
  }
  if (!headroom.limited) return null;
  const parts: string[] = [];
  if (headroom.countLeft !== null) {
    parts.push(
      headroom.countLeft === 1
        ? t('offline.oneMoreSale')
        : t('offline.moreSales', { count: headroom.countLeft }),
    );
  }
  if (headroom.amountLeft !== null) parts.push(t('offline.upTo', { amount: money(headroom.amountLeft) }));
  if (headroom.secondsLeft !== null) {
    parts.push(t('offline.timeLeft', { time: durationText(headroom.secondsLeft, t) }));
  }
  if (parts.length === 0) return null;
  return { tender, text: t('offline.headroom', { tender, parts: parts.join(', ') }) };
}
