import { describe, expect, it } from 'vitest';
import type { SyncHealthDto } from '../../shared/dto.js';
import { notEnrolledSync } from '../../shared/status-fixture.test-util.js';
import { en } from '../i18n/en.js';
import { createTranslator, errorText } from '../i18n/translate.js';
import { syncNowOutcome } from './sync-now-text.js';

const t = createTranslator(en);
const error = (e: { code: string; message: string }) => errorText(t, e);
const health = (over: Partial<SyncHealthDto> = {}): SyncHealthDto => ({
  ...notEnrolledSync,
  enrolled: true,
  hubUrl: 'http://127.0.0.1:8787',
  network: 'online',
  lastSyncAt: '2026-12-01T10:42:00.000Z',
  ...over,
});

describe('syncNowOutcome', () => {
  it('a round that emptied the queue', () => {
    expect(syncNowOutcome(health(), t, error)).toEqual({ tone: 'info', text: 'Synced: nothing is waiting.' });
  });
  it('parked entries are pointed out, entries still waiting counted', () => {
    expect(syncNowOutcome(health({ parked: 2 }), t, error).text).toBe(
      'Synced. 2 refused by the hub wait for a manager below.',
    );
    expect(syncNowOutcome(health({ queued: 4 }), t, error)).toEqual({
      tone: 'info',
      text: '4 entries still waiting; the till keeps sending.',
    });
  });
  it('an unreachable or busy hub is an alert with the reason in the catalog’s words', () => {
    const offline = health({
      network: 'offline',
      queued: 3,
      lastError: { code: 'sync.offline', message: 'connect ECONNREFUSED 127.0.0.1:8787' },
    });
    expect(syncNowOutcome(offline, t, error)).toEqual({
      tone: 'alert',
      text: `Not synced: ${en['error.sync.offline']} 3 waiting; the till keeps trying.`,
    });
    const busy = health({ queued: 1, lastError: { code: 'hub.unavailable', message: 'database down' } });
    // the hub's code is translated, not its English message shown
    expect(syncNowOutcome(busy, t, error).text).toBe(
      `Not synced: ${en['error.hub.unavailable']} 1 waiting; the till keeps trying.`,
    );
  });
});
