import type { SyncHealthDto } from '../../shared/dto.js';

/**
 * How close the oldest unsynced entry is to the merchant's age limit: the red bar (overdue), the amber one
 * (approaching, with the time left), or nothing.
 */
export type SyncUrgency =
  | { readonly kind: 'fine' }
  | { readonly kind: 'approaching'; readonly ageMs: number; readonly leftMs: number }
  | { readonly kind: 'overdue'; readonly ageMs: number };

/** The amber warning shows for the last quarter of the limit: the last 6 h of the default 24 h. */
export const APPROACHING_SHARE = 0.25;

/**
 * The terminal decides `overdue` when it answers, but nothing tells the screen when the oldest entry
 * crosses the limit later; so the screen also works it out from `oldestQueuedAt` against its own clock
 * (the same machine's clock: the host serves 127.0.0.1 only). The terminal's `overdue` always wins.
 */
export function syncUrgency(health: SyncHealthDto, nowMs: number): SyncUrgency {
  const oldest = health.oldestQueuedAt === null ? null : Date.parse(health.oldestQueuedAt);
  const ageMs = oldest === null ? 0 : Math.max(0, nowMs - oldest);
  const limitMs = health.ageLimitS * 1_000;
  // same comparison as the terminal (sync-service.ts): older than the limit, not equal to it
  if (health.overdue || (oldest !== null && ageMs > limitMs)) return { kind: 'overdue', ageMs };
  if (oldest === null) return { kind: 'fine' };
  const leftMs = limitMs - ageMs;
  if (leftMs <= limitMs * APPROACHING_SHARE) return { kind: 'approaching', ageMs, leftMs };
  return { kind: 'fine' };
}

/** Whether a status bar or banner showing ages needs a clock ticking: only while something waits. */
export const agesTick = (health: SyncHealthDto | null | undefined): boolean =>
  health?.oldestQueuedAt != null || health?.nextAttemptAt != null;
