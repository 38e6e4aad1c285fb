import { createHash, createHmac } from 'node:crypto';
import { parseRetryAfter } from '../../core/backoff.js';
import type { ProblemDto } from '../../shared/dto.js';
import {
  catalogPullResponse,
  enrollResponse,
  hubCanonicalRequest,
  hubErrorBody,
  hubPaths,
  hubSignatureHeaders,
  outboxResponse,
  type CatalogPullResponse,
  type EnrollResponse,
  type OutboxResponse,
} from '../../shared/hub-api.js';
import { staffKeyResponse, type StaffKeyResponse } from '../../shared/hub-staff.js';
import { requestJson, type HttpOutcome } from '../payments/http-json.js';

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
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

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
}

export function createHubClient(options: HubClientOptions) {
  const timeoutMs = options.timeoutMs ?? 15_000;

  function signed(cred: HubCredentials, method: 'GET' | 'POST', target: string, body: string) {
    const timestamp = String(options.now().getTime());
    const signature = createHmac('sha256', cred.secret)
      .update(hubCanonicalRequest(method, target, timestamp, sha256Hex(body)))
      .digest('hex');
    return {
      [hubSignatureHeaders.terminalId]: cred.terminalId,
      [hubSignatureHeaders.timestamp]: timestamp,
      [hubSignatureHeaders.signature]: signature,
    };
  }

  const url = (hubUrl: string, target: string) =>
    new URL(target, hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`);

  return {
    async enroll(hubUrl: string, code: string, name: string): Promise<HubAnswer<EnrollResponse>> {
      const body = JSON.stringify({ code, name });
      const outcome = await requestJson('POST', url(hubUrl, hubPaths.enroll), body, {}, timeoutMs);
      return classify(outcome, (b) => enrollResponse.safeParse(b).data ?? null, options.now());
    },

    /** `body` is the batch's JSON text, built by the caller from the stored payload text. */
    async sendBatch(cred: HubCredentials, body: string): Promise<HubAnswer<OutboxResponse>> {
      const headers = signed(cred, 'POST', hubPaths.outbox, body);
      const outcome = await requestJson('POST', url(cred.hubUrl, hubPaths.outbox), body, headers, timeoutMs);
      return classify(outcome, (b) => outboxResponse.safeParse(b).data ?? null, options.now());
    },

    async pullCatalog(
      cred: HubCredentials,
      after: string,
      limit: number,
    ): Promise<HubAnswer<CatalogPullResponse>> {
      const target = `${hubPaths.catalog}?after=${encodeURIComponent(after)}&limit=${limit}`;
      const outcome = await requestJson(
        'GET',
        url(cred.hubUrl, target),
        '',
        signed(cred, 'GET', target, ''),
        timeoutMs,
      );
      return classify(outcome, (b) => catalogPullResponse.safeParse(b).data ?? null, options.now());
    },

    /** The hub's staff key, sealed for this terminal (src/shared/hub-staff.ts). */
    async fetchStaffKey(cred: HubCredentials): Promise<HubAnswer<StaffKeyResponse>> {
      const target = hubPaths.staffKey;
      const outcome = await requestJson(
        'GET',
        url(cred.hubUrl, target),
        '',
        signed(cred, 'GET', target, ''),
        timeoutMs,
      );
      return classify(outcome, (b) => staffKeyResponse.safeParse(b).data ?? null, options.now());
    },
  };
}

export type HubClient = ReturnType<typeof createHubClient>;
