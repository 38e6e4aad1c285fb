import { createHash, createHmac, randomUUID } from 'node:crypto';
import { canonicalRequest, gatewaySignatureHeaders } from '../shared/gateway-signature.js';
import {
  offlineCodeCapturedPayload,
  offlineCodeStatusRequest,
  settlementResponse,
} from '../shared/offline-code-dto.js';
import { HttpError } from './http-error.js';
import type { HubStore } from './hub-store.js';
import type { NewOfflineCodeRecord } from './offline-code-records.js';

/**
 * Settlement of offline payment codes: the hub copies each `offline_code.captured` entry it accepted into
 * its book (offline_code_records), sends the pending records to the issuer in batches (the sandbox's
 * signed POST /v1/offline/settle, as Alipay's offlinepay.trade.settle takes a trade_list) and keeps the
 * answer per record. Exactly once: the record id is the issuer's idempotency key, so a batch whose answer
 * was lost is sent again and answered the same; an answer changes only a pending record.
 */
export interface IssuerLink {
  /** the issuer's base URL (the sandbox gateway) */
  readonly url: string;
  readonly merchantId: string;
  /** the merchant's HMAC key at the issuer */
  readonly key: string;
  readonly timeoutMs?: number;
}

export interface SettleRound {
  readonly copied: number;
  readonly sent: number;
  readonly settled: number;
  /** why the issuer could not be asked (the records stay pending for the next round); null when it answered */
  readonly error: string | null;
}

const BATCH = 100;

/** Copies new captured entries into the book; answers how many. */
export async function copyCapturedEntries(store: HubStore): Promise<number> {
  let copied = 0;
  let previousFirst = -1;
  for (;;) {
    const entries = await store.uncopiedCapturedEntries(500);
    // an entry whose record id another entry already holds stays out of the book: never loop on it
    if (entries.length === 0 || entries[0]!.hubSeq === previousFirst) return copied;
    previousFirst = entries[0]!.hubSeq;
    const rows: NewOfflineCodeRecord[] = [];
    for (const e of entries) {
      // the hub checked the payload with this schema when it accepted the entry
      const p = offlineCodeCapturedPayload.parse(JSON.parse(e.payload));
      rows.push({
        recordId: p.recordId,
        hubSeq: e.hubSeq,
        terminalId: e.terminalId,
        saleId: p.saleId,
        issuerId: p.issuerId,
        keyId: p.keyId,
        userId: p.userId,
        counter: p.counter,
        amount: p.amount.amount,
        currency: p.amount.currency,
        payload: e.payload,
        capturedAt: p.capturedAt,
      });
    }
    await store.addOfflineCodeRecords(rows);
    copied += rows.length;
    if (entries.length < 500) return copied;
  }
}

async function postSigned(link: IssuerLink, path: string, payload: unknown): Promise<unknown> {
  const body = JSON.stringify(payload);
  const timestamp = String(Date.now());
  const nonce = randomUUID();
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  const signature = createHmac('sha256', link.key)
    .update(canonicalRequest('POST', path, timestamp, nonce, bodyHash), 'utf8')
    .digest('hex');
  const res = await fetch(new URL(path, link.url), {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      [gatewaySignatureHeaders.merchantId]: link.merchantId,
      [gatewaySignatureHeaders.timestamp]: timestamp,
      [gatewaySignatureHeaders.nonce]: nonce,
      [gatewaySignatureHeaders.signature]: signature,
    },
    signal: AbortSignal.timeout(link.timeoutMs ?? 10_000),
  });
  if (!res.ok) throw new Error(`the issuer answered ${res.status}`);
  return res.json();
}

/** One round: copy, then send every pending record in batches until none is left or the issuer fails. */
export async function settleOfflineCodes(
  store: HubStore,
  link: IssuerLink,
  now: () => Date,
): Promise<SettleRound> {
  const copied = await copyCapturedEntries(store);
  let sent = 0;
  let settled = 0;
  for (;;) {
    const pending = await store.pendingOfflineCodeRecords(BATCH);
    if (pending.length === 0) return { copied, sent, settled, error: null };
    await store.markOfflineCodeAttempt(pending.map((r) => r.recordId));
    sent += pending.length;
    let answer: unknown;
    try {
      answer = await postSigned(link, '/v1/offline/settle', {
        merchantId: link.merchantId,
        records: pending.map((r) => JSON.parse(r.payload) as unknown),
      });
    } catch (error) {
      return { copied, sent, settled, error: (error as Error).message };
    }
    const parsed = settlementResponse.safeParse(answer);
    if (!parsed.success)
      return { copied, sent, settled, error: 'the issuer sent an answer that is not a result list' };
    const asked = new Set(pending.map((r) => r.recordId));
    // only answers for what was asked: an issuer's stray result never settles another record
    const changed = await store.settleOfflineCodeRecords(
      parsed.data.results.filter((r) => asked.has(r.recordId)),
      now(),
    );
    settled += changed;
    if (changed === 0) return { copied, sent, settled, error: 'the issuer answered none of the records' };
  }
}

/** The merchant's view: every record and its state, the rejected ones as debts, totals per currency. */
export async function offlineCodesReport(store: HubStore) {
  await copyCapturedEntries(store);
  const records = await store.offlineCodeRecords();
  const totals: Record<string, { accepted: number; rejected: number; pending: number }> = {};
  for (const r of records) {
    const t = (totals[r.currency] ??= { accepted: 0, rejected: 0, pending: 0 });
    t[r.status] += r.amount;
  }
  const view = (r: (typeof records)[number]) => ({
    recordId: r.recordId,
    terminalId: r.terminalId,
    saleId: r.saleId,
    issuerId: r.issuerId,
    userId: r.userId,
    counter: r.counter,
    amount: { amount: r.amount, currency: r.currency },
    capturedAt: r.capturedAt,
    status: r.status,
    reason: r.reason,
    attempts: r.attempts,
    settledAt: r.settledAt,
  });
  return {
    records: records.map(view),
    /** goods given for codes the issuer refused to pay: the merchant's loss to chase */
    debts: records.filter((r) => r.status === 'rejected').map(view),
    totals,
  };
}

/**
 * Settles in the background every `intervalMs` (one round at a time); a failed round leaves the records
 * pending and is logged. Answers stop().
 */
export function startSettleLoop(
  store: HubStore,
  link: IssuerLink & { readonly intervalMs?: number },
  now: () => Date,
  log: (line: string, details?: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    settleOfflineCodes(store, link, now)
      .then((round) => {
        if (round.error !== null || round.settled > 0) log('offline codes: settlement round', round);
      })
      .catch((error: unknown) => log('offline codes: settlement failed', String(error)))
      .finally(() => {
        running = false;
      });
  }, link.intervalMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** A till's question: how did these records of mine settle? Only this terminal's settled records are answered. */
export async function offlineCodeStatus(store: HubStore, terminalId: string, body: unknown) {
  const parsed = offlineCodeStatusRequest.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(400, 'hub.bad_request', 'The offline code status request is malformed.', {
      issues: parsed.error.issues.map((i) => i.message),
    });
  }
  const rows = await store.offlineCodeStatuses(terminalId, parsed.data.recordIds);
  return {
    results: rows
      .filter((r) => r.status !== 'pending')
      .map((r) => ({ recordId: r.recordId, status: r.status as 'accepted' | 'rejected', reason: r.reason })),
  };
}
