import type { z } from 'zod';
import {
  billerPaths,
  billersReply,
  billPayReply,
  billSearchReply,
  type BillPayReply,
  type BillPayRequest,
  type BillSearchReply,
  type BillerWire,
} from '../../shared/biller-wire.js';
import type { HttpOutcome, TlsOptions } from '../payments/http-json.js';
import { postSignedToGateway } from '../payments/gateway-post.js';

/** Where the till's billers are: the sandbox gateway's biller, signed with the merchant's key. */
export interface BillerConfig {
  readonly url: string;
  readonly merchantId: string;
  readonly key: string;
  readonly tls?: TlsOptions;
  readonly timeoutMs?: number;
}

/**
 * What one biller call came to. The split matters for money (as for the wallets' calls): `refused` is an
 * answer (nothing happened, or the biller said no), `unreachable` means the request never left (nothing
 * can have happened), `unknown` means it may have arrived (a lost reply, a deadline, a 5xx): a payment
 * is then asked again with the same out_order_no, which the biller answers without paying twice.
 */
export type BillerOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'refused'; status: number; code: string; message: string }
  | { kind: 'unreachable'; error: string }
  | { kind: 'unknown'; error: string };

export interface BillerClient {
  billers(): Promise<BillerOutcome<BillerWire[]>>;
  search(chargeInst: string, billKey: string): Promise<BillerOutcome<BillSearchReply>>;
  pay(request: BillPayRequest): Promise<BillerOutcome<BillPayReply>>;
  query(outOrderNo: string): Promise<BillerOutcome<BillPayReply>>;
}

function outcomeOf<T>(outcome: HttpOutcome, schema: z.ZodType<T>): BillerOutcome<T> {
  if (outcome.kind === 'unreachable') return { kind: 'unreachable', error: outcome.error };
  if (outcome.kind === 'timeout') return { kind: 'unknown', error: 'timeout' };
  if (outcome.kind === 'lost') return { kind: 'unknown', error: outcome.error };
  if (outcome.status >= 500) return { kind: 'unknown', error: `HTTP ${outcome.status}` };
  if (outcome.status !== 200) {
    return {
      kind: 'refused',
      status: outcome.status,
      code: typeof outcome.body?.code === 'string' ? outcome.body.code : 'UNKNOWN',
      message: typeof outcome.body?.message === 'string' ? outcome.body.message : `HTTP ${outcome.status}`,
    };
  }
  const parsed = schema.safeParse(outcome.body);
  return parsed.success
    ? { kind: 'ok', value: parsed.data }
    : { kind: 'unknown', error: 'the biller answered a shape the till does not know' };
}

export function createBillerClient(config: BillerConfig): BillerClient {
  const timeoutMs = config.timeoutMs ?? 10_000;
  function post<T>(path: string, payload: Record<string, unknown>, schema: z.ZodType<T>) {
    return postSignedToGateway(config, path, payload, timeoutMs).then((outcome) =>
      outcomeOf(outcome, schema),
    );
  }
  return {
    billers: async () => {
      const r = await post(billerPaths.billers, {}, billersReply);
      return r.kind === 'ok' ? { kind: 'ok', value: r.value.billers } : r;
    },
    search: (chargeInst, billKey) =>
      post(billerPaths.search, { charge_inst: chargeInst, bill_key: billKey }, billSearchReply),
    pay: (request) => post(billerPaths.pay, { ...request }, billPayReply),
    query: (outOrderNo) => post(billerPaths.query, { out_order_no: outOrderNo }, billPayReply),
  };
}
