import type { StatusDto, SyncHealthDto } from './dto.js';

/** A till that never enrolled with a hub, as status.get answers on a fresh data folder (tests only). */
export const notEnrolledSync: SyncHealthDto = {
  enrolled: false,
  hubUrl: null,
  network: 'unknown',
  queued: 0,
  parked: 0,
  oldestQueuedAt: null,
  lastSyncAt: null,
  nextAttemptAt: null,
  lastError: null,
  ageLimitS: 86_400,
  overdue: false,
  pastLimit: 'warn',
  unfinishedPayments: 0,
  pendingRefunds: 0,
};

export const freshStatus = (terminalName = 'Till 1'): StatusDto => ({
  terminalName,
  network: 'unknown',
  outboxQueued: 0,
  nfc: 'off',
  sync: notEnrolledSync,
});
