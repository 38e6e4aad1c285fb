import pg from 'pg';
import {
  HubStoreTooNew,
  HubStoreUnavailable,
  type HubStore,
  type IngestOutcome,
  type PaymentRecord,
} from './hub-store.js';
import { pgJournalHeads } from './journal-heads-store.js';
import { hubMigrations, hubSchemaVersion } from './migrations/index.js';
import { offlineCodePg } from './offline-code-records.js';

export interface PgHubStoreOptions {
  readonly connectionString: string;
  /** Schema to work in (tests: one per file); absent: the server's default search_path. */
  readonly schema?: string;
}

/** Connection-level failures and server states that mean "try again later", not "your request is wrong". */
const unavailableErrno = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // SQLSTATE classes 08 (connection), 53 (insufficient resources), 57 (operator intervention)
    return unavailableErrno.has(code) || /^(08|53|57)/.test(code);
  }
  return (
    error instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)
  );
}
function translate(error: unknown): Error {
  if (error instanceof HubStoreTooNew) return error;
  if (isUnavailable(error)) {
    return new HubStoreUnavailable(`hub database unavailable: ${(error as Error).message}`, {
      cause: String(error),
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Serialization failures and deadlocks between hub processes: the whole transaction is simply run again. */
const retryable = new Set(['40001', '40P01']);

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Connects, migrates (under an advisory lock, so hubs starting together do not race) and returns the store. */
export async function openPgHubStore(opts: PgHubStoreOptions): Promise<HubStore> {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    connectionTimeoutMillis: 5_000,
    max: 10,
    ...(opts.schema === undefined ? {} : { options: `-c search_path=${quoteIdent(opts.schema)}` }),
  });
  // an idle client losing its server must not crash the hub; the next query reports it as 503
  pool.on('error', () => undefined);

  async function tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translate(error);
      }
      try {
        await client.query('BEGIN');
        const value = await fn(client);
        await client.query('COMMIT');
        client.release();
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(isUnavailable(error));
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && retryable.has(code) && attempt < 5) continue;
        throw translate(error);
      }
    }
  }
  async function query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await pool.query<R>(text, values)).rows;
    } catch (error) {
      throw translate(error);
    }
  }

  try {
    await tx(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('tillpoint-hub-migrate'))`);
      await c.query(
        `CREATE TABLE IF NOT EXISTS hub_schema (version integer PRIMARY KEY, name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const rows = (await c.query<{ v: number | null }>('SELECT max(version) AS v FROM hub_schema')).rows;
      const current = rows[0]?.v ?? 0;
      if (current > hubSchemaVersion) {
        throw new HubStoreTooNew(
          `the hub database is at schema ${current}, newer than this hub (${hubSchemaVersion}); upgrade the hub`,
        );
      }
      for (const m of hubMigrations) {
        if (m.version <= current) continue;
        await c.query(m.pg);
        await c.query('INSERT INTO hub_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
    });
  } catch (error) {
    await pool.end();
    throw error;
  }

  const insertPayment = (c: pg.PoolClient, terminalId: string, p: PaymentRecord, hubSeq: string) =>
    c.query(
      `INSERT INTO payments (terminal_id, attempt_id, sale_id, kind, provider_id, wallet, amount, currency, state,
         refunded, reason_code, reason_message, final_at, hub_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        terminalId,
        p.attemptId,
        p.saleId,
        p.kind,
        p.providerId,
        p.wallet,
        p.amount,
        p.currency,
        p.state,
        p.refunded,
        p.reasonCode,
        p.reasonMessage,
        p.finalAt,
        hubSeq,
      ],
    );

  return {
    dialect: 'pg',
    async createEnrollCode(codeHash, now, expiresAt) {
      await query('INSERT INTO enroll_codes (code_hash, created_at, expires_at) VALUES ($1, $2, $3)', [
        codeHash,
        now,
        expiresAt,
      ]);
    },
    enroll: (codeHash, t, now) =>
      tx(async (c) => {
        // the row lock taken by this UPDATE makes a second hub's concurrent use of the code find used_at set
        const used = await c.query(
          `UPDATE enroll_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1`,
          [now, codeHash],
        );
        if (used.rowCount !== 1) return false;
        await c.query('INSERT INTO terminals (id, name, secret, enrolled_at) VALUES ($1, $2, $3, $4)', [
          t.id,
          t.name,
          t.secret,
          now,
        ]);
        await c.query('UPDATE enroll_codes SET terminal_id = $1 WHERE code_hash = $2', [t.id, codeHash]);
        return true;
      }),
    async codeTerminal(codeHash) {
      const rows = await query<{ terminal_id: string | null; used_at: Date }>(
        'SELECT terminal_id, used_at FROM enroll_codes WHERE code_hash = $1 AND used_at IS NOT NULL',
        [codeHash],
      );
      const row = rows[0];
      return row?.terminal_id ? { terminalId: row.terminal_id, usedAt: new Date(row.used_at) } : undefined;
    },
    async terminalSecret(id) {
      const rows = await query<{ secret: string }>('SELECT secret FROM terminals WHERE id = $1', [id]);
      return rows[0]?.secret;
    },
    ingest: (terminalId, entries, now) =>
      tx(async (c) => {
        type Row = { idempotency_key: string; hub_seq: string; received_at: Date };
        // The whole batch in one statement (one INSERT per entry cost twice the database time per sale).
        // The payloads travel as one JSON array (each is canonical JSON already): as a text[] the client
        // escapes every quote of every payload, three times the hub's CPU of this query. ORDER BY ord: rows go
        // in, and take their hub_seq, in batch order; a key twice in the batch is inserted once, from its
        // first entry. ON CONFLICT waits for another hub's uncommitted insert of the same key, then does nothing.
        const inserted = await c.query<Row>(
          `INSERT INTO entries (terminal_id, idempotency_key, kind, payload, payload_sha256, created_at, received_at)
           SELECT $1, e.key, e.kind, e.payload, e.sha, e.created_at, $7
           FROM ROWS FROM (unnest($2::text[]), unnest($3::text[]), jsonb_array_elements($4::jsonb),
                           unnest($5::text[]), unnest($6::timestamptz[]))
             WITH ORDINALITY AS e (key, kind, payload, sha, created_at, ord)
           ORDER BY e.ord
           ON CONFLICT (terminal_id, idempotency_key) DO NOTHING
           RETURNING idempotency_key, hub_seq, received_at`,
          [
            terminalId,
            entries.map((e) => e.idempotencyKey),
            entries.map((e) => e.kind),
            `[${entries.map((e) => (typeof e.payload === 'string' ? e.payload : e.payload.toString('utf8'))).join(',')}]`,
            entries.map((e) => e.payloadSha256),
            entries.map((e) => e.createdAt),
            now,
          ],
        );
        const fresh = new Map(inserted.rows.map((r) => [r.idempotency_key, r]));
        const out: (IngestOutcome | undefined)[] = [];
        const seenBefore: number[] = [];
        for (const [i, e] of entries.entries()) {
          const row = fresh.get(e.idempotencyKey);
          if (row === undefined) {
            seenBefore.push(i);
            continue;
          }
          fresh.delete(e.idempotencyKey); // a later entry with this key is a duplicate or a conflict of it
          if (e.payment !== undefined) await insertPayment(c, terminalId, e.payment, row.hub_seq);
          out[i] = {
            status: 'accepted',
            hubSeq: Number(row.hub_seq),
            receivedAt: row.received_at.toISOString(),
          };
        }
        if (seenBefore.length > 0) {
          // a new snapshot (READ COMMITTED): sees the first rows, ours and those another hub committed
          const first = await c.query<Row & { payload_sha256: string }>(
            `SELECT idempotency_key, hub_seq, payload_sha256, received_at FROM entries
             WHERE terminal_id = $1 AND idempotency_key = ANY($2::text[])`,
            [terminalId, seenBefore.map((i) => entries[i]!.idempotencyKey)],
          );
          const byKey = new Map(first.rows.map((r) => [r.idempotency_key, r]));
          // the stored payloads only where the hash differs (rare): the caller compares them as values
          const differing = seenBefore
            .map((i) => entries[i]!)
            .filter((e) => byKey.get(e.idempotencyKey)?.payload_sha256 !== e.payloadSha256);
          const storedPayloads =
            differing.length === 0
              ? new Map<string, unknown>()
              : new Map(
                  (
                    await c.query<{ idempotency_key: string; payload: unknown }>(
                      `SELECT idempotency_key, payload FROM entries
                       WHERE terminal_id = $1 AND idempotency_key = ANY($2::text[])`,
                      [terminalId, differing.map((e) => e.idempotencyKey)],
                    )
                  ).rows.map((r) => [r.idempotency_key, r.payload]),
                );
          for (const i of seenBefore) {
            const e = entries[i]!;
            const f = byKey.get(e.idempotencyKey);
            if (f === undefined) throw new Error(`entry ${e.idempotencyKey} conflicted but is not there`);
            out[i] =
              f.payload_sha256 === e.payloadSha256
                ? { status: 'duplicate', hubSeq: Number(f.hub_seq), receivedAt: f.received_at.toISOString() }
                : {
                    status: 'conflict',
                    hubSeq: Number(f.hub_seq),
                    receivedAt: f.received_at.toISOString(),
                    storedPayload: storedPayloads.get(e.idempotencyKey),
                  };
          }
        }
        return out as IngestOutcome[];
      }),
    async countEntries() {
      const rows = await query<{ n: string }>('SELECT count(*) AS n FROM entries');
      return Number(rows[0]?.n ?? 0);
    },
    async entriesAfter(afterSeq, limit, kind) {
      const rows = await query<{
        hub_seq: string;
        terminal_id: string;
        idempotency_key: string;
        kind: string;
        payload: unknown;
        received_at: Date;
      }>(
        `SELECT hub_seq, terminal_id, idempotency_key, kind, payload, received_at FROM entries
         WHERE hub_seq > $1 AND ($2::text IS NULL OR kind = $2) ORDER BY hub_seq LIMIT $3`,
        [afterSeq, kind ?? null, limit],
      );
      return rows.map((r) => ({
        hubSeq: Number(r.hub_seq),
        terminalId: r.terminal_id,
        idempotencyKey: r.idempotency_key,
        kind: r.kind,
        payload: JSON.stringify(r.payload),
        receivedAt: r.received_at.toISOString(),
      }));
    },
    terminals: () =>
      query<{ id: string; name: string }>('SELECT id, name FROM terminals ORDER BY enrolled_at, id'),
    publishCatalog: (changes, publishId, now) =>
      tx(async (c) => {
        // The gap a cursor reader must never fall into: two publishers take seq 5 and 6, 6 commits first, a
        // terminal reads it and moves its cursor to 6, then 5 commits behind it. EXCLUSIVE mode conflicts
        // with itself and with every writer's ROW EXCLUSIVE but not with readers' ACCESS SHARE, so publishers
        // (in any hub process) take seq values one transaction after another, each after the previous one is
        // visible (PostgreSQL releases locks only after the commit is visible), while pulls go on reading.
        await c.query('LOCK TABLE catalog_changes IN EXCLUSIVE MODE');
        if (changes.length === 0) {
          const latest = await c.query<{ seq: string }>(
            'SELECT coalesce(max(seq), 0) AS seq FROM catalog_changes',
          );
          return { published: 0, lastSeq: Number(latest.rows[0]?.seq ?? 0) };
        }
        // WITH ORDINALITY ... ORDER BY: seq values are given out in the order of the list
        const inserted = await c.query<{ seq: string }>(
          `INSERT INTO catalog_changes (kind, payload, published_at, publish_id)
           SELECT t.kind, t.payload, $3, $4
           FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS t (kind, payload, n) ORDER BY t.n
           RETURNING seq`,
          [changes.map((x) => x.kind), changes.map((x) => x.payload), now, publishId],
        );
        return {
          published: inserted.rowCount ?? 0,
          lastSeq: inserted.rows.reduce((max, r) => Math.max(max, Number(r.seq)), 0),
        };
      }),
    async catalogAfter(afterSeq, limit) {
      const rows = await query<{ seq: string; kind: string; payload: unknown }>(
        'SELECT seq, kind, payload FROM catalog_changes WHERE seq > $1 ORDER BY seq LIMIT $2',
        [afterSeq, limit],
      );
      return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, payload: JSON.stringify(r.payload) }));
    },
    async secret(name, fresh, now) {
      await query(
        'INSERT INTO hub_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [name, fresh, now],
      );
      const rows = await query<{ value: string }>('SELECT value FROM hub_secrets WHERE name = $1', [name]);
      return rows[0]!.value;
    },
    ...pgJournalHeads(tx, query),
    async saveReconciliation(run) {
      await query(
        `INSERT INTO reconciliations (provider_id, day, run_at, source, counts, findings)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (provider_id, day) DO UPDATE SET run_at = excluded.run_at, source = excluded.source,
           counts = excluded.counts, findings = excluded.findings`,
        [run.providerId, run.day, run.runAt, run.source, run.counts, run.findings],
      );
    },
    async reconciliations() {
      const rows = await query<{
        provider_id: string;
        day: string;
        run_at: Date;
        source: string;
        counts: unknown;
        findings: unknown;
      }>(
        `SELECT provider_id, to_char(day, 'YYYY-MM-DD') AS day, run_at, source, counts, findings
         FROM reconciliations ORDER BY day, provider_id`,
      );
      return rows.map((r) => ({
        providerId: r.provider_id,
        day: r.day,
        runAt: r.run_at.toISOString(),
        source: r.source,
        counts: JSON.stringify(r.counts),
        findings: JSON.stringify(r.findings),
      }));
    },
    ...offlineCodePg(query),
    async catalogOfKinds(kinds) {
      const rows = await query<{ seq: string; kind: string; payload: unknown }>(
        'SELECT seq, kind, payload FROM catalog_changes WHERE kind = ANY($1::text[]) ORDER BY seq',
        [kinds],
      );
      return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, payload: JSON.stringify(r.payload) }));
    },
    async latestCatalogSeq() {
      const rows = await query<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM catalog_changes');
      return Number(rows[0]?.seq ?? 0);
    },
    async payments(filter, limit, from) {
      const rows = await query<{
        terminal_id: string;
        attempt_id: string;
        sale_id: string;
        kind: string;
        provider_id: string;
        wallet: string | null;
        amount: string;
        currency: string;
        state: PaymentRecord['state'];
        refunded: boolean;
        reason_code: string | null;
        reason_message: string | null;
        final_at: Date;
        hub_seq: string;
      }>(
        `SELECT * FROM payments
         WHERE ($1::uuid IS NULL OR terminal_id = $1) AND ($2::text IS NULL OR state = $2)
           AND ($3::timestamptz IS NULL OR (final_at, terminal_id, attempt_id) > ($3, $4::uuid, $5::uuid))
           AND ($7::text IS NULL OR provider_id = $7)
         ORDER BY final_at, terminal_id, attempt_id LIMIT $6`,
        [
          filter.terminalId ?? null,
          filter.state ?? null,
          from?.finalAt ?? null,
          from?.terminalId ?? null,
          from?.attemptId ?? null,
          limit,
          filter.providerId ?? null,
        ],
      );
      return rows.map((r) => ({
        terminalId: r.terminal_id,
        attemptId: r.attempt_id,
        saleId: r.sale_id,
        kind: r.kind,
        providerId: r.provider_id,
        wallet: r.wallet,
        amount: Number(r.amount),
        currency: r.currency,
        state: r.state,
        refunded: r.refunded,
        reasonCode: r.reason_code,
        reasonMessage: r.reason_message,
        finalAt: r.final_at.toISOString(),
        hubSeq: Number(r.hub_seq),
      }));
    },
    async ping() {
      await query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
