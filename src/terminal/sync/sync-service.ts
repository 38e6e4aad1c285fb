import type { BackoffPolicy } from '../../core/backoff.js';
import type { Log } from '../../shared/log.js';
import { TillpointError } from '../../core/errors.js';
import type { Handlers } from '../../shared/contract.js';
import type { OutboxEntryDto, SyncHealthDto } from '../../shared/dto.js';
import type { CatalogChange } from '../../shared/hub-api.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { createSyncStore } from '../store/sync-store.js';
import { dirname } from 'node:path';
import { normalizePairingCode, pairingCodeOf, splitEnrollCode } from '../../shared/hub-pairing.js';
import { createHubClient, type HubClient, type HubCredentials } from './hub-client.js';
import { enrollKey } from './enroll-key.js';
import { createSyncClient } from './sync-client.js';
import { journalHeadForHub } from './journal-head.js';

/** The merchant's rule on unsynced sales (src/core/offline-policy.ts holds the whole policy). */
export interface OverduePolicy {
  readonly ageLimitS: number;
  readonly pastLimit: 'warn' | 'refuse-non-cash';
}

export interface SyncDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly terminalName: () => string;
  readonly now: () => Date;
  readonly log: Log;
  readonly statusChanged: () => void;
  readonly reconnected: () => void;
  readonly applyCatalog: (changes: readonly CatalogChange[]) => void;
  readonly catalogChanged: () => void;
  readonly hubStaffPresent?: () => boolean;
  /** after a good round (the till's offline codes ask how they settled) */
  readonly afterRound?: (hub: HubClient, credentials: HubCredentials) => Promise<void>;
  readonly overduePolicy: () => OverduePolicy;
  /** seals the hub link's secret in SQLite */
  readonly secretBox: SecretBox;
  readonly random?: () => number;
  readonly hubTimeoutMs?: number;
  readonly idleIntervalMs?: number;
  readonly maxItems?: number;
  readonly maxBytes?: number;
  readonly backoff?: BackoffPolicy;
  readonly concurrency?: number;
}

type SyncMethod = 'sync.status' | 'sync.entries' | 'sync.now' | 'sync.retry' | 'sync.resolve' | 'sync.enroll';

/** The terminal's sync: the client in the background, its health for the status bar, the Sync screen's calls. */
export function createSync(deps: SyncDeps) {
  const { db, file } = deps;
  const store = createSyncStore(db, deps.secretBox);
  const hub = createHubClient({
    now: deps.now,
    log: deps.log,
    ...(deps.hubTimeoutMs ? { timeoutMs: deps.hubTimeoutMs } : {}),
  });
  const client = createSyncClient({
    db,
    file,
    store,
    hub,
    terminalName: deps.terminalName,
    now: deps.now,
    random: deps.random ?? Math.random,
    log: deps.log,
    changed: deps.statusChanged,
    reconnected: deps.reconnected,
    applyCatalog: deps.applyCatalog,
    catalogChanged: deps.catalogChanged,
    journalHead: (checkSeq) => journalHeadForHub(db, deps.secretBox, checkSeq),
    ...(deps.hubStaffPresent ? { hubStaffPresent: deps.hubStaffPresent } : {}),
    ...(deps.afterRound ? { afterRound: deps.afterRound } : {}),
    ...(deps.maxItems ? { maxItems: deps.maxItems } : {}),
    ...(deps.maxBytes ? { maxBytes: deps.maxBytes } : {}),
    ...(deps.idleIntervalMs ? { idleIntervalMs: deps.idleIntervalMs } : {}),
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
    ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
  });
  /** start() ran: the rounds and the overdue watch run in the background */
  let started = false;
  const read = <T>(fn: () => T): T => withStoreErrors(file, 'read', fn);
  const write = <T>(fn: () => T): T => withStoreErrors(file, 'sync', () => db.transaction(fn).immediate());

  function health(): SyncHealthDto {
    const link = read(() => store.link());
    const counts = read(() => store.counts());
    const policy = deps.overduePolicy();
    const oldest = counts.oldestUnsyncedAt;
    const overdue = oldest !== null && deps.now().getTime() - Date.parse(oldest) > policy.ageLimitS * 1_000;
    return {
      enrolled: link !== null,
      hubUrl: link?.hubUrl ?? null,
      network: link?.network ?? 'unknown',
      queued: counts.queued,
      parked: counts.parked,
      oldestQueuedAt: oldest,
      lastSyncAt: link?.lastSyncAt ?? null,
      nextAttemptAt: link?.nextAttemptAt ?? null,
      // a secret the till cannot open stops every request: that, not the last network error, is the news
      lastError: link?.secretProblem ?? link?.lastError ?? null,
      ageLimitS: policy.ageLimitS,
      overdue,
      pastLimit: policy.pastLimit,
      unfinishedPayments: counts.unfinishedPayments,
      pendingRefunds: counts.pendingRefunds,
    };
  }

  function mustEntry(entryId: number): OutboxEntryDto {
    const entry = read(() => store.entry(entryId));
    if (!entry)
      throw new TillpointError('sync.entry_not_found', 'That queue entry is not on this till.', { entryId });
    return entry;
  }

  function parkedOnly(entryId: number, change: () => boolean): OutboxEntryDto {
    const before = mustEntry(entryId);
    if (!write(change)) {
      throw new TillpointError(
        'sync.not_parked',
        'Only an entry the hub refused can be retried or resolved.',
        { entryId, state: before.state },
      );
    }
    deps.statusChanged();
    return mustEntry(entryId);
  }

  /**
   * Enrolls with a hub. Over https with a pairing code (given, or after a `/` in the enrollment code) the
   * hub's certificate must give that code, and its fingerprint is pinned for every later call; over https
   * without one the system's CAs judge it (a reverse proxy with a public certificate); plain http only to
   * this machine. A till enrolled with another hub (another address or certificate) moves only when
   * `repoint` is given (the contract asks hub.repoint for it; the CLI's --repoint on the till's machine).
   */
  async function enroll(
    hubUrl: string,
    given: string,
    options: { pairingCode?: string; repoint?: boolean } = {},
  ): Promise<SyncHealthDto> {
    const split = splitEnrollCode(given);
    const typedPairing = options.pairingCode ?? split.pairingCode;
    const url = new URL(hubUrl);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const loopback = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1';
    if (url.protocol !== 'https:' && !loopback) {
      throw new TillpointError(
        'sync.insecure_hub',
        `Enrolling over plain http is refused except to this machine (127.0.0.1 or ::1): ${hubUrl} would carry ` +
          "the till's secret in the clear. Use the hub's https:// address and its pairing code.",
        { hubUrl },
      );
    }
    let pin: string | null = null;
    if (url.protocol === 'https:' && typedPairing !== null) {
      const pairing = normalizePairingCode(typedPairing);
      if (pairing === null) {
        throw new TillpointError(
          'sync.pairing_code_invalid',
          'That pairing code is not valid: it has 20 letters and digits, as the hub prints it (ABCDE-FGHJK-MNPQR-STVWX).',
          { hubUrl },
        );
      }
      const probe = await hub.probeCertificate(hubUrl);
      if (probe.kind !== 'certificate') {
        throw new TillpointError(
          'sync.offline',
          `The hub at ${hubUrl} cannot be reached: ${probe.problem.message}`,
          {
            hubUrl,
            problem: probe.problem,
          },
        );
      }
      if (pairingCodeOf(probe.fingerprint256) !== pairing) {
        deps.log(`sync: the hub at ${hubUrl} shows a certificate whose pairing code is not the one given`, {
          fingerprint256: probe.fingerprint256,
        });
        throw new TillpointError(
          'sync.hub_pin_mismatch',
          `The hub at ${hubUrl} is not the one with pairing code ${pairing}: its certificate differs. Check the address and read the code off the hub again.`,
          { hubUrl, fingerprint256: probe.fingerprint256 },
        );
      }
      pin = probe.fingerprint256;
    }
    const current = read(() => store.link());
    if (pin === null && typedPairing === null && current?.hubUrl === hubUrl && current.hubPin !== null) {
      // enrolling again with the hub it is pinned to (a new code after store.secret_unreadable): the same pin
      pin = current.hubPin;
    }
    if (current && (current.hubUrl !== hubUrl || current.hubPin !== pin) && options.repoint !== true) {
      throw new TillpointError(
        'sync.repoint_unconfirmed',
        `This till is enrolled with ${current.hubUrl}; moving it to ${hubUrl} needs the confirmation to re-point it (and a manager).`,
        { enrolledWith: current.hubUrl, hubUrl },
      );
    }
    // made (and kept) before the first try, so a retry after a lost reply gets the same enrollment
    const key = enrollKey(dirname(file));
    const answer = await hub.enroll(hubUrl, split.code, deps.terminalName(), key, pin);
    if (answer.kind === 'offline' || answer.kind === 'busy') {
      throw new TillpointError(
        'sync.offline',
        `The hub at ${hubUrl} cannot be reached: ${answer.problem.message}`,
        {
          hubUrl,
          problem: answer.problem,
        },
      );
    }
    if (answer.kind !== 'ok') {
      throw new TillpointError(
        'sync.enroll_refused',
        `The hub refused the enrollment: ${answer.problem.message}`,
        {
          hubUrl,
          problem: answer.problem,
        },
      );
    }
    write(() =>
      store.saveLink(hubUrl, answer.value.terminalId, answer.value.secret, deps.now().toISOString(), pin),
    );
    deps.log(`sync: enrolled with ${hubUrl} as ${answer.value.terminalId}`, {
      pinned: pin !== null,
      ...(current && current.hubUrl !== hubUrl ? { repointedFrom: current.hubUrl } : {}),
    });
    // a till that runs syncs now; `tillpoint enroll` (nothing started) only saves the link
    if (started) client.start();
    deps.statusChanged();
    return health();
  }

  const handlers: Pick<Handlers, SyncMethod> = {
    'sync.status': () => health(),
    'sync.entries': ({ states, limit, beforeId }) =>
      read(() => store.entries(states, limit ?? 100, beforeId)),
    'sync.now': async () => {
      await client.runNow();
      return health();
    },
    'sync.retry': ({ entryId }) => {
      const entry = parkedOnly(entryId, () => store.retry(entryId));
      client.outboxChanged();
      return entry;
    },
    'sync.resolve': ({ entryId, note }) =>
      parkedOnly(entryId, () => store.resolve(entryId, note, deps.now().toISOString())),
    'sync.enroll': ({ hubUrl, code, pairingCode, repoint }) =>
      enroll(hubUrl, code, {
        ...(pairingCode === undefined ? {} : { pairingCode }),
        ...(repoint === undefined ? {} : { repoint }),
      }),
  };

  let overdueWatch: NodeJS.Timeout | null = null;
  /** The red bar must appear when the oldest unsynced entry crosses the limit, not at the next event. */
  function watchOverdue(): void {
    let lastOverdue = read(() => health().overdue);
    // look every 10 s and tell the transports when `overdue` flipped
    overdueWatch = setInterval(() => {
      try {
        const now = health().overdue;
        if (now !== lastOverdue) {
          lastOverdue = now;
          deps.statusChanged();
        }
      } catch (error) {
        deps.log('sync: reading the queue age failed', error);
      }
    }, 10_000);
    overdueWatch.unref?.();
  }

  return {
    handlers,
    health,
    enroll,
    client,
    store,
    /** Starts the background work: the sync rounds and the overdue watch. Once. */
    start: () => {
      if (started) return;
      started = true;
      // an older till kept the secret in plain text: sealed now, before anything is sent with it
      if (write(() => store.sealPlainSecret()))
        deps.log('sync: the hub link secret is now encrypted at rest');
      watchOverdue();
      client.start();
    },
    /** A new outbox row; before start() it waits for the first round. */
    outboxChanged: () => {
      if (started) client.outboxChanged();
    },
    close: () => {
      if (overdueWatch) clearInterval(overdueWatch);
      client.close();
    },
  };
}

export type Sync = ReturnType<typeof createSync>;
