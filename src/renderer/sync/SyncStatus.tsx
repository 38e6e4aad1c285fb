import type { SyncHealthDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useNow } from '../hooks/use-now.js';
import { clockText } from './clock-text.js';
import { formatDuration } from './duration-text.js';
import { agesTick } from './sync-urgency.js';

/**
 * The status bar's sync items: the hub (online, offline, not connected), what waits and since when, the
 * last successful sync, anything parked. A polite live list named "Sync": its ages change at most once a
 * minute, so a screen reader hears the changes that matter, not a ticking clock. (Not role="status": the
 * cashier screen's one status region carries its messages, and stays the only one.)
 */
export function SyncStatus({ sync }: { readonly sync: SyncHealthDto }) {
  const { t, formatLocale } = useI18n();
  const now = useNow(1_000, agesTick(sync));
  const hub = sync.enrolled ? sync.network : 'none';
  return (
    <ul aria-label={t('status.sync')} aria-live="polite" className="status-items sync-items">
      <li className={`network network-${hub}`}>{t(`status.hub.${hub}`)}</li>
      <li className="queued">{t('status.queued', { count: sync.queued })}</li>
      {sync.oldestQueuedAt !== null && (
        <li className="oldest">
          {t('status.oldest', { age: formatDuration(now - Date.parse(sync.oldestQueuedAt), t) })}
        </li>
      )}
      {sync.enrolled && (
        <li className="synced">
          {sync.lastSyncAt === null
            ? t('status.syncedNever')
            : t('status.synced', { time: clockText(sync.lastSyncAt, now, formatLocale) })}
        </li>
      )}
      {sync.parked > 0 && <li className="parked">{t('status.parked', { count: sync.parked })}</li>}
    </ul>
  );
}
