import QRCode from 'qrcode';
import { offlineCodeAlgorithms, type OfflineCodeAlgorithm } from '../core/offline-code.js';
import { z } from 'zod';
import type { OfflineIssuer } from './offline-issuer.js';
import type { Json, Reply } from './reply.js';

/**
 * The sandbox issuer's HTTP side (src/gateway/offline-issuer.ts), registered in the gateway's tables:
 *
 *   GET  /sandbox/offline/keys                      the public keys by key id (what the hub publishes)
 *   POST /sandbox/offline/keys/rotate {algorithm}   a new key; the old one gets its not-after
 *   POST /sandbox/offline/users {userId?, creditLimit?, currency?}   enrolls a demo user
 *   POST /sandbox/offline/users/:user/codes {algorithm?, validForS?, count?}   signed codes (JSON)
 *   GET  /sandbox/offline/users/:user/page          an HTML page a phone shows: the QR (SVG) and its text
 *   GET  /sandbox/offline/settlements               what was settled, with how often each record came
 *   POST /v1/offline/settle {records}               signed like every merchant call: one result per record
 */
type Ctx = { merchantId: string; body: Json; params: string[] };
type Handler = (ctx: Ctx) => Reply;

const json = (status: number, body: Json): Reply => ({ status, body });
const paramError = (message: string) => json(400, { code: 'PARAM_ERROR', message });
const algorithmOf = (v: unknown): OfflineCodeAlgorithm | null =>
  v === undefined ? 'sm2-sm3' : (offlineCodeAlgorithms.find((a) => a === v) ?? null);
const optionalInt = (v: unknown, min: number, max: number): number | null | undefined =>
  v === undefined
    ? undefined
    : Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max
      ? (v as number)
      : null;

export function offlineIssuerRoutes(issuer: OfflineIssuer, test: boolean): Record<string, Handler> {
  return {
    'GET /sandbox/offline/keys': () => json(200, { keys: issuer.keys() }),
    'POST /sandbox/offline/keys/rotate': ({ body }) => {
      const algorithm = algorithmOf(body.algorithm);
      if (algorithm === null) return paramError(`algorithm: one of ${offlineCodeAlgorithms.join(', ')}`);
      return json(200, { key: issuer.rotate(algorithm), keys: issuer.keys() });
    },
    'POST /sandbox/offline/users': ({ body }) => {
      const creditLimit = optionalInt(body.creditLimit, 0, 0xffff_ffff);
      if (creditLimit === null) return paramError('creditLimit: minor units, 0 to 4294967295');
      const userId = body.userId;
      if (userId !== undefined && (typeof userId !== 'string' || !/^[\x21-\x7e]{1,64}$/.test(userId))) {
        return paramError('userId: 1 to 64 printable ASCII characters');
      }
      const currency = body.currency;
      if (currency !== undefined && (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))) {
        return paramError('currency: an ISO 4217 code');
      }
      const rejectWith = body.rejectWith;
      if (rejectWith !== undefined && (!test || typeof rejectWith !== 'string')) {
        return json(403, { code: 'TEST_MODE_REQUIRED', message: 'rejectWith is only accepted with --test' });
      }
      return json(
        200,
        issuer.enroll({ userId, creditLimit, currency, rejectWith } as Parameters<
          OfflineIssuer['enroll']
        >[0]),
      );
    },
    'POST /sandbox/offline/users/:user/codes': ({ body, params }) => {
      const algorithm = algorithmOf(body.algorithm);
      const validForS = optionalInt(body.validForS, 1, 0xffff);
      const count = optionalInt(body.count, 1, 20);
      if (algorithm === null || validForS === null || count === null) {
        return paramError('algorithm (sm2-sm3 or ecdsa-p256-sha256), validForS 1-65535, count 1-20');
      }
      const codes: string[] = [];
      for (let i = 0; i < (count ?? 1); i++) {
        const code = issuer.code(params[0] ?? '', algorithm, validForS);
        if (code === null) return json(404, { code: 'USER_NOT_EXIST', message: 'Enroll the user first' });
        codes.push(code);
      }
      return json(200, { codes });
    },
    'GET /sandbox/offline/users/:user/page': ({ params }) => {
      const userId = params[0] ?? '';
      const code = issuer.code(userId);
      if (code === null) return json(404, { code: 'USER_NOT_EXIST', message: 'Enroll the user first' });
      return { status: 200, body: {}, text: codePage(userId, code) };
    },
    'GET /sandbox/offline/settlements': () => json(200, { records: issuer.settlements() }),
  };
}

const settleBody = z.object({
  merchantId: z.string().min(1).max(64),
  records: z.array(z.unknown()).min(1).max(100),
});

/** The signed merchant call: settle records (Alipay's offlinepay.trade.settle answers a result_list). */
export function offlineSettleHandler(issuer: OfflineIssuer): Handler {
  return ({ body }) => {
    // per record, like the result_list: one bad record is refused alone, not the batch
    const parsed = settleBody.safeParse(body);
    if (!parsed.success) return paramError('merchantId and records (1 to 100) are needed');
    const results = issuer.settle(parsed.data.records).map((r, i) => {
      const given = parsed.data.records[i] as { recordId?: unknown } | null;
      const recordId = typeof given?.recordId === 'string' ? given.recordId : '';
      return r === null
        ? { recordId, status: 'rejected', reason: 'invalid_record' }
        : { recordId: r.recordId, status: r.status, reason: r.reason };
    });
    return json(200, { results });
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page a phone shows: the QR as SVG (module squares of the `qrcode` package's matrix), and the text. */
export function codePage(userId: string, code: string): string {
  const qr = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const margin = 4;
  let path = '';
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (qr.modules.get(r, c)) path += `M${c + margin} ${r + margin}h1v1h-1z`;
  }
  const dim = size + margin * 2;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Offline payment code</title></head>
<body style="font-family:sans-serif;text-align:center">
<h1>Offline payment code / 离线付款码</h1>
<p>User ${escapeHtml(userId)}. Show this to the cashier. Reload for a new code.</p>
<svg role="img" aria-label="payment code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" width="320" height="320" shape-rendering="crispEdges"><rect width="${dim}" height="${dim}" fill="#fff"/><path d="${path}" fill="#000"/></svg>
<p><code id="code" style="word-break:break-all">${escapeHtml(code)}</code></p>
</body></html>
`;
}
