import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { demoMerchant } from './gateway.js';
import { signRequest } from './signature.js';

/**
 * A small signed client over node:http for the gateway's integration tests (and the terminal engineer's:
 * *.int.test.ts may cross layers). node:http rather than fetch, so a destroyed socket shows as Node's own
 * "socket hang up" and a test can send bytes no fetch would.
 */

export interface RawResponse {
  status: number;
  body: Record<string, unknown>;
}

export function rawRequest(
  url: string,
  method: string,
  path: string,
  body: string | Buffer | null,
  headers: Record<string, string> = {},
  /** https: the CA that signed the gateway's certificate (a test CA) */
  ca?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    const options = { method, headers, agent: false, ...(secure && ca ? { ca } : {}) };
    const req = (secure ? https : http).request(`${url}${path}`, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Record<string, unknown> = {};
        try {
          parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
        } catch {
          parsed = { text };
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== null) {
      req.setHeader('content-type', 'application/json');
      req.end(body);
    } else req.end();
  });
}

/** rawRequest under another name, for the client whose own `rawRequest` adds the CA */
const sendRaw = rawRequest;

export interface SignedOptions {
  merchantId?: string;
  key?: string;
  timestamp?: number;
  nonce?: string;
  /** Replace the computed signature headers (bad-signature tests). */
  headers?: Record<string, string>;
}

export function gatewayClient(url: string, merchant = demoMerchant, ca?: string) {
  const rawRequest = (u: string, method: string, path: string, body: string | Buffer | null, headers = {}) =>
    sendRaw(u, method, path, body, headers, ca);
  const signedPost = (path: string, body: unknown, o: SignedOptions = {}) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const headers = signRequest({
      method: 'POST',
      path,
      body: raw,
      merchantId: o.merchantId ?? merchant.id,
      key: o.key ?? merchant.key,
      timestamp: o.timestamp ?? Date.now(),
      nonce: o.nonce ?? randomUUID(),
    });
    return rawRequest(url, 'POST', path, raw, { ...headers, ...o.headers });
  };
  return {
    signedPost,
    micropay: (body: Record<string, unknown>) => signedPost('/v1/pay/micropay', body),
    precreate: (body: Record<string, unknown>) => signedPost('/v1/pay/precreate', body),
    query: (outTradeNo: string) => signedPost('/v1/pay/query', { out_trade_no: outTradeNo }),
    reverse: (outTradeNo: string) => signedPost('/v1/pay/reverse', { out_trade_no: outTradeNo }),
    refund: (body: Record<string, unknown>) => signedPost('/v1/pay/refund', body),
    issueCode: async (body: Record<string, unknown>) => {
      const res = await rawRequest(url, 'POST', '/sandbox/codes', JSON.stringify(body));
      if (res.status !== 200) throw new Error(`issue code: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.auth_code as string;
    },
    advanceClock: (advanceMs: number) =>
      rawRequest(url, 'POST', '/sandbox/clock', JSON.stringify({ advanceMs })),
    ledger: async () => {
      const res = await rawRequest(url, 'GET', '/sandbox/ledger', null);
      return res.body as { orders: Record<string, unknown>[]; reversed_unknown: Record<string, unknown>[] };
    },
    customerPays: (outTradeNo: string, body: Record<string, unknown> = {}) =>
      rawRequest(url, 'POST', `/sandbox/orders/${outTradeNo}/pay`, JSON.stringify(body)),
  };
}
