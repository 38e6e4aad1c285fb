import { createHmac, randomBytes, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TillpointError } from '../core/errors.js';
import {
  enrollRequest,
  hubCanonicalRequest,
  hubRequestIdPattern,
  hubMaxBatchItems,
  hubPaths,
  hubSignatureHeaders,
  hubSignatureWindowMs,
  outboxBatch,
  type JournalHeadWire,
  outboxPayloadSchemas,
  type HubErrorBody,
  type ItemResult,
  type OutboxKind,
  type PaymentFinalPayload,
} from '../shared/hub-api.js';
import type { StaffKeyResponse } from '../shared/hub-staff.js';
import { pairingCodeOf } from '../shared/hub-pairing.js';
import { logAt, type Log } from '../shared/log.js';
import { pullCatalog } from './catalog-pull.js';
import { enrollCodeTtlMs } from './enroll-code.js';
import { hashEnrollCode, sha256Hex } from './hub-crypto.js';
import { digestEntry, sameValueAsStored } from './entry-digest.js';
import { scanOutboxBatch } from './payload-spans.js';
import { HubStoreUnavailable, type HubStore, type ValidEntry } from './hub-store.js';
import { HttpError, issuesOf } from './http-error.js';
import { hubStaffKey, sealStaffKey } from './hub-staff.js';
import { paymentRecordOf } from './payment-final.js';
import { journalWarning } from './journal-heads.js';
import { batchWrapperDepth, checkEntry, defaultEntryLimits, type EntryLimits } from './entry-checks.js';
import { parseJson, parseJsonUnchecked, readBody, send, tooDeep, type AnswerMac } from './hub-http.js';
import { offlineCodeStatus, startSettleLoop, type IssuerLink } from './offline-code-settle.js';

export interface HubServerOptions {
  readonly port: number;
  /** the address to listen on (default 127.0.0.1); another than loopback needs `tls` or insecureBehindProxy */
  readonly host?: string;
  /** https with the operator's certificate and key (PEM); plain http without */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /** plain http on a non-loopback address, for a TLS-terminating reverse proxy in front (README) */
  readonly insecureBehindProxy?: boolean;
  readonly store: HubStore;
  /** The hub's clock (tests move it); default Date.now. */
  readonly now?: () => number;
  /** JSON lines by the CLI's logger (src/shared/log.ts); a plain function works too */
  readonly log?: Log;
  /** what an entry may hold (amounts, the date window, nesting); defaults in entry-checks.ts */
  readonly limits?: Partial<EntryLimits>;
  /** settle offline payment codes with this issuer in the background (src/hub/offline-code-settle.ts) */
  readonly offlineIssuer?: IssuerLink & { readonly intervalMs?: number };
}

export interface RunningHub {
  readonly url: string;
  readonly port: number;
  /** with TLS: the certificate's SHA-256 fingerprint (64 hex) and the pairing code made from it */
  readonly fingerprint256: string | null;
  readonly pairingCode: string | null;
  close(): Promise<void>;
}

/** Seconds a terminal waits before retrying when the database is down. */
const retryAfterS = 5;

/** Loopback addresses: plain http is allowed there only (nothing leaves the machine). */
export const isLoopbackHost = (host: string): boolean =>
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';

/**
 * Starts the hub's JSON API: plain http on 127.0.0.1 (the default), https with the operator's certificate
 * on any address, or plain http on another address only behind a TLS-terminating proxy (insecureBehindProxy).
 */
export async function startHub(opts: HubServerOptions): Promise<RunningHub> {
  const host = opts.host ?? '127.0.0.1';
  if (!opts.tls && !opts.insecureBehindProxy && !isLoopbackHost(host)) {
    throw new TillpointError(
      'hub.insecure_bind',
      `The hub would listen on ${host} without TLS, so tills across the network would send sales and secrets ` +
        'in the clear. Give --tls-cert and --tls-key, or --insecure-behind-proxy when a reverse proxy in front ' +
        'of it terminates TLS (README: The hub across the network).',
      { host },
    );
  }
  const fingerprint256 = opts.tls
    ? new X509Certificate(opts.tls.certPem).fingerprint256.replace(/:/g, '').toLowerCase()
    : null;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => undefined);
  const { store } = opts;
  const limits: EntryLimits = { ...defaultEntryLimits, ...opts.limits };
  const bodyDepth = limits.maxDepth + batchWrapperDepth;

  /**
   * Checks X-Terminal-Id / X-Timestamp / X-Signature; returns the terminal id. Nothing unsigned writes. Once
   * the signature holds, every answer to the request carries the answer MAC (ctx.mac), the clock-skew refusal
   * included, so the till can trust what it is told; an answer before that point carries none, and a till
   * treats it as no answer.
   */
  async function authenticate(
    req: http.IncomingMessage,
    body: Buffer,
    ctx: { mac?: AnswerMac },
  ): Promise<string> {
    const header = (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return typeof value === 'string' ? value : undefined;
    };
    const terminalId = header(hubSignatureHeaders.terminalId);
    const timestamp = header(hubSignatureHeaders.timestamp);
    const signature = header(hubSignatureHeaders.signature);
    const requestId = header(hubSignatureHeaders.requestId);
    if (terminalId === undefined || timestamp === undefined || signature === undefined) {
      throw new HttpError(
        401,
        'hub.unauthenticated',
        'This request must be signed: X-Terminal-Id, X-Timestamp and X-Signature are required. Enroll the terminal first.',
      );
    }
    if (!/^\d{1,16}$/.test(timestamp)) {
      throw new HttpError(401, 'hub.bad_timestamp', 'X-Timestamp must be unix milliseconds.');
    }
    if (requestId !== undefined && !hubRequestIdPattern.test(requestId)) {
      throw new HttpError(401, 'hub.bad_signature', 'X-Request-Id must be 32 lower-case hex digits.');
    }
    const secret = /^[0-9a-f-]{36}$/.test(terminalId) ? await store.terminalSecret(terminalId) : undefined;
    const method = req.method ?? '';
    const target = req.url ?? '';
    const expected =
      secret === undefined
        ? undefined
        : createHmac('sha256', secret)
            .update(hubCanonicalRequest(method, target, timestamp, sha256Hex(body), requestId))
            .digest();
    const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : undefined;
    if (expected === undefined || given === undefined || !timingSafeEqual(expected, given)) {
      // one answer for "unknown terminal" and "wrong signature", so ids cannot be probed
      throw new HttpError(401, 'hub.bad_signature', 'The request signature does not match this terminal.');
    }
    if (requestId !== undefined && secret !== undefined) ctx.mac = { method, target, requestId, secret };
    const hubNow = now();
    const skewMs = Number(timestamp) - hubNow;
    if (Math.abs(skewMs) > hubSignatureWindowMs) {
      const seconds = Math.round(Math.abs(skewMs) / 1000);
      throw new HttpError(
        401,
        'hub.clock_skew',
        `The terminal's clock is ${seconds} s ${skewMs > 0 ? 'ahead of' : 'behind'} the hub's ` +
          `(allowed ±${hubSignatureWindowMs / 1000} s). Fix the date, time and time zone on the terminal, then retry.`,
        {
          hubTime: new Date(hubNow).toISOString(),
          terminalTime: new Date(Number(timestamp)).toISOString(),
          skewMs,
        },
      );
    }
    return terminalId;
  }

  async function enroll(body: Buffer) {
    const parsed = enrollRequest.safeParse(parseJson(body, bodyDepth));
    if (!parsed.success) {
      throw new HttpError(400, 'hub.bad_request', 'The enrollment request is malformed.', {
        issues: issuesOf(parsed.error),
      });
    }
    const codeHash = hashEnrollCode(parsed.data.code);
    const { enrollKey } = parsed.data;
    const derived = enrollKey === undefined ? undefined : await enrollmentOf(codeHash, enrollKey);
    const terminal = {
      id: derived?.id ?? randomUUID(),
      name: parsed.data.name,
      secret: derived?.secret ?? randomBytes(32).toString('base64url'),
    };
    const at = new Date(now());
    if (!(await store.enroll(codeHash, terminal, at))) {
      // the same till retrying (its reply was lost after the commit): the same enrollment again. Only the
      // holder of the code AND the till's key can name the terminal the code made.
      const used = derived === undefined ? undefined : await store.codeTerminal(codeHash);
      // answered again only within a code's lifetime after its use: a lost reply is retried in minutes, and
      // a code and key found later (a note, a copied data folder) no longer give the secret out
      if (
        derived !== undefined &&
        used?.terminalId === derived.id &&
        now() - used.usedAt.getTime() < enrollCodeTtlMs
      ) {
        const secret = await store.terminalSecret(derived.id);
        if (secret !== undefined) {
          log(`enrollment of terminal ${derived.id} answered again (a retry with the same code and key)`);
          return { terminalId: derived.id, secret };
        }
      }
      throw new HttpError(
        403,
        'hub.enroll_code_invalid',
        'This enrollment code is unknown, already used or expired; ask the hub operator for a new one.',
      );
    }
    log(`enrolled terminal ${terminal.id} (${terminal.name})`);
    return { terminalId: terminal.id, secret: terminal.secret };
  }

  /**
   * A retry-safe enrollment's terminal id and secret, derived from the code, the till's key and a key only
   * the hub holds (kept in the database, so every hub process derives the same): a retry gets the same.
   */
  async function enrollmentOf(codeHash: string, enrollKey: string): Promise<{ id: string; secret: string }> {
    const hubKey = await store.secret(
      'enroll-derivation',
      randomBytes(32).toString('base64url'),
      new Date(now()),
    );
    const mac = (label: string) =>
      createHmac('sha256', Buffer.from(hubKey, 'base64url'))
        .update(`${label}\n${codeHash}\n${sha256Hex(enrollKey)}`)
        .digest();
    const b = mac('terminal-id').subarray(0, 16);
    // a version 4 UUID's layout (RFC 9562 §5.4) over derived bits
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const hex = b.toString('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { id, secret: mac('secret').toString('base64url') };
  }

  async function ingest(terminalId: string, body: Buffer) {
    // one pass: the depth bound and where each payload's bytes are (hashed as sent, entry-digest.ts)
    const scanned = scanOutboxBatch(body, bodyDepth);
    if (scanned.tooDeep) throw tooDeep(bodyDepth);
    const json = parseJsonUnchecked(body);
    const count = (json as { entries?: unknown } | null)?.entries;
    if (Array.isArray(count) && count.length > hubMaxBatchItems) {
      throw new HttpError(413, 'hub.too_many_entries', `A batch holds at most ${hubMaxBatchItems} entries.`, {
        maxBatchItems: hubMaxBatchItems,
        entries: count.length,
      });
    }
    const parsed = outboxBatch.safeParse(json);
    if (!parsed.success) {
      throw new HttpError(400, 'hub.bad_request', 'The batch is malformed; nothing was written.', {
        issues: issuesOf(parsed.error),
      });
    }
    const spans = scanned.spans?.length === parsed.data.entries.length ? scanned.spans : null;
    const results: (ItemResult | undefined)[] = [];
    const valid: { index: number; entry: ValidEntry }[] = [];
    parsed.data.entries.forEach((e, index) => {
      const schema = Object.hasOwn(outboxPayloadSchemas, e.kind)
        ? outboxPayloadSchemas[e.kind as OutboxKind]
        : undefined;
      if (schema === undefined) {
        results[index] = {
          idempotencyKey: e.idempotencyKey,
          status: 'rejected',
          code: 'hub.entry_unknown_kind',
          reason: `unknown kind "${e.kind}"`,
        };
        return;
      }
      const payload = schema.safeParse(e.payload);
      if (!payload.success) {
        const first = payload.error.issues[0];
        results[index] = {
          idempotencyKey: e.idempotencyKey,
          status: 'rejected',
          code: 'hub.entry_invalid',
          reason: `invalid ${e.kind} payload at ${first?.path.join('.') || 'the top'}: ${first?.message ?? 'invalid'}`,
        };
        return;
      }
      const refused = checkEntry(e.kind, payload.data, e.payload, e.createdAt, now(), limits);
      if (refused !== null) {
        results[index] = { idempotencyKey: e.idempotencyKey, status: 'rejected', ...refused };
        logAt(log, 'warn')(`rejected ${e.idempotencyKey} from ${terminalId}: ${refused.code}`, {
          reason: refused.reason,
        });
        return;
      }
      const payment =
        e.kind === 'payment.final'
          ? paymentRecordOf(e.idempotencyKey, payload.data as PaymentFinalPayload)
          : undefined;
      if (payment?.ok === false) {
        results[index] = {
          idempotencyKey: e.idempotencyKey,
          status: 'rejected',
          code: 'hub.entry_invalid',
          reason: payment.reason,
        };
        return;
      }
      // the payload as sent (not the parsed copy, which drops unknown fields)
      const digest = digestEntry(e.kind, e.payload, body, spans?.[index] ?? null);
      valid.push({
        index,
        entry: {
          idempotencyKey: e.idempotencyKey,
          kind: e.kind,
          payload: digest.payload,
          payloadSha256: digest.payloadSha256,
          createdAt: e.createdAt,
          ...(payment === undefined ? {} : { payment: payment.record }),
        },
      });
    });
    const outcomes =
      valid.length === 0
        ? []
        : await store.ingest(
            terminalId,
            valid.map((v) => v.entry),
            new Date(now()),
          );
    valid.forEach((v, i) => {
      const o = sameValueAsStored(outcomes[i], parsed.data.entries[v.index]!.payload);
      const key = v.entry.idempotencyKey;
      results[v.index] =
        o === undefined || o.status === 'conflict'
          ? {
              idempotencyKey: key,
              status: 'conflict',
              reason: 'this key was already accepted with a different payload; this entry was not applied',
            }
          : { idempotencyKey: key, status: o.status, hubSeq: o.hubSeq, receivedAt: o.receivedAt };
    });
    const head = parsed.data.journalHead;
    const journal = head === undefined ? undefined : await judgeHead(terminalId, head);
    return {
      results: results.filter((r): r is ItemResult => r !== undefined),
      ...(journal === undefined ? {} : { journal }),
    };
  }

  /** The till's journal head, after its entries are kept: a wrong-looking journal never loses a sale. */
  async function judgeHead(terminalId: string, head: JournalHeadWire) {
    const verdict = await store.recordJournalHead(terminalId, head, new Date(now()));
    const warning = journalWarning(verdict, verdict.furthestSeq);
    if (warning.status !== 'ok') {
      logAt(log, 'warn')(`journal of ${terminalId}: ${warning.code}`, {
        seq: head.seq,
        detail: verdict.detail,
      });
    }
    return warning;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, ctx: { mac?: AnswerMac }) {
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const route = Object.values(hubPaths).find((p) => p === path);
    if (route === undefined) throw new HttpError(404, 'hub.not_found', `No such path: ${path}`);
    const method =
      route === hubPaths.health || route === hubPaths.catalog || route === hubPaths.staffKey ? 'GET' : 'POST';
    if (req.method !== method) {
      throw new HttpError(405, 'hub.method_not_allowed', `${route} takes ${method}.`, undefined, {
        allow: method,
      });
    }
    if (route === hubPaths.health) {
      await store.ping();
      send(res, 200, { ok: true, storage: store.dialect });
      return;
    }
    const body = await readBody(req);
    if (route === hubPaths.enroll) {
      send(res, 201, await enroll(body));
      return;
    }
    // the signature covers the request target with its query, and the (empty) body of a GET
    const terminalId = await authenticate(req, body, ctx);
    const answer = (value: unknown) => send(res, 200, value, {}, ctx.mac);
    if (route === hubPaths.catalog) {
      answer(await pullCatalog(store, new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt))));
      return;
    }
    if (route === hubPaths.staffKey) {
      // only for the terminal that asked, sealed under its own link secret
      const secret = (await store.terminalSecret(terminalId)) ?? '';
      const key = await hubStaffKey(store, new Date(now()));
      answer({ sealed: sealStaffKey(key, terminalId, secret) } satisfies StaffKeyResponse);
      return;
    }
    if (route === hubPaths.offlineCodeStatus) {
      answer(await offlineCodeStatus(store, terminalId, parseJson(body, bodyDepth)));
      return;
    }
    answer(await ingest(terminalId, body));
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const ctx: { mac?: AnswerMac } = {};
    handle(req, res, ctx).catch((error: unknown) => {
      let e: HttpError;
      if (error instanceof HttpError) {
        e = error;
        // a refusal the terminal will show or retry: what support reads when a till says "the hub refused"
        logAt(log, 'warn')(`${req.method} ${req.url}: ${e.status} ${e.code}`, e.details);
      } else if (error instanceof HubStoreUnavailable) {
        logAt(log, 'error')(`${req.method} ${req.url}: the database is not answering`, error);
        e = new HttpError(
          503,
          'hub.unavailable',
          `The hub's database is not answering; nothing was written. Retry in ${retryAfterS} s.`,
          undefined,
          { 'retry-after': String(retryAfterS) },
        );
      } else {
        logAt(log, 'error')(`${req.method} ${req.url}: internal error`, error);
        e = new HttpError(500, 'internal', 'The hub failed unexpectedly; nothing was written.');
      }
      const body: HubErrorBody = {
        error: {
          code: e.code,
          message: e.message,
          ...(e.details === undefined ? {} : { details: e.details }),
        },
      };
      if (!res.headersSent)
        send(
          res,
          e.status,
          body,
          { ...e.headers, ...(e.status === 413 ? { connection: 'close' } : {}) },
          ctx.mac,
        );
      else res.destroy();
    });
  };
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const stopSettling = opts.offlineIssuer
    ? startSettleLoop(store, opts.offlineIssuer, () => new Date(now()), logAt(log, 'warn'))
    : () => undefined;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    fingerprint256,
    pairingCode: fingerprint256 === null ? null : pairingCodeOf(fingerprint256),
    close: () =>
      new Promise<void>((resolve) => {
        stopSettling();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
