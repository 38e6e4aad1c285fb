import { useId } from 'react';
import type { SyncHealthDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useNow } from '../hooks/use-now.js';
import { formatDuration } from './duration-text.js';
import { agesTick, syncUrgency } from './sync-urgency.js';

interface SyncAlertProps {
  readonly sync: SyncHealthDto | null;
  /** opens the Sync screen; null on the Sync screen itself */
  readonly onOpen: (() => void) | null;
}

/**
 * Above every screen: the red bar (role="alert") once the oldest unsynced entry is past the merchant's age
 * limit, saying what the till does about it, and the amber one in the last quarter of the limit with the
 * time left. The amber one sits in a polite live container that is always in the page, so its arrival is
 * spoken without interrupting; the red one interrupts, as role="alert" does on insertion.
 */
export function SyncAlert({ sync, onOpen }: SyncAlertProps) {
  const { t } = useI18n();
  const now = useNow(1_000, agesTick(sync));
  const titleId = useId();
  const urgency = sync ? syncUrgency(sync, now) : ({ kind: 'fine' } as const);
  const limit = sync ? formatDuration(sync.ageLimitS * 1_000, t, 'second') : '';
  const refuses = sync?.pastLimit === 'refuse-non-cash';
  const open = onOpen && (
    <button type="button" onClick={onOpen}>
      {t('syncbar.open')}
    </button>
  );
  return (
    <>
      {urgency.kind === 'overdue' && (
        <div role="alert" aria-labelledby={titleId} className="sync-bar sync-overdue">
          <div className="sync-bar-text">
            <p id={titleId} className="sync-bar-title">
              {t('syncbar.overdue', { limit })}
            </p>
            <p>
              {refuses ? t('syncbar.overdueRefuse') : t('syncbar.overdueWarn')}{' '}
              {urgency.ageMs > 0 && t('syncbar.overdueAge', { age: formatDuration(urgency.ageMs, t) })}
            </p>
          </div>
          {open}
        </div>
      )}
      <div aria-live="polite" className="sync-bar-live">
        {urgency.kind === 'approaching' && (
          <section aria-labelledby={titleId} className="sync-bar sync-approaching">
            <div className="sync-bar-text">
              <p id={titleId} className="sync-bar-title">
                {t('syncbar.approaching', { age: formatDuration(urgency.ageMs, t), limit })}
              </p>
              <p>
                {t(refuses ? 'syncbar.approachingRefuse' : 'syncbar.approachingWarn', {
                  left: formatDuration(urgency.leftMs, t),
                })}
              </p>
            </div>
            {open}
          </section>
        )}
      </div>
    </>
  );
}
