import { describe, expect, it } from 'vitest';
import type { SyncHealthDto } from '../../shared/dto.js';
import { notEnrolledSync } from '../../shared/status-fixture.test-util.js';
import { agesTick, syncUrgency } from './sync-urgency.js';

const now = Date.parse('2026-12-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const HOUR = 3_600_000;

const health = (over: Partial<SyncHealthDto> = {}): SyncHealthDto => ({
  ...notEnrolledSync,
  enrolled: true,
  hubUrl: 'http://127.0.0.1:8787',
  network: 'online',
  ...over,
});

describe('syncUrgency', () => {
  it('nothing waiting is fine', () => {
    expect(syncUrgency(health(), now)).toEqual({ kind: 'fine' });
  });
  it('fine while the oldest is younger than three quarters of the limit', () => {
    expect(syncUrgency(health({ queued: 3, oldestQueuedAt: ago(17 * HOUR) }), now)).toEqual({ kind: 'fine' });
  });
  it('approaching in the last quarter, with the time left', () => {
    expect(syncUrgency(health({ queued: 3, oldestQueuedAt: ago(18 * HOUR) }), now)).toEqual({
      kind: 'approaching',
      ageMs: 18 * HOUR,
      leftMs: 6 * HOUR,
    });
    expect(syncUrgency(health({ queued: 1, oldestQueuedAt: ago(24 * HOUR) }), now)).toMatchObject({
      kind: 'approaching',
      leftMs: 0,
    });
  });
  it('overdue once older than the limit, by the screen’s clock, before the terminal says so', () => {
    expect(syncUrgency(health({ queued: 1, oldestQueuedAt: ago(24 * HOUR + 1) }), now)).toEqual({
      kind: 'overdue',
      ageMs: 24 * HOUR + 1,
    });
  });
  it('the terminal’s overdue wins over the screen’s clock', () => {
    expect(syncUrgency(health({ queued: 1, oldestQueuedAt: ago(HOUR), overdue: true }), now)).toMatchObject({
      kind: 'overdue',
    });
  });
  it('an oldest entry in the future (clocks apart) counts as just made', () => {
    expect(syncUrgency(health({ queued: 1, oldestQueuedAt: ago(-HOUR) }), now)).toEqual({ kind: 'fine' });
  });
  it('a short limit (60 s) warns from 45 s on', () => {
    const short = { ageLimitS: 60, queued: 1 };
    expect(syncUrgency(health({ ...short, oldestQueuedAt: ago(44_000) }), now).kind).toBe('fine');
    expect(syncUrgency(health({ ...short, oldestQueuedAt: ago(45_000) }), now).kind).toBe('approaching');
    expect(syncUrgency(health({ ...short, oldestQueuedAt: ago(61_000) }), now).kind).toBe('overdue');
  });
});

describe('agesTick', () => {
  it('ticks only while something waits or a next try is due', () => {
    expect(agesTick(null)).toBe(false);
    expect(agesTick(health())).toBe(false);
    expect(agesTick(health({ oldestQueuedAt: ago(1) }))).toBe(true);
    expect(agesTick(health({ nextAttemptAt: ago(-1) }))).toBe(true);
  });
});
