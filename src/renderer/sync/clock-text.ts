/**
 * When something happened, as short as the status bar needs: the time of day for today ("10:42"), with the
 * date for any other day ("Nov 30, 10:42"), so "synced 10:42" never means yesterday's 10:42. `timeZone` is
 * for tests; the till shows its own zone.
 */
export function clockText(iso: string, nowMs: number, locale: string, timeZone?: string): string {
  const at = new Date(iso);
  const zone = timeZone === undefined ? {} : { timeZone };
  const day = new Intl.DateTimeFormat('en-CA', {
    ...zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const sameDay = day.format(at) === day.format(new Date(nowMs));
  const format = new Intl.DateTimeFormat(locale, {
    ...zone,
    ...(sameDay ? {} : { month: 'short', day: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  });
  return format.format(at);
}
