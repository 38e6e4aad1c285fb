import type { SyncHealthDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import type { Translate } from '../i18n/translate.js';

export interface SyncNowOutcome {
  /** info: said politely; alert: the round did not get through */
  readonly tone: 'info' | 'alert';
  readonly text: string;
}

/** A hub's message may lack the full stop the catalog's messages end with. */
const sentence = (text: string) => (/[.!?。]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** What "Sync now" achieved, from the health sync.now answers after its round. */
export function syncNowOutcome(
  health: SyncHealthDto,
  t: Translate,
  error: (e: ApiError) => string,
): SyncNowOutcome {
  if (health.lastError !== null) {
    return {
      tone: 'alert',
      text: t('sync.nowFailed', { problem: sentence(error(health.lastError)), count: health.queued }),
    };
  }
  if (health.queued > 0) return { tone: 'info', text: t('sync.nowWaiting', { count: health.queued }) };
  if (health.parked > 0) return { tone: 'info', text: t('sync.nowParked', { count: health.parked }) };
  return { tone: 'info', text: t('sync.nowDone') };
}
