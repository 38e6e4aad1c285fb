import { failuresAfterRound, nextBackoffMs, syncBackoff, type BackoffPolicy } from '../../core/backoff.js';
import { logAt, type Log } from '../../shared/log.js';
import { isErrorCode, TillpointError } from '../../core/errors.js';
import { packBatch } from '../../core/outbox-batch.js';
import type { ProblemDto } from '../../shared/dto.js';
import {
  hubMaxBatchItems,
  hubMaxBodyBytes,
  hubMaxCatalogPage,
  type CatalogChange,
  type ItemResult,
} from '../../shared/hub-api.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { HubLink, QueuedEntry, SyncStore } from '../store/sync-store.js';
import { secretUnreadable } from '../secrets/secret-box.js';
import type { HubAnswer, HubClient, HubCredentials } from './hub-client.js';
import { openStaffKey } from './staff-key.js';
import { journalHeadReserveBytes } from './journal-head.js';

export interface SyncClientDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: SyncStore;
  readonly hub: HubClient;
  readonly terminalName: () => string;
  readonly now: () => Date;
  /** [0, 1): Math.random in the till, seeded in tests */
  readonly random: () => number;
  readonly log: Log;
  /** after every round that changed what the status bar shows */
  readonly changed: () => void;
  /** the hub answered after it had not (reconnected): unfinished payments are settled now */
  readonly reconnected: () => void;
  /** applies one page of catalog changes inside the transaction that also saves the cursor */
  readonly applyCatalog: (changes: readonly CatalogChange[]) => void;
  /** after a committed catalog page (the terminal rebuilds its search index) */
  readonly catalogChanged: () => void;
  /** the till holds staff the hub published (then it needs the hub's staff key to check their PINs) */
  readonly hubStaffPresent?: () => boolean;
  /** after a good round: asks the hub how the till's unsettled offline codes settled (src/terminal/offline-codes) */
  readonly afterRound?: (hub: HubClient, credentials: HubCredentials) => Promise<void>;
  /** caps per batch (default: the hub's, 500 entries and 1 MiB) */
  readonly maxItems?: number;
  readonly maxBytes?: number;
  /** with nothing queued, ask the hub for catalog changes this often (default 15 s): also how soon the
   * status bar learns the hub went away */
  readonly idleIntervalMs?: number;
  /** batches in flight at once (default 2: the hub parses one while the next travels) */
  readonly concurrency?: number;
  /** default base 1 s, cap 5 min; the fault suite shortens it */
  readonly backoff?: BackoffPolicy;
  /** the journal head to send with each batch, as JSON (src/terminal/sync/journal-head.ts) */
  readonly journalHead?: (checkSeq: number | null) => string;
}

/** What a round ended with, for tests and the log. */
export interface RoundReport {
  readonly sent: number;
  readonly parked: number;
  readonly catalogChanges: number;
  readonly failure: ProblemDto | null;
}

interface RoundFailure {
  readonly problem: ProblemDto;
  /** the hub's Retry-After, a floor for the delay */
  readonly retryAfterMs: number | null;
  readonly network: 'online' | 'offline';
}

/** One entry as it goes on the wire, built from the stored text so the bytes are the same on every try. */
function wireEntry(e: QueuedEntry): string {
  return `{"idempotencyKey":${JSON.stringify(e.idempotencyKey)},"kind":${JSON.stringify(e.kind)},"payload":${e.payload},"createdAt":${JSON.stringify(e.createdAt)}}`;
}

function credentials(link: HubLink): HubCredentials {
  if (link.secret === null) throw secretUnreadable('the hub link secret');
  return { hubUrl: link.hubUrl, terminalId: link.hubTerminalId, secret: link.secret, pinSha256: link.hubPin };
}

/**
 * Drains the outbox to the hub and pulls catalog changes. All of its state is in SQLite (hub_link, the
 * outbox rows), so a restart (or a SIGKILL) resumes where it stopped: an entry is marked sent only after the
 * hub's reply for it was read, and one sent twice comes back 'duplicate' with the hub's first result.
 *
 * One round at a time. A round sends batches until the queue is empty, parking what the hub refuses (one bad
 * entry never blocks the rest), then pulls catalog pages until none are left. A round that fails (no reply,
 * 5xx, 401) stops; the next one waits a full-jitter backoff (base 1 s, cap 5 min, at least Retry-After),
 * and new sales do not cut that wait short, so an offline till does not spin. Only rounds that moved
 * nothing grow that backoff: a round that delivered entries before one request failed retries within the
 * base delay, so a flaky link that still carries entries is not left waiting for minutes.
 */
export function createSyncClient(deps: SyncClientDeps) {
  const { store, file } = deps;
  const maxItems = Math.min(deps.maxItems ?? hubMaxBatchItems, hubMaxBatchItems);
  const maxBytes =
    Math.min(deps.maxBytes ?? hubMaxBodyBytes, hubMaxBodyBytes) -
    (deps.journalHead ? journalHeadReserveBytes : 0);
  const idleIntervalMs = deps.idleIntervalMs ?? 15_000;
  const backoff = deps.backoff ?? syncBackoff;
  const concurrency = Math.max(1, deps.concurrency ?? 2);
  const stamp = () => deps.now().toISOString();
  const write = <T>(fn: () => T): T =>
    withStoreErrors(file, 'sync', () => deps.db.transaction(fn).immediate());
  const read = <T>(fn: () => T): T => withStoreErrors(file, 'read', fn);

  let running: Promise<RoundReport> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  function schedule(delayMs: number): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () => {
        timer = null;
        void run();
      },
      Math.max(0, delayMs),
    );
    timer.unref?.();
  }

  /** Applies the hub's per-entry answers in one transaction. */
  function settle(
    batch: readonly QueuedEntry[],
    results: readonly ItemResult[],
  ): { sent: number; parked: number } {
    const byKey = new Map(results.map((r) => [r.idempotencyKey, r]));
    const at = stamp();
    return write(() => {
      let sent = 0;
      let parked = 0;
      for (const entry of batch) {
        const result = byKey.get(entry.idempotencyKey);
        if (!result) continue; // the hub said nothing about it: stays queued, sent again next round
        if (result.status === 'accepted' || result.status === 'duplicate') {
          if (store.markSent(entry.id, result.hubSeq, at)) sent += 1;
        } else if (
          'reason' in result &&
          store.park(entry.id, {
            code:
              result.status === 'conflict'
                ? 'sync.conflict'
                : // the hub's reason code when this till knows it (a newer hub's is kept as sync.rejected)
                  result.code !== undefined && isErrorCode(result.code)
                  ? result.code
                  : 'sync.rejected',
            message: result.reason,
          })
        ) {
          parked += 1;
          // a refused entry waits for a manager: the one line that says which and why
          logAt(deps.log, 'warn')(`sync: the hub refused ${entry.idempotencyKey} (${result.status})`, {
            reason: result.reason,
          });
        }
      }
      return { sent, parked };
    });
  }

  /** A failed request of the round; the round decides its backoff at its end, when it knows its progress. */
  const failed = (answer: Exclude<HubAnswer<unknown>, { kind: 'ok' }>): RoundFailure => ({
    problem: answer.problem,
    retryAfterMs: answer.kind === 'busy' ? answer.retryAfterMs : null,
    network: answer.kind === 'offline' ? 'offline' : 'online',
  });

  /** After a failed round: the failure count counts rounds that moved nothing (failuresAfterRound). */
  function backOff(link: HubLink, failure: RoundFailure, progressed: boolean): void {
    const failures = failuresAfterRound(link.failures, { failed: true, progressed });
    const delay = nextBackoffMs(failures, deps.random, failure.retryAfterMs, backoff);
    const next = new Date(deps.now().getTime() + delay).toISOString();
    write(() => store.recordFailure(failures, next, failure.network, failure.problem, stamp()));
    if (link.network !== failure.network || link.failures === 0) {
      logAt(
        deps.log,
        'warn',
      )(`sync: ${failure.problem.code} ${failure.problem.message}; next try in ${delay} ms`);
    }
    schedule(delay);
  }

  /**
   * Sends the queue in batches, up to `concurrency` requests in flight (entries are independent and keyed,
   * so the order they reach the hub in does not matter; a refund is only queued after its sale was
   * acknowledged). Stops at the first failure; what was in flight still settles.
   */
  /** the furthest journal seq the hub said it saw from this till (memory only: the next answer says it again) */
  let hubFurthestSeq: number | null = null;
  /** A head that cannot be read (a key the box cannot open) never stops the sales from syncing. */
  function readJournalHead(): string | undefined {
    try {
      return deps.journalHead?.(hubFurthestSeq);
    } catch (error) {
      logAt(deps.log, 'warn')('the journal head could not be read; this round goes without it', {
        error: String(error),
      });
      return undefined;
    }
  }

  async function drain(
    link: HubLink,
  ): Promise<{ sent: number; parked: number; failure: RoundFailure | null }> {
    let sent = 0;
    let parked = 0;
    let limit = maxItems;
    /** the highest entry id handed to a request this round */
    let cursor = 0;
    /** a refused batch: read again from just before it, in smaller batches, once nothing is in flight */
    let rewindTo: number | null = null;
    let failure: RoundFailure | null = null;
    const inflight = new Set<Promise<void>>();
    const cred = credentials(link);
    // read once per round: the batches of a round travel side by side and may arrive in any order, so each
    // carries the same head (rounds run one after another, so heads only grow from one round to the next)
    const head = readJournalHead();

    async function send(batch: readonly (QueuedEntry & { json: string })[]): Promise<void> {
      const journal = head === undefined ? '' : `,"journalHead":${head}`;
      const body = `{"entries":[${batch.map((e) => e.json).join(',')}]${journal}}`;
      const answer = await deps.hub.sendBatch(cred, body);
      if (answer.kind === 'ok') {
        const warning = answer.value.journal;
        if (warning?.furthestSeq !== undefined)
          hubFurthestSeq = Math.max(hubFurthestSeq ?? 0, warning.furthestSeq);
        // the hub kept the entries; its doubt about this till's journal is for support to look at
        if (warning && warning.status !== 'ok') {
          logAt(deps.log, 'warn')(`the hub doubts this till's journal: ${warning.code ?? warning.status}`, {
            message: warning.message,
          });
        }
        const done = settle(batch, answer.value.results);
        sent += done.sent;
        parked += done.parked;
        // a reply that settles nothing would loop forever: treat it as the hub misbehaving
        if (done.sent + done.parked === 0 && failure === null) {
          failure = failed({ kind: 'busy', problem: noProgress, retryAfterMs: null });
        }
        return;
      }
      if (answer.kind === 'refused') {
        // 400/413 for the whole batch: halve it until the one entry at fault stands alone, then park it
        const [only] = batch;
        if (batch.length === 1 && only) {
          if (write(() => store.park(only.id, answer.problem))) parked += 1;
        } else {
          limit = Math.max(1, Math.ceil(batch.length / 2));
          const from = (batch[0]?.id ?? 1) - 1;
          rewindTo = rewindTo === null ? from : Math.min(rewindTo, from);
        }
        return;
      }
      write(() => {
        for (const e of batch) store.attempted(e.id, answer.problem, null);
      });
      if (failure === null) failure = failed(answer);
    }

    while (!closed && failure === null) {
      if (inflight.size >= concurrency) {
        await Promise.race(inflight);
        continue;
      }
      if (rewindTo !== null) {
        await Promise.all(inflight);
        cursor = rewindTo;
        rewindTo = null;
        continue;
      }
      const queue = read(() => store.queued(limit, cursor)).map((e) => {
        const json = wireEntry(e);
        return { ...e, json, bytes: Buffer.byteLength(json) };
      });
      if (queue.length === 0) {
        if (inflight.size === 0) break;
        await Promise.race(inflight);
        continue;
      }
      const { batch, tooBig } = packBatch(queue, { maxItems: limit, maxBytes });
      if (tooBig.length > 0) {
        write(() => {
          for (const e of tooBig) {
            store.park(e.id, {
              code: 'sync.entry_too_big',
              message: `This entry is ${e.bytes} bytes; the hub takes at most ${maxBytes} per request.`,
            });
          }
        });
        parked += tooBig.length;
        continue;
      }
      cursor = batch[batch.length - 1]!.id;
      const request: Promise<void> = send(batch).finally(() => inflight.delete(request));
      inflight.add(request);
    }
    await Promise.all(inflight);
    return { sent, parked, failure };
  }

  /**
   * Fetches the hub's staff key when the till needs it and has none: before it applies staff the hub
   * published, and on the first round of a till that holds hub staff without the key (enrolled before hub
   * staff existed, or its key lost). Without the key a hub member's PIN cannot be checked.
   */
  async function ensureStaffKey(link: HubLink): Promise<RoundFailure | null> {
    if (read(() => store.orgPepper()) !== null) return null;
    const answer = await deps.hub.fetchStaffKey(credentials(link));
    if (answer.kind !== 'ok') {
      return failed(answer.kind === 'refused' ? { ...answer, kind: 'busy', retryAfterMs: null } : answer);
    }
    let key: Buffer;
    try {
      key = openStaffKey(answer.value.sealed, link.hubTerminalId, credentials(link).secret);
    } catch (error) {
      const problem = error as TillpointError;
      return failed({
        kind: 'busy',
        problem: { code: problem.code, message: problem.message },
        retryAfterMs: null,
      });
    }
    write(() => store.saveOrgPepper(key));
    deps.log('sync: received the hub staff key');
    return null;
  }

  async function pull(link: HubLink): Promise<{ changes: number; failure: RoundFailure | null }> {
    let cursor = link.catalogCursor;
    let changes = 0;
    if (deps.hubStaffPresent?.()) {
      const failure = await ensureStaffKey(link);
      if (failure) return { changes, failure };
    }
    for (;;) {
      if (closed) return { changes, failure: null };
      const answer = await deps.hub.pullCatalog(credentials(link), cursor, hubMaxCatalogPage);
      if (answer.kind === 'refused' && answer.problem.code === 'hub.cursor_ahead' && cursor !== '0') {
        // the cursor is from another hub database (the hub was rebuilt): read it all again; upserts are
        // whole rows, so re-applying is harmless
        deps.log(`sync: the hub does not know catalog cursor ${cursor}; pulling from the start`);
        cursor = '0';
        continue;
      }
      if (answer.kind !== 'ok') {
        return {
          changes,
          failure: failed(
            answer.kind === 'refused' ? { ...answer, kind: 'busy', retryAfterMs: null } : answer,
          ),
        };
      }
      const page = answer.value;
      if (page.changes.some((c) => c.kind === 'staff.upsert')) {
        // the key first: a member applied without it could not sign in
        const failure = await ensureStaffKey(link);
        if (failure) return { changes, failure };
      }
      if (page.changes.length > 0 || page.cursor !== cursor) {
        write(() => {
          deps.applyCatalog(page.changes);
          store.saveCursor(page.cursor);
        });
        changes += page.changes.length;
        if (page.changes.length > 0) deps.catalogChanged();
      }
      const moved = page.cursor !== cursor;
      cursor = page.cursor;
      if (!page.more || !moved) return { changes, failure: null };
    }
  }

  async function round(): Promise<RoundReport> {
    const link = read(() => store.link());
    if (!link) return { sent: 0, parked: 0, catalogChanges: 0, failure: null };
    // a secret the till cannot open will not get better by retrying: nothing is sent until it enrolls again
    if (link.secret === null) return { sent: 0, parked: 0, catalogChanges: 0, failure: link.secretProblem };
    const wasOnline = link.network === 'online' && link.failures === 0;
    const drained = await drain(link);
    let catalogChanges = 0;
    let failure = drained.failure;
    if (!failure) {
      const pulled = await pull(link);
      catalogChanges = pulled.changes;
      failure = pulled.failure;
    }
    // a question on the side: its failure is logged by it and never backs the outbox off
    if (!failure && !closed && deps.afterRound) await deps.afterRound(deps.hub, credentials(link));
    if (failure && !closed) {
      backOff(link, failure, drained.sent + drained.parked + catalogChanges > 0);
    } else if (!closed) {
      write(() => store.recordSuccess(stamp()));
      if (!wasOnline) {
        deps.log(`sync: the hub ${link.hubUrl} answers`);
        deps.reconnected();
      }
      schedule(idleIntervalMs);
    }
    deps.changed();
    if (drained.sent + drained.parked + catalogChanges > 0) {
      deps.log(`sync: sent ${drained.sent}, parked ${drained.parked}, catalog changes ${catalogChanges}`);
    }
    return {
      sent: drained.sent,
      parked: drained.parked,
      catalogChanges,
      failure: failure?.problem ?? null,
    };
  }

  /** Runs a round now, or once more after the one in flight (a sale committed while it was sending). */
  function run(): Promise<RoundReport> {
    if (closed) return Promise.resolve({ sent: 0, parked: 0, catalogChanges: 0, failure: null });
    if (running) {
      again = true;
      return running;
    }
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const current = round()
      .catch((error: unknown): RoundReport => {
        logAt(deps.log, 'error')('sync: round failed', error);
        const problem =
          error instanceof TillpointError
            ? { code: error.code, message: error.message }
            : { code: 'internal', message: String(error) };
        schedule(nextBackoffMs(1, deps.random, null, backoff));
        return { sent: 0, parked: 0, catalogChanges: 0, failure: problem };
      })
      .finally(() => {
        running = null;
        if (again && !closed) {
          again = false;
          // only when the last round got through: an offline till waits out its backoff
          const link = read(() => store.link());
          if (link && link.failures === 0) void run();
        }
      });
    running = current;
    return current;
  }

  return {
    /** Starts syncing: at once, or when the backoff saved before a restart ends. */
    start(): void {
      const link = read(() => store.link());
      if (!link) return;
      const waitMs = link.nextAttemptAt ? Date.parse(link.nextAttemptAt) - deps.now().getTime() : 0;
      schedule(waitMs);
    },
    /** A new outbox row: send it now unless the till is waiting out a backoff. */
    outboxChanged(): void {
      if (closed) return;
      const link = read(() => store.link());
      if (!link || link.failures > 0) return;
      if (running) again = true;
      else schedule(0);
    },
    /** The Sync screen's "Sync now": skips the backoff. */
    runNow: run,
    /** Settles when the round in flight (if any) has ended. */
    idle: (): Promise<unknown> => running ?? Promise.resolve(),
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

const noProgress: ProblemDto = {
  code: 'sync.bad_reply',
  message: 'The hub answered without a result for any entry sent.',
};

export type SyncClient = ReturnType<typeof createSyncClient>;
