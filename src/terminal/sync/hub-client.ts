import { offlineCodeStatusResponse } from '../../shared/offline-code-dto.js';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import tls from 'node:tls';
import { parseRetryAfter } from '../../core/backoff.js';
import type { ProblemDto } from '../../shared/dto.js';
import {
  catalogPullResponse,
  enrollResponse,
  hubCanonicalRequest,
  hubCanonicalResponse,
  hubErrorBody,
  hubPaths,
  hubSignatureHeaders,
  outboxResponse,
  type CatalogPullResponse,
  type EnrollResponse,
  type OutboxResponse,
} from '../../shared/hub-api.js';
import { staffKeyResponse, type StaffKeyResponse } from '../../shared/hub-staff.js';
import { logAt, type Log } from '../../shared/log.js';
import {
  normalizeFingerprint,
  requestRaw,
  type HttpOutcome,
  type RequestOptions,
} from '../payments/http-json.js';

/**
 * The terminal's side of the hub's HTTP API (src/shared/hub-api.ts): signs each request and turns every
 * way a call can end into one answer the sync client acts on.
 * - ok: the hub answered 2xx with a body of the contract's shape.
 * - offline: no reply (refused, timed out, reset, lost after sending). The entries stay queued; sending
 *   them again is safe because the hub dedupes on the idempotency key.
 * - busy: 5xx or 429; the hub may say when to come back (Retry-After).
 * - refused: 4xx about the request itself (400 malformed, 413 too big): the client splits the batch down
 *   to the one entry at fault and parks it with the hub's reason.
 * - auth: 401/403 (bad signature, clock skew, unknown terminal): nothing is parked, the reason is shown.
 * Every answer to a signed request must carry the hub's MAC over it (hubCanonicalResponse, bound to this
 * request's fresh id); one without it, or with a wrong one, is no answer: offline, nothing applied, logged.
 */
export type HubAnswer<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'offline'; readonly problem: ProblemDto }
  | { readonly kind: 'busy'; readonly problem: ProblemDto; readonly retryAfterMs: number | null }
  | { readonly kind: 'refused'; readonly status: number; readonly problem: ProblemDto }
  | { readonly kind: 'auth'; readonly problem: ProblemDto };

export interface HubCredentials {
  readonly hubUrl: string;
  readonly terminalId: string;
  readonly secret: string;
  /** the hub certificate's fingerprint the till enrolled with: that certificate and no other is trusted */
  readonly pinSha256: string | null;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The transport's TLS options for a hub: its pinned certificate, or (no pin) the system's CAs. */
const transport = (pinSha256: string | null): RequestOptions =>
  pinSha256 === null ? {} : { tls: { pinSha256 } };

/** The hub's own words when it sent them, ours otherwise. */
function hubProblem(outcome: Extract<HttpOutcome, { kind: 'reply' }>, fallback: ProblemDto): ProblemDto {
  const parsed = hubErrorBody.safeParse(outcome.body);
  return parsed.success ? { code: parsed.data.error.code, message: parsed.data.error.message } : fallback;
}

function classify<T>(outcome: HttpOutcome, parse: (body: unknown) => T | null, now: Date): HubAnswer<T> {
  switch (outcome.kind) {
    case 'unreachable':
      return {
        kind: 'offline',
        problem: { code: 'sync.offline', message: `The hub cannot be reached (${outcome.error}).` },
      };
    case 'timeout':
      return {
        kind: 'offline',
        problem: { code: 'sync.offline', message: 'The hub did not answer in time.' },
      };
    case 'lost':
      return {
        kind: 'offline',
        problem: { code: 'sync.offline', message: `The connection to the hub broke (${outcome.error}).` },
      };
    case 'reply':
      break;
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) {
    const value = parse(outcome.body);
    if (value !== null) return { kind: 'ok', value };
    return {
      kind: 'busy',
      problem: {
        code: 'sync.bad_reply',
        message: `The hub answered ${status} with a reply this till cannot read.`,
      },
      retryAfterMs: null,
    };
  }
  const fallback = { code: 'sync.hub_error', message: `The hub answered ${status}.` };
  if (status === 401 || status === 403) return { kind: 'auth', problem: hubProblem(outcome, fallback) };
  if (status === 429 || status >= 500) {
    const header = outcome.headers['retry-after'];
    return {
      kind: 'busy',
      problem: hubProblem(outcome, fallback),
      retryAfterMs: parseRetryAfter(Array.isArray(header) ? header[0] : header, now),
    };
  }
  return { kind: 'refused', status, problem: hubProblem(outcome, fallback) };
}

export interface HubClientOptions {
  readonly now: () => Date;
  /** a request with no reply by then counts as offline (default 15 s) */
  readonly timeoutMs?: number;
  /** where an answer that fails its MAC is reported (never with the secret) */
  readonly log?: Log;
}

/** What the till learned of a hub's certificate before trusting it (enrollment with a pairing code). */
export type CertificateProbe =
  | { readonly kind: 'certificate'; readonly fingerprint256: string }
  | { readonly kind: 'offline'; readonly problem: ProblemDto };

export function createHubClient(options: HubClientOptions) {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const log = options.log ?? (() => undefined);

  /** A signed request: its headers, and the check of the answer's MAC against this request's id. */
  function signed(cred: HubCredentials, method: 'GET' | 'POST', target: string, body: string) {
    const timestamp = String(options.now().getTime());
    const requestId = randomBytes(16).toString('hex');
    const signature = createHmac('sha256', cred.secret)
      .update(hubCanonicalRequest(method, target, timestamp, sha256Hex(body), requestId))
      .digest('hex');
    const headers = {
      [hubSignatureHeaders.terminalId]: cred.terminalId,
      [hubSignatureHeaders.timestamp]: timestamp,
      [hubSignatureHeaders.signature]: signature,
      [hubSignatureHeaders.requestId]: requestId,
    };
    /** the outcome as it may be believed; null: a reply whose MAC fails, which is no reply */
    const verified = (outcome: HttpOutcome): HttpOutcome | null => {
      if (outcome.kind !== 'reply') return outcome;
      const given = outcome.headers[hubSignatureHeaders.responseMac.toLowerCase()];
      const expected = createHmac('sha256', cred.secret)
        .update(hubCanonicalResponse(method, target, outcome.status, requestId, sha256Hex(outcome.bytes)))
        .digest();
      const ok =
        typeof given === 'string' &&
        /^[0-9a-f]{64}$/.test(given) &&
        timingSafeEqual(Buffer.from(given, 'hex'), expected);
      // a 5xx or 429 can only make the till wait and apply nothing, as a dropped answer would; a hub whose
      // database is down cannot read the secret to MAC its 503, so it is believed that far (classify: busy)
      if (ok || outcome.status === 429 || outcome.status >= 500) return outcome;
      logAt(log, 'warn')(
        `sync: an answer to ${method} ${target} failed its MAC (${given === undefined ? 'missing' : 'wrong'}); ignored`,
        { status: outcome.status, requestId },
      );
      return null;
    };
    return { headers, verified };
  }

  const url = (hubUrl: string, target: string) =>
    new URL(target, hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`);

  async function signedCall<T>(
    cred: HubCredentials,
    method: 'GET' | 'POST',
    target: string,
    body: string,
    parse: (b: unknown) => T | null,
  ): Promise<HubAnswer<T>> {
    const { headers, verified } = signed(cred, method, target, body);
    const outcome = verified(
      await requestRaw(method, url(cred.hubUrl, target), body, headers, timeoutMs, transport(cred.pinSha256)),
    );
    if (outcome === null) {
      return {
        kind: 'offline',
        problem: {
          code: 'sync.reply_unauthenticated',
          message: 'An answer that claimed to come from the hub could not be verified; it was ignored.',
        },
      };
    }
    return classify(outcome, parse, options.now());
  }

  return {
    /**
     * The certificate a hub at an https URL shows, read without trusting it (nothing is sent): the till
     * compares its pairing code with the one the operator read off the hub, then pins it.
     */
    probeCertificate(hubUrl: string): Promise<CertificateProbe> {
      const u = new URL(hubUrl);
      const host = u.hostname.replace(/^\[|\]$/g, '');
      return new Promise((resolve) => {
        const socket = tls.connect({
          host,
          port: Number(u.port || 443),
          // read only: nothing is written on this connection, and the certificate is judged by its pin
          rejectUnauthorized: false,
          ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
        });
        const timer = setTimeout(() => finish(null, 'no TLS handshake before the timeout'), timeoutMs);
        function finish(fingerprint: string | null, error?: string) {
          clearTimeout(timer);
          socket.destroy();
          resolve(
            fingerprint !== null
              ? { kind: 'certificate', fingerprint256: fingerprint }
              : {
                  kind: 'offline',
                  problem: { code: 'sync.offline', message: `The hub cannot be reached (${error ?? ''}).` },
                },
          );
        }
        socket.once('secureConnect', () => {
          const fp = socket.getPeerCertificate().fingerprint256;
          finish(fp ? normalizeFingerprint(fp) : null, 'the hub showed no certificate');
        });
        socket.once('error', (e: NodeJS.ErrnoException) =>
          finish(null, `${e.code ?? 'error'}: ${e.message}`),
        );
      });
    },

    /**
     * Enrollment: over https pinned to `pinSha256` when given (the certificate the pairing code matched), or
     * the system's CAs; plain http only to this machine (the caller refuses it otherwise).
     */
    async enroll(
      hubUrl: string,
      code: string,
      name: string,
      enrollKey: string,
      pinSha256: string | null,
    ): Promise<HubAnswer<EnrollResponse>> {
      const body = JSON.stringify({ code, name, enrollKey });
      const outcome = await requestRaw(
        'POST',
        url(hubUrl, hubPaths.enroll),
        body,
        {},
        timeoutMs,
        transport(pinSha256),
      );
      return classify(outcome, (b) => enrollResponse.safeParse(b).data ?? null, options.now());
    },

    /** `body` is the batch's JSON text, built by the caller from the stored payload text. */
    sendBatch: (cred: HubCredentials, body: string): Promise<HubAnswer<OutboxResponse>> =>
      signedCall(cred, 'POST', hubPaths.outbox, body, (b) => outboxResponse.safeParse(b).data ?? null),

    pullCatalog: (
      cred: HubCredentials,
      after: string,
      limit: number,
    ): Promise<HubAnswer<CatalogPullResponse>> =>
      signedCall(
        cred,
        'GET',
        `${hubPaths.catalog}?after=${encodeURIComponent(after)}&limit=${limit}`,
        '',
        (b) => catalogPullResponse.safeParse(b).data ?? null,
      ),

    /** The hub's staff key, sealed for this terminal (src/shared/hub-staff.ts). */
    fetchStaffKey: (cred: HubCredentials): Promise<HubAnswer<StaffKeyResponse>> =>
      signedCall(cred, 'GET', hubPaths.staffKey, '', (b) => staffKeyResponse.safeParse(b).data ?? null),

    /** How the issuer answered these offline code records of this till (only the settled ones come back). */
    offlineCodeStatus: (cred: HubCredentials, recordIds: readonly string[]) =>
      signedCall(
        cred,
        'POST',
        hubPaths.offlineCodeStatus,
        JSON.stringify({ recordIds }),
        (b) => offlineCodeStatusResponse.safeParse(b).data ?? null,
      ),
  };
}

export type HubClient = ReturnType<typeof createHubClient>;
