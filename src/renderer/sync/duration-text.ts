import type { Translate } from '../i18n/translate.js';

/**
 * How precise a duration is on screen. `minute`: an age or a countdown that ticks (nothing finer than a
 * minute, so a live region does not speak every second); `second`: a configured limit, said exactly.
 */
export type DurationPrecision = 'minute' | 'second';

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;
/** Below two days a duration is said in hours ("30 h 5 min"), which is how a 24 h limit is thought of. */
const DAYS_FROM = 2 * DAY;

type Unit = 'd' | 'h' | 'min' | 's';

/**
 * A duration in its two largest units, cut (never rounded up, so an age never runs ahead of the clock):
 * 125 min is "2 h 5 min", 3 d 4 h 10 min is "3 d 4 h", 2 h 0 min is "2 h". With `minute` precision anything
 * under a minute is "under 1 min"; with `second`, 90 s is "1 min 30 s". Negative durations count as zero.
 */
export function formatDuration(ms: number, t: Translate, precision: DurationPrecision = 'minute'): string {
  const total = Math.max(0, Math.floor(ms / 1_000));
  if (precision === 'minute' && total < MINUTE) return t('duration.underMinute');
  const days = total >= DAYS_FROM ? Math.floor(total / DAY) : 0;
  const rest = total - days * DAY;
  const all: [Unit, number][] = [
    ['d', days],
    ['h', Math.floor(rest / HOUR)],
    ['min', Math.floor((rest % HOUR) / MINUTE)],
    ['s', rest % MINUTE],
  ];
  const units = precision === 'minute' ? all.slice(0, 3) : all;
  const first = units.findIndex(([, n]) => n > 0);
  if (first === -1) return t('duration.s', { n: 0 });
  const [unit, n] = units[first]!;
  const text = t(`duration.${unit}`, { n });
  const next = units[first + 1];
  if (!next || next[1] === 0) return text;
  return t('duration.pair', { first: text, second: t(`duration.${next[0]}`, { n: next[1] }) });
}
