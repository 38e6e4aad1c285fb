import type { OutboxEntryDto, OutboxStateDto, ProblemDto } from '../../shared/dto.js';
import { isTillpointError } from '../../core/errors.js';
import { isSealed, secretUnreadable, type SecretBox } from '../secrets/secret-box.js';
import { appendJournal } from './journal-store.js';
import type { SqliteDatabase } from './open-store.js';

/** The hub this terminal is enrolled with and the sync client's state (table hub_link, one row). */
export interface HubLink {
  readonly hubUrl: string;
  readonly hubTerminalId: string;
  /** the HMAC secret, opened; null when it cannot be (then `secretProblem` says why: the till enrolls again) */
  readonly secret: string | null;
  readonly secretProblem: ProblemDto | null;
  /** the hub certificate's SHA-256 fingerprint, the only one trusted (null: loopback http or system CAs) */
  readonly hubPin: string | null;
  readonly enrolledAt: string;
  readonly catalogCursor: string;
  readonly lastSyncAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly failures: number;
  readonly nextAttemptAt: string | null;
  readonly network: 'unknown' | 'online' | 'offline';
  readonly lastError: ProblemDto | null;
}

/** A queued outbox row as the sender reads it. */
export interface QueuedEntry {
  readonly id: number;
  readonly idempotencyKey: string;
  readonly kind: string;
  /** the JSON text as stored: sent as is, so the hub's dedupe sees the same bytes every time */
  readonly payload: string;
  readonly createdAt: string;
}

export interface OutboxCounts {
  readonly queued: number;
  readonly parked: number;
  readonly oldestUnsyncedAt: string | null;
  /** money still in flight besides the queue: unfinished payment attempts and pending wallet refunds */
  readonly unfinishedPayments: number;
  readonly pendingRefunds: number;
}

interface LinkRow {
  hub_url: string;
  hub_terminal_id: string;
  secret: string;
  hub_pin: string | null;
  enrolled_at: string;
  catalog_cursor: string;
  last_sync_at: string | null;
  last_attempt_at: string | null;
  failures: number;
  next_attempt_at: string | null;
  network: HubLink['network'];
  last_error: string | null;
}

interface EntryRow {
  id: number;
  idempotency_key: string;
  kind: string;
  payload: string;
  state: OutboxStateDto;
  attempts: number;
  created_at: string;
  sent_at: string | null;
  next_attempt_at: string | null;
  last_error: string | null;
  resolution: string | null;
}

const problem = (text: string | null): ProblemDto | null =>
  text === null ? null : (JSON.parse(text) as ProblemDto);

/** Reads the receipt number and amount for the Sync screen out of a payload, whatever its kind. */
function describe(kind: string, payload: string): Pick<OutboxEntryDto, 'receiptNumber' | 'amount'> {
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    const money = (v: unknown) =>
      v !== null &&
      typeof v === 'object' &&
      typeof (v as { amount?: unknown }).amount === 'number' &&
      typeof (v as { currency?: unknown }).currency === 'string'
        ? { amount: (v as { amount: number }).amount, currency: (v as { currency: string }).currency }
        : null;
    if (kind === 'sale.completed') {
      const totals = p.totals as Record<string, unknown> | undefined;
      return { receiptNumber: typeof p.number === 'number' ? p.number : null, amount: money(totals?.total) };
    }
    if (typeof p.amount === 'number' && typeof p.currency === 'string') {
      return { receiptNumber: null, amount: { amount: p.amount, currency: p.currency } };
    }
    return { receiptNumber: null, amount: money(p.amount) };
  } catch {
    return { receiptNumber: null, amount: null };
  }
}

function toEntry(r: EntryRow): OutboxEntryDto {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    kind: r.kind,
    state: r.state,
    ...describe(r.kind, r.payload),
    attempts: r.attempts,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    nextAttemptAt: r.next_attempt_at,
    reason: problem(r.last_error),
    resolution: r.resolution,
  };
}

const entryColumns = `id, idempotency_key, kind, payload, state, attempts, created_at, sent_at, next_attempt_at,
  last_error, resolution`;

/**
 * SQL of the sync client: the outbox's states and the hub link. Callers wrap writes in transactions. The
 * link's secret is sealed by `box` before it is written and opened when read (README "Secrets at rest").
 */
export function createSyncStore(db: SqliteDatabase, box: SecretBox) {
  /** an older till stored the secret in plain text: still usable, and sealed by sealPlainSecret */
  const opened = (stored: string): { secret: string | null; secretProblem: ProblemDto | null } => {
    if (!isSealed(stored)) return { secret: stored, secretProblem: null };
    try {
      return { secret: box.open(stored), secretProblem: null };
    } catch (error) {
      const problem = isTillpointError(error) ? error : secretUnreadable('the hub link secret');
      return { secret: null, secretProblem: { code: problem.code, message: problem.message } };
    }
  };
  const q = {
    link: db.prepare(`SELECT * FROM hub_link WHERE id = 1`),
    saveLink: db.prepare(
      `INSERT INTO hub_link (id, hub_url, hub_terminal_id, secret, enrolled_at, hub_pin) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET hub_url = excluded.hub_url, hub_terminal_id = excluded.hub_terminal_id,
         secret = excluded.secret, enrolled_at = excluded.enrolled_at, hub_pin = excluded.hub_pin,
         catalog_cursor = '0',
         last_sync_at = NULL, failures = 0, next_attempt_at = NULL, network = 'unknown', last_error = NULL,
         org_pepper = NULL`,
    ),
    queued: db.prepare(
      `SELECT id, idempotency_key, kind, payload, created_at FROM outbox WHERE state = 'queued' AND id > ?
       ORDER BY id LIMIT ?`,
    ),
    markSent: db.prepare(
      `UPDATE outbox SET state = 'sent', sent_at = ?, hub_seq = ?, attempts = attempts + 1, last_error = NULL,
         next_attempt_at = NULL
       WHERE id = ? AND state = 'queued'`,
    ),
    park: db.prepare(
      `UPDATE outbox SET state = 'parked', last_error = ?, attempts = attempts + 1 WHERE id = ? AND state = 'queued'`,
    ),
    attempted: db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND state = 'queued'`,
    ),
    retry: db.prepare(
      `UPDATE outbox SET state = 'queued', next_attempt_at = NULL WHERE id = ? AND state = 'parked'`,
    ),
    resolve: db.prepare(
      `UPDATE outbox SET state = 'resolved', resolution = ?, resolved_at = ? WHERE id = ? AND state = 'parked'`,
    ),
    entry: db.prepare(`SELECT ${entryColumns} FROM outbox WHERE id = ?`),
    counts: db.prepare(
      `SELECT coalesce(sum(state = 'queued'), 0) AS queued, coalesce(sum(state = 'parked'), 0) AS parked,
              min(created_at) AS oldest
       FROM outbox WHERE state IN ('queued', 'parked')`,
    ),
    inFlight: db.prepare(
      `SELECT (SELECT count(*) FROM payment_attempts WHERE state NOT IN ('succeeded', 'declined', 'reversed'))
                AS payments,
              (SELECT count(*) FROM refunds WHERE state = 'pending') AS refunds`,
    ),
    failure: db.prepare(
      `UPDATE hub_link SET failures = ?, next_attempt_at = ?, network = ?, last_error = ?, last_attempt_at = ?
       WHERE id = 1`,
    ),
    success: db.prepare(
      `UPDATE hub_link SET failures = 0, next_attempt_at = NULL, network = 'online', last_error = NULL,
         last_attempt_at = ?, last_sync_at = ? WHERE id = 1`,
    ),
    cursor: db.prepare(`UPDATE hub_link SET catalog_cursor = ? WHERE id = 1`),
    storedSecret: db.prepare(`SELECT secret FROM hub_link WHERE id = 1`).pluck(),
    orgPepper: db.prepare(`SELECT org_pepper FROM hub_link WHERE id = 1`).pluck(),
    setOrgPepper: db.prepare(`UPDATE hub_link SET org_pepper = ? WHERE id = 1`),
    setSecret: db.prepare(`UPDATE hub_link SET secret = ? WHERE id = 1`),
    upsertConfig: db.prepare(
      `INSERT INTO terminal_config (key, value, seq, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, seq = excluded.seq, updated_at = excluded.updated_at
       WHERE excluded.seq > terminal_config.seq`,
    ),
    config: db.prepare(`SELECT value FROM terminal_config WHERE key = ?`).pluck(),
  };

  return {
    link(): HubLink | null {
      const r = q.link.get() as LinkRow | undefined;
      if (!r) return null;
      return {
        hubUrl: r.hub_url,
        hubTerminalId: r.hub_terminal_id,
        ...opened(r.secret),
        hubPin: r.hub_pin ?? null,
        enrolledAt: r.enrolled_at,
        catalogCursor: r.catalog_cursor,
        lastSyncAt: r.last_sync_at,
        lastAttemptAt: r.last_attempt_at,
        failures: r.failures,
        nextAttemptAt: r.next_attempt_at,
        network: r.network,
        lastError: problem(r.last_error),
      };
    },
    saveLink(
      hubUrl: string,
      hubTerminalId: string,
      secret: string,
      at: string,
      pin: string | null = null,
    ): void {
      q.saveLink.run(hubUrl, hubTerminalId, box.seal(secret), at, pin);
    },
    /**
     * The hub's staff key (hub staff's PINs and badges are HMACed with it), or null: not fetched yet (a till
     * enrolled before hub staff existed), or sealed by a key this till no longer has.
     */
    orgPepper(): Buffer | null {
      const stored = q.orgPepper.get() as string | null | undefined;
      if (stored === null || stored === undefined) return null;
      try {
        return Buffer.from(box.open(stored), 'base64url');
      } catch {
        return null;
      }
    },
    saveOrgPepper(key: Buffer): void {
      q.setOrgPepper.run(box.seal(key.toString('base64url')));
    },
    /** Seals a secret an older till stored in plain text; answers whether there was one. */
    sealPlainSecret(): boolean {
      const stored = q.storedSecret.get() as string | undefined;
      if (stored === undefined || isSealed(stored)) return false;
      q.setSecret.run(box.seal(stored));
      return true;
    },
    /** queued entries after `afterId` (the ones already in flight are before it), oldest first */
    queued(limit: number, afterId = 0): QueuedEntry[] {
      return (
        q.queued.all(afterId, limit) as {
          id: number;
          idempotency_key: string;
          kind: string;
          payload: string;
          created_at: string;
        }[]
      ).map((r) => ({
        id: r.id,
        idempotencyKey: r.idempotency_key,
        kind: r.kind,
        payload: r.payload,
        createdAt: r.created_at,
      }));
    },
    markSent(id: number, hubSeq: number, at: string): boolean {
      return q.markSent.run(at, hubSeq, id).changes === 1;
    },
    park(id: number, reason: ProblemDto): boolean {
      return q.park.run(JSON.stringify(reason), id).changes === 1;
    },
    /** a queued entry's failed try (the transport's error, shown on the Sync screen) */
    attempted(id: number, error: ProblemDto, nextAttemptAt: string | null): void {
      q.attempted.run(JSON.stringify(error), nextAttemptAt, id);
    },
    retry: (id: number): boolean => q.retry.run(id).changes === 1,
    resolve: (id: number, note: string, at: string): boolean => q.resolve.run(note, at, id).changes === 1,
    entry(id: number): OutboxEntryDto | null {
      const r = q.entry.get(id) as EntryRow | undefined;
      return r ? toEntry(r) : null;
    },
    entries(
      states: readonly OutboxStateDto[] | undefined,
      limit: number,
      beforeId?: number,
    ): OutboxEntryDto[] {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (states) {
        where.push(`state IN (${states.map(() => '?').join(', ')})`);
        args.push(...states);
      }
      if (beforeId !== undefined) {
        where.push('id < ?');
        args.push(beforeId);
      }
      const sql = `SELECT ${entryColumns} FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ?`;
      return (db.prepare(sql).all(...args, limit) as EntryRow[]).map(toEntry);
    },
    counts(): OutboxCounts {
      const r = q.counts.get() as { queued: number; parked: number; oldest: string | null };
      const f = q.inFlight.get() as { payments: number; refunds: number };
      return {
        queued: r.queued,
        parked: r.parked,
        oldestUnsyncedAt: r.oldest,
        unfinishedPayments: f.payments,
        pendingRefunds: f.refunds,
      };
    },
    recordFailure(
      failures: number,
      nextAttemptAt: string,
      network: HubLink['network'],
      error: ProblemDto,
      at: string,
    ): void {
      q.failure.run(failures, nextAttemptAt, network, JSON.stringify(error), at);
    },
    recordSuccess(at: string): void {
      q.success.run(at, at);
    },
    saveCursor(cursor: string): void {
      q.cursor.run(cursor);
    },
    /** hub config (config.set): the highest seq wins, so a re-applied older change changes nothing */
    upsertConfig(key: string, value: unknown, seq: number, at: string): void {
      // a configuration change the hub published is a journaled event (only when it was applied)
      if (q.upsertConfig.run(key, JSON.stringify(value ?? null), seq, at).changes === 1) {
        appendJournal(db, {
          kind: 'config.changed',
          saleId: null,
          data: { key, value: value ?? null, seq },
          at,
        });
      }
    },
    config(key: string): unknown {
      const text = q.config.get(key) as string | undefined;
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
  };
}

export type SyncStore = ReturnType<typeof createSyncStore>;
