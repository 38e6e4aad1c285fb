import { useEffect, useId, useState } from 'react';
import type { SyncHealthDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useNow } from '../hooks/use-now.js';
import { clockText } from './clock-text.js';
import { formatDuration } from './duration-text.js';
import { EnrollForm } from './EnrollForm.js';
import { SyncEntries } from './SyncEntries.js';
import { syncNowOutcome } from './sync-now-text.js';
import { agesTick } from './sync-urgency.js';

interface SyncScreenProps {
  /** the last status.changed's sync health (null until the first status arrives) */
  readonly sync: SyncHealthDto | null;
  readonly onInform: (text: string) => void;
}

/**
 * The Sync screen (visible health): where the till stands with the hub, "Sync now", the outbox with
 * Retry and Resolve for what the hub refused, and "Connect to hub" while the till is not enrolled. Everything
 * follows status.changed, which the terminal emits after every round, sale, retry and resolve.
 */
export function SyncScreen({ sync, onInform }: SyncScreenProps) {
  const api = useApi();
  const { t, formatLocale, error: errorText } = useI18n();
  const now = useNow(1_000, agesTick(sync));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const titleId = useId();

  // A failed "Sync now" stops being news once a later round got through.
  const healthy = sync !== null && sync.lastError === null;
  useEffect(() => {
    if (healthy) setProblem('');
  }, [healthy, sync]);

  const syncNow = async () => {
    setBusy(true);
    setProblem('');
    const result = await api['sync.now']({});
    setBusy(false);
    if (!result.ok) return setProblem(errorText(result.error));
    const outcome = syncNowOutcome(result.value, t, errorText);
    if (outcome.tone === 'alert') setProblem(outcome.text);
    else onInform(outcome.text);
  };

  const when = (iso: string) => clockText(iso, now, formatLocale);
  const next = sync?.nextAttemptAt ? Date.parse(sync.nextAttemptAt) - now : null;

  return (
    <div className="sync-screen">
      <div className="sync-side">
        {/* Not enrolled: connecting is what this screen is for, so the form comes first. */}
        {sync !== null && !sync.enrolled && <EnrollForm onInform={onInform} />}
        <section aria-labelledby={titleId} className="sync-health">
          <h2 id={titleId}>{t('sync.title')}</h2>
          {sync === null ? (
            <p className="empty">{t('sync.entries.loading')}</p>
          ) : (
            <>
              <dl aria-label={t('sync.health')} className="sync-figures">
                <Amount label={t('sync.hub')}>{sync.hubUrl ?? t('status.hub.none')}</Amount>
                {sync.enrolled && (
                  <Amount label={t('sync.connection')}>
                    <span className={`network network-${sync.network}`}>
                      {t(`sync.connection.${sync.network}`)}
                    </span>
                  </Amount>
                )}
                <Amount label={t('sync.queued')}>{sync.queued}</Amount>
                {/* only a hub parks an entry */}
                {sync.enrolled && <Amount label={t('sync.parked')}>{sync.parked}</Amount>}
                <Amount label={t('sync.oldest')}>
                  {sync.oldestQueuedAt === null
                    ? t('sync.none')
                    : t('sync.oldestValue', {
                        time: when(sync.oldestQueuedAt),
                        age: formatDuration(now - Date.parse(sync.oldestQueuedAt), t),
                      })}
                </Amount>
                {sync.enrolled && (
                  <Amount label={t('sync.lastSync')}>
                    {sync.lastSyncAt === null ? t('sync.never') : when(sync.lastSyncAt)}
                  </Amount>
                )}
                {sync.enrolled && sync.queued > 0 && next !== null && next > 0 && (
                  <Amount label={t('sync.nextAttempt')}>
                    {t('sync.nextAttemptIn', { left: formatDuration(next, t) })}
                  </Amount>
                )}
                {sync.lastError && <Amount label={t('sync.lastError')}>{errorText(sync.lastError)}</Amount>}
                <Amount label={t('sync.limit')}>
                  {t(`sync.limit.${sync.pastLimit}`, {
                    limit: formatDuration(sync.ageLimitS * 1_000, t, 'second'),
                  })}
                </Amount>
              </dl>
              {sync.enrolled && (
                <button
                  type="button"
                  className="button-primary"
                  disabled={busy}
                  onClick={() => void syncNow()}
                >
                  {busy ? t('sync.syncing') : t('sync.now')}
                </button>
              )}
              {problem && <p role="alert">{problem}</p>}
            </>
          )}
        </section>
      </div>
      <SyncEntries refreshKey={sync} onInform={onInform} />
    </div>
  );
}
