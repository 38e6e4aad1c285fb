import {
  billPayRequest,
  billQueryRequest,
  billSearchRequest,
  type BillPayReply,
  type BillPayRequest,
  type BillerWire,
} from '../../shared/biller-wire.js';
import type { Json, Reply } from '../reply.js';
import { demoAccounts, demoBillers, type DemoAccount } from './demo-billers.js';
import { demoBillsPage } from './demo-page.js';

/**
 * The sandbox biller (utility bills and phone top-up) inside `tillpoint gateway`: search a bill, pay it or
 * prepay, with the till's idempotency key (out_order_no), and a confirmation number per payment. The same
 * out_order_no with the same payment answers the first answer again (Stripe's Idempotency-Key rule); with
 * another payment it is refused (409), never applied twice. Books in memory: a restart forgets them.
 */

type Handler = (ctx: { merchantId: string; body: Json; params: string[] }) => Reply;
export type BillerFault = 'none' | 'unavailable' | 'lose_reply';

const json = (status: number, body: Json): Reply => ({ status, body });
const problem = (status: number, code: string, message: string) => json(status, { code, message });

interface Order {
  request: BillPayRequest;
  reply: BillPayReply;
}

export interface SandboxBiller {
  /** signed calls (HMAC, as the wallet calls) */
  readonly signed: Record<string, Handler>;
  /** unsigned: the demo page, and the test controls */
  readonly sandbox: Record<string, Handler>;
}

export function createSandboxBiller(opts: { now: () => number; test: boolean }): SandboxBiller {
  const billers = new Map(demoBillers.map((b) => [b.charge_inst, b]));
  const accounts = new Map<string, DemoAccount & { paid: boolean }>(
    demoAccounts.map((a) => [`${a.charge_inst}/${a.bill_key}`, { ...a, paid: false }]),
  );
  const orders = new Map<string, Order>();
  let fault: BillerFault = 'none';
  let faultTimes = 0;
  let sequence = 0;

  const chargeId = (a: DemoAccount) => `${a.charge_inst}-${a.bill_key}-${a.bill_date ?? 'none'}`;
  const owing = (a: DemoAccount & { paid: boolean }) => (a.paid ? 0 : a.amount + a.fines);

  /** A scripted fault for the next `times` calls (tests only): the biller down, or its reply lost after paying. */
  const takeFault = (): BillerFault => {
    if (fault === 'none' || faultTimes <= 0) return 'none';
    faultTimes -= 1;
    const f = fault;
    if (faultTimes === 0) fault = 'none';
    return f;
  };

  function account(biller: BillerWire, billKey: string): Reply | (DemoAccount & { paid: boolean }) {
    if (!new RegExp(biller.bill_key_pattern).test(billKey)) {
      return problem(400, 'BILL_KEY_INVALID', `The account number does not match ${biller.bill_key_pattern}`);
    }
    const found = accounts.get(`${biller.charge_inst}/${billKey}`);
    return found ?? problem(404, 'BILL_NOT_FOUND', 'The biller has no account with this number');
  }

  function confirmationNo(biller: BillerWire): string {
    sequence += 1;
    const day = new Date(opts.now()).toISOString().slice(0, 10).replaceAll('-', '');
    return `${biller.charge_inst.slice(0, 2).toUpperCase()}${day}${String(sequence).padStart(6, '0')}`;
  }

  function decide(p: BillPayRequest): BillPayReply {
    const base = { out_order_no: p.out_order_no, confirmation_no: null };
    const reject = (code: string, reason: string): BillPayReply => ({
      ...base,
      status: 'REJECTED',
      reject_code: code,
      reject_reason: reason,
    });
    const biller = billers.get(p.charge_inst);
    if (!biller) return reject('BILLER_UNKNOWN', 'No such biller');
    if (p.currency !== biller.currency) return reject('CURRENCY', `The biller takes ${biller.currency}`);
    const a = account(biller, p.bill_key);
    if ('status' in a) return reject('BILL_KEY_INVALID', String(a.body.message));
    if (a.rejects) return reject('ACCOUNT_REFUSED', a.rejects);
    if (p.charge_uniq_id === null) {
      if (!biller.prepay) return reject('PREPAY_NOT_ACCEPTED', 'This biller takes payments of bills only');
      if (biller.denominations && !biller.denominations.includes(p.amount)) {
        return reject('AMOUNT_INVALID', `Top-ups are ${biller.denominations.join(', ')} only`);
      }
      if (p.amount > biller.max_prepay) return reject('AMOUNT_INVALID', 'Over the biller’s prepayment limit');
    } else {
      if (a.paid || p.charge_uniq_id !== chargeId(a)) return reject('BILL_PAID', 'This bill is already paid');
      if (p.amount !== owing(a)) return reject('AMOUNT_INVALID', `The bill is ${owing(a)}, not ${p.amount}`);
      a.paid = true;
    }
    return {
      ...base,
      status: 'SUCCESS',
      confirmation_no: confirmationNo(biller),
      reject_code: null,
      reject_reason: null,
    };
  }

  const signed: Record<string, Handler> = {
    '/v1/bill/billers': () => {
      if (takeFault() !== 'none') return problem(503, 'SYSTEMERROR', 'The biller is not answering');
      return json(200, { billers: [...billers.values()] });
    },
    '/v1/bill/search': ({ body }) => {
      const p = billSearchRequest.safeParse(body);
      if (!p.success) return problem(400, 'PARAM_ERROR', 'charge_inst and bill_key are needed');
      if (takeFault() !== 'none') return problem(503, 'SYSTEMERROR', 'The biller is not answering');
      const biller = billers.get(p.data.charge_inst);
      if (!biller) return problem(404, 'BILLER_UNKNOWN', 'No such biller');
      const a = account(biller, p.data.bill_key);
      if ('status' in a) return a;
      const open = owing(a) > 0;
      return json(200, {
        charge_inst: a.charge_inst,
        bill_key: a.bill_key,
        amount: open ? a.amount : 0,
        bill_fines: open ? a.fines : 0,
        bill_user_name: a.user_name,
        bill_date: open ? a.bill_date : null,
        due_date: open ? a.due_date : null,
        charge_uniq_id: open ? chargeId(a) : null,
        currency: biller.currency,
      });
    },
    '/v1/bill/pay': ({ body, merchantId }) => {
      const p = billPayRequest.safeParse(body);
      if (!p.success) return problem(400, 'PARAM_ERROR', p.error.issues[0]?.message ?? 'Bad payment');
      const f = takeFault();
      if (f === 'unavailable') return problem(503, 'SYSTEMERROR', 'The biller is not answering');
      const key = `${merchantId}/${p.data.out_order_no}`;
      const seen = orders.get(key);
      if (seen) {
        if (JSON.stringify(seen.request) !== JSON.stringify(p.data)) {
          return problem(409, 'ORDER_NO_USED', 'This out_order_no was used for another payment');
        }
        return json(200, { ...seen.reply });
      }
      const reply = decide(p.data);
      orders.set(key, { request: p.data, reply });
      return { ...json(200, { ...reply }), ...(f === 'lose_reply' ? { dropReply: true } : {}) };
    },
    '/v1/bill/query': ({ body, merchantId }) => {
      const p = billQueryRequest.safeParse(body);
      if (!p.success) return problem(400, 'PARAM_ERROR', 'out_order_no is needed');
      const seen = orders.get(`${merchantId}/${p.data.out_order_no}`);
      return seen
        ? json(200, { ...seen.reply })
        : problem(404, 'ORDER_NOT_EXIST', 'No payment with this out_order_no');
    },
  };

  const sandbox: Record<string, Handler> = {
    'GET /biller/demo': () => {
      const html = demoBillsPage(
        [...billers.values()],
        [...accounts.values()].map((a) => ({ ...a, owing: owing(a) })),
      );
      return { status: 200, body: {}, text: html };
    },
    'POST /sandbox/biller/faults': ({ body }) => {
      if (!opts.test) {
        return problem(
          403,
          'TEST_MODE_REQUIRED',
          'Biller faults are only accepted when the gateway runs with --test',
        );
      }
      const mode = body.mode;
      const times = body.times ?? 1;
      if ((mode !== 'none' && mode !== 'unavailable' && mode !== 'lose_reply') || typeof times !== 'number') {
        return problem(400, 'PARAM_ERROR', 'mode is none, unavailable or lose_reply; times a count');
      }
      fault = mode;
      faultTimes = times;
      return json(200, { mode, times });
    },
  };
  return { signed, sandbox };
}
