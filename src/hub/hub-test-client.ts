import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  hubCanonicalRequest,
  hubPaths,
  hubSignatureHeaders,
  paymentIdempotencyKey,
  refundIdempotencyKey,
  type PaymentFinalPayload,
  type SaleDtoWire,
  type SaleRefundedPayload,
} from '../shared/hub-api.js';

/** A terminal's side of the hub API, for tests: enrolls, signs, posts batches. */

export interface HubReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

async function reply(res: Response): Promise<HubReply> {
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return reply(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

export interface Credentials {
  readonly terminalId: string;
  readonly secret: string;
}

export function signedHeaders(
  cred: Credentials,
  method: string,
  path: string,
  body: string,
  at = Date.now(),
) {
  const timestamp = String(at);
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const signature = createHmac('sha256', cred.secret)
    .update(hubCanonicalRequest(method, path, timestamp, bodyHash))
    .digest('hex');
  return {
    [hubSignatureHeaders.terminalId]: cred.terminalId,
    [hubSignatureHeaders.timestamp]: timestamp,
    [hubSignatureHeaders.signature]: signature,
  };
}

export async function sendBatch(baseUrl: string, cred: Credentials, batch: unknown, at?: number) {
  const body = typeof batch === 'string' ? batch : JSON.stringify(batch);
  return postJson(
    `${baseUrl}${hubPaths.outbox}`,
    body,
    signedHeaders(cred, 'POST', hubPaths.outbox, body, at),
  );
}

/** A completed cash sale that passes saleDto. */
export function sampleSale(amount = 1250): SaleDtoWire {
  const m = (a: number) => ({ amount: a, currency: 'EUR' });
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    number: 1,
    state: 'completed',
    currency: 'EUR',
    createdAt: at,
    completedAt: at,
    voidedAt: null,
    // one line that adds up to the total (the hub checks a sale's arithmetic: entry-checks.ts)
    lines: [
      {
        id: randomUUID(),
        productId: 'p-1',
        sku: 'SKU-1',
        name: 'Item',
        barcode: null,
        quantity: 1,
        unitPrice: m(amount),
        discount: null,
        gross: m(amount),
        lineDiscount: m(0),
        ticketDiscountShare: m(0),
        net: m(amount),
        taxRateId: 'none',
        taxInclusive: true,
        tax: m(0),
        total: m(amount),
      },
    ],
    ticketDiscount: null,
    totals: { subtotal: m(amount), discount: m(0), tax: m(0), taxAdded: m(0), total: m(amount), taxes: [] },
    payments: [
      {
        id: randomUUID(),
        method: 'cash',
        amount: m(amount),
        tendered: m(amount),
        change: m(0),
        createdAt: at,
      },
    ],
    customer: null,
    pointsEarned: 0,
  };
}

export function saleEntry(sale: SaleDtoWire = sampleSale()) {
  return {
    idempotencyKey: `sale:${sale.id}`,
    kind: 'sale.completed',
    payload: sale,
    createdAt: sale.createdAt,
  };
}

/** GET /v1/catalog with the query as given (`?after=0&limit=10`), signed over it and the empty body. */
export async function pullCatalog(baseUrl: string, cred: Credentials, query: string, at?: number) {
  const target = `${hubPaths.catalog}${query}`;
  return reply(await fetch(`${baseUrl}${target}`, { headers: signedHeaders(cred, 'GET', target, '', at) }));
}

/** A signed GET of any path (its query included), answered as text. */
export async function getSigned(baseUrl: string, cred: Credentials, target: string): Promise<string> {
  const res = await fetch(`${baseUrl}${target}`, { headers: signedHeaders(cred, 'GET', target, '') });
  return `${res.status} ${await res.text()}`;
}

/** A wallet payment that reached a final state, as the terminal reports it (payment.final). */
export function samplePaymentFinal(overrides: Partial<PaymentFinalPayload> = {}): PaymentFinalPayload {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    saleId: randomUUID(),
    kind: 'customer-code',
    wallet: 'alipay',
    providerId: 'sandbox',
    amount: { amount: 1250, currency: 'CNY' },
    state: 'succeeded',
    reason: null,
    maskedCode: '2800…1234',
    qr: null,
    confirmation: 'provider',
    createdAt: at,
    updatedAt: at,
    refunded: false,
    ...overrides,
  };
}

export function paymentEntry(payment: PaymentFinalPayload = samplePaymentFinal()) {
  return {
    idempotencyKey: paymentIdempotencyKey(payment.id),
    kind: 'payment.final',
    payload: payment,
    createdAt: payment.updatedAt,
  };
}

/** A wallet refund as a till reports it (sale.refunded), for reports and reconciliation tests. */
export function refundedEntry(r: {
  attemptId: string;
  amount: number;
  providerId: string;
  wallet: string;
  id?: string;
  at?: string;
}) {
  const at = r.at ?? new Date().toISOString();
  const payload: SaleRefundedPayload = {
    id: r.id ?? randomUUID(),
    saleId: randomUUID(),
    state: 'refunded',
    tender: 'wallet',
    method: 'wallet',
    amount: { amount: r.amount, currency: 'CNY' },
    reason: 'returned',
    attemptId: r.attemptId,
    wallet: r.wallet,
    providerId: r.providerId,
    problem: null,
    pointsReversed: 0,
    createdAt: at,
    refundedAt: at,
  };
  return { idempotencyKey: refundIdempotencyKey(payload.id), kind: 'sale.refunded', payload, createdAt: at };
}
