import { createSign, createVerify, randomBytes } from 'node:crypto';
import {
  alipayAmount,
  alipayErrorMember,
  alipayResponseMember,
  alipaySignContent,
  parseAlipayAmount,
  parseAlipayTimestamp,
} from '../../shared/alipay-sign.js';
import type { GatewayLedger } from '../ledger.js';
import type { Order } from '../order.js';
import type { Json, Reply } from '../reply.js';
import { alipayBillZip } from './alipay-bill.js';
import type { AlipaySimKeys } from './alipay-sim-keys.js';
import { alipayTradeNo } from './alipay-trade-no.js';

/**
 * `tillpoint gateway --dialect alipay`: Alipay's OpenAPI v2 gateway (POST /gateway.do, form parameters,
 * RSA2) in front of the sandbox's own books (GatewayLedger), so every customer-code behaviour of the
 * sandbox (password wait, decline, system error with the charge taken, lost reply, slow answer) is played
 * with Alipay's field names and codes, and the ledger stays the judge of what was charged.
 */

/** Faults a test asks for, once, on the next call of a method (test mode only). */
export const alipayFaults = ['lost-reply', 'bad-signature', 'unsigned', 'system-error'] as const;
export type AlipayFault = (typeof alipayFaults)[number];

export interface AlipayDialectDeps {
  readonly ledger: GatewayLedger;
  readonly keys: AlipaySimKeys;
  /** the business clock (moved by /sandbox/clock) */
  readonly now: () => number;
  /** the real clock: request timestamps are checked against it */
  readonly realNow: () => number;
  /** the gateway's own URL (bill download links point at it) */
  readonly selfUrl: () => string;
  /**
   * public key certificate mode: the cert SNs of the app's certificate and of Alipay's root (requests must
   * carry them as app_cert_sn / alipay_root_cert_sn) and of "Alipay's" certificate (answers carry it as
   * alipay_cert_sn); absent: key mode
   */
  readonly certSns?: { readonly app: string; readonly root: string; readonly alipay: string };
}

/** ±15 minutes between the request's timestamp and the gateway's clock. */
const timestampWindowMs = 15 * 60_000;
const idPattern = /^[A-Za-z0-9_\-|*@.]{1,64}$/;

const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

const fail = (code: string, msg: string, subCode: string, subMsg: string, extra: Json = {}): Json => ({
  code,
  msg,
  sub_code: subCode,
  sub_msg: subMsg,
  ...extra,
});
const business = (subCode: string, subMsg: string, extra: Json = {}) =>
  fail('40004', 'Business Failed', subCode, subMsg, extra);
const ok = (extra: Json): Json => ({ code: '10000', msg: 'Success', ...extra });

/** The sandbox's business codes (src/gateway/reply.ts) in Alipay's words. */
const subCodes: Readonly<Record<string, [string, string]>> = {
  AUTH_CODE_INVALID: [
    'ACQ.PAYMENT_AUTH_CODE_INVALID',
    '支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款',
  ],
  AUTH_CODE_EXPIRED: ['ACQ.PAYMENT_AUTH_CODE_INVALID', '付款码已过期，请顾客刷新付款码后重新收款'],
  AUTH_CODE_USED: ['ACQ.PAYMENT_AUTH_CODE_INVALID', '付款码已使用，请顾客刷新付款码后重新收款'],
  NOT_ENOUGH: ['ACQ.BUYER_BALANCE_NOT_ENOUGH', '买家余额不足'],
  PAYER_DECLINED: ['ACQ.PAYMENT_FAIL', '支付失败'],
  ORDER_REVERSED: ['ACQ.TRADE_HAS_CLOSE', '交易已经关闭'],
  ORDER_CLOSED: ['ACQ.TRADE_HAS_CLOSE', '交易已经关闭'],
  OUT_TRADE_NO_USED: ['ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改'],
  ORDER_NOT_EXIST: ['ACQ.TRADE_NOT_EXIST', '交易不存在'],
  ORDER_NOT_PAID: ['ACQ.TRADE_STATUS_ERROR', '交易状态不合法'],
  REFUND_EXCEEDS: ['ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限'],
  OUT_REFUND_NO_USED: ['ACQ.DISCORDANT_REPEAT_REQUEST', '不一致的请求'],
  SYSTEMERROR: ['ACQ.SYSTEM_ERROR', '系统错误'],
};
const fromSandbox = (code: unknown, extra: Json = {}): Json => {
  const [subCode, subMsg] = subCodes[String(code)] ?? ['ACQ.SYSTEM_ERROR', '系统错误'];
  return business(subCode, subMsg, extra);
};

/** The ledger's trade status in alipay.trade.query's words. */
function tradeStatus(order: Order): string {
  switch (order.status) {
    case 'SUCCESS':
      return 'TRADE_SUCCESS';
    case 'REFUND':
      return order.refundedAmount < order.amount ? 'TRADE_SUCCESS' : 'TRADE_CLOSED';
    case 'NOTPAY':
    case 'USERPAYING':
      return 'WAIT_BUYER_PAY';
    default:
      return 'TRADE_CLOSED';
  }
}

export function createAlipayDialect(deps: AlipayDialectDeps) {
  const { ledger, keys } = deps;
  const appId = keys.appId;
  const faults = new Map<string, AlipayFault>();
  const bills = new Map<string, { date: string }>();

  const sign = (content: string) =>
    createSign('RSA-SHA256').update(content, 'utf8').sign(keys.alipayPrivateKey, 'base64');

  /** The answer as Alipay writes it: `/` escaped as `\/`, signed over exactly that text. */
  function respond(
    member: string,
    body: Json,
    fault: AlipayFault | undefined,
    extra: Partial<Reply> = {},
  ): Reply {
    const content = JSON.stringify(body).replaceAll('/', '\\/');
    let signature = sign(content);
    if (fault === 'bad-signature') signature = sign(`${content} `);
    const certSn = deps.certSns ? `,"alipay_cert_sn":"${deps.certSns.alipay}"` : '';
    const tail = fault === 'unsigned' ? '' : `${certSn},"sign":"${signature}"`;
    return {
      status: 200,
      body,
      text: `{"${member}":${content}${tail}}`,
      ...extra,
      ...(fault === 'lost-reply' ? { dropReply: true } : {}),
    };
  }

  const orderView = (order: Order): Json => ({
    trade_no: alipayTradeNo(order),
    out_trade_no: order.outTradeNo,
    buyer_logon_id: 'san***@sandbox.test',
    total_amount: alipayAmount(order.amount),
  });

  type Biz = Record<string, unknown>;
  const handlers: Record<string, (biz: Biz) => { body: Json; extra?: Partial<Reply> }> = {
    'alipay.trade.pay': (biz) => {
      const amount = parseAlipayAmount(biz.total_amount);
      const authCode =
        typeof biz.auth_code === 'string' && /^\d{1,32}$/.test(biz.auth_code) ? biz.auth_code : null;
      if (biz.scene !== 'bar_code' || !amount || !authCode || !isId(biz.out_trade_no)) {
        return { body: business('ACQ.INVALID_PARAMETER', '参数无效') };
      }
      const reply = ledger.micropay(appId, {
        out_trade_no: biz.out_trade_no,
        auth_code: authCode,
        amount,
        currency: 'CNY',
      });
      const extra: Partial<Reply> = {
        ...(reply.delayMs ? { delayMs: reply.delayMs } : {}),
        ...(reply.dropReply ? { dropReply: true } : {}),
      };
      const order = ledger.order(appId, biz.out_trade_no);
      if (reply.body.code === 'SYSTEMERROR') return { body: fromSandbox('SYSTEMERROR'), extra };
      if (!order || reply.body.code === 'ORDER_REVERSED' || reply.body.code === 'OUT_TRADE_NO_USED') {
        return { body: fromSandbox(reply.body.code), extra };
      }
      if (order.status === 'SUCCESS' || order.status === 'REFUND') {
        return {
          body: ok({
            ...orderView(order),
            receipt_amount: alipayAmount(order.amount),
            gmt_payment: beijing(order.paidAt ?? order.updatedAt),
          }),
          extra,
        };
      }
      if (order.status === 'USERPAYING') {
        return {
          body: {
            code: '10003',
            msg: 'order success pay inprocess',
            out_trade_no: order.outTradeNo,
            total_amount: alipayAmount(order.amount),
          },
          extra,
        };
      }
      return { body: fromSandbox(order.code ?? 'PAYER_DECLINED'), extra };
    },
    'alipay.trade.precreate': (biz) => {
      const amount = parseAlipayAmount(biz.total_amount);
      if (!amount || !isId(biz.out_trade_no)) return { body: business('ACQ.INVALID_PARAMETER', '参数无效') };
      const reply = ledger.precreate(appId, { out_trade_no: biz.out_trade_no, amount, currency: 'CNY' });
      if (typeof reply.body.code === 'string') return { body: fromSandbox(reply.body.code) };
      return { body: ok({ out_trade_no: biz.out_trade_no, qr_code: reply.body.qr_payload }) };
    },
    'alipay.trade.query': (biz) => {
      if (!isId(biz.out_trade_no)) return { body: business('ACQ.INVALID_PARAMETER', '参数无效') };
      const order = ledger.order(appId, biz.out_trade_no);
      if (!order) return { body: fromSandbox('ORDER_NOT_EXIST') };
      return {
        body: ok({
          ...orderView(order),
          trade_status: tradeStatus(order),
          ...(order.paidAt ? { send_pay_date: beijing(order.paidAt) } : {}),
        }),
      };
    },
    'alipay.trade.cancel': (biz) => {
      if (!isId(biz.out_trade_no)) return { body: business('ACQ.INVALID_PARAMETER', '参数无效') };
      const reply = ledger.reverse(appId, { out_trade_no: biz.out_trade_no });
      const order = ledger.order(appId, biz.out_trade_no);
      return {
        body: ok({
          trade_no: order ? alipayTradeNo(order) : undefined,
          out_trade_no: biz.out_trade_no,
          retry_flag: 'N',
          action: reply.body.refunded === true ? 'refund' : 'close',
        }),
      };
    },
    'alipay.trade.refund': (biz) => {
      const amount = parseAlipayAmount(biz.refund_amount);
      const requestNo = biz.out_request_no ?? biz.out_trade_no;
      if (!amount || !isId(biz.out_trade_no) || !isId(requestNo)) {
        return { body: business('ACQ.INVALID_PARAMETER', '参数无效') };
      }
      // out_request_no is unique per trade at Alipay: the ledger keys refunds per merchant, so both go in
      const reply = ledger.refund(appId, {
        out_trade_no: biz.out_trade_no,
        out_refund_no: refundKey(biz.out_trade_no, requestNo),
        amount,
      });
      if (typeof reply.body.code === 'string') return { body: fromSandbox(reply.body.code) };
      const order = ledger.order(appId, biz.out_trade_no);
      return {
        body: ok({
          ...(order ? orderView(order) : { out_trade_no: biz.out_trade_no }),
          fund_change: 'Y',
          refund_fee: alipayAmount(Number(reply.body.refunded_total)),
          gmt_refund_pay: beijing(deps.now()),
        }),
      };
    },
    'alipay.trade.fastpay.refund.query': (biz) => {
      const requestNo = biz.out_request_no;
      if (!isId(biz.out_trade_no) || !isId(requestNo))
        return { body: business('ACQ.INVALID_PARAMETER', '参数无效') };
      const record = ledger.refundRecord(appId, refundKey(biz.out_trade_no, requestNo));
      const order = ledger.order(appId, biz.out_trade_no);
      if (!order) return { body: fromSandbox('ORDER_NOT_EXIST') };
      // no such refund: 10000 without refund_status or refund_amount (Alipay: "not refunded")
      if (!record) return { body: ok({ out_trade_no: biz.out_trade_no, out_request_no: requestNo }) };
      return {
        body: ok({
          trade_no: alipayTradeNo(order),
          out_trade_no: biz.out_trade_no,
          out_request_no: requestNo,
          total_amount: alipayAmount(order.amount),
          refund_amount: alipayAmount(record.amount),
          refund_status: 'REFUND_SUCCESS',
        }),
      };
    },
    'alipay.data.dataservice.bill.downloadurl.query': (biz) => {
      const date =
        typeof biz.bill_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(biz.bill_date) ? biz.bill_date : null;
      if (biz.bill_type !== 'trade' || !date) return { body: business('isv.invalid-parameter', '参数无效') };
      if (date >= dayOf(deps.now())) return { body: business('isp.bill_not_exist', '账单不存在') };
      const token = randomBytes(16).toString('hex');
      bills.set(token, { date });
      return { body: ok({ bill_download_url: `${deps.selfUrl()}/alipay/bills/${token}` }) };
    },
  };

  function isId(value: unknown): value is string {
    return typeof value === 'string' && idPattern.test(value);
  }

  return {
    appId,

    /** POST /gateway.do: the form body and the query string together are the request's parameters. */
    handle(rawBody: Buffer, query: string): Reply {
      const params: Record<string, string> = {};
      for (const source of [new URLSearchParams(query), new URLSearchParams(rawBody.toString('utf8'))]) {
        for (const [k, v] of source) params[k] = v;
      }
      const method = params.method ?? '';
      const handler = handlers[method];
      const member = handler ? alipayResponseMember(method) : alipayErrorMember;
      const fault = handler ? faults.get(method) : undefined;
      if (fault) faults.delete(method);
      const refuse = (subCode: string, subMsg: string, code = '40002', msg = 'Invalid Arguments') =>
        respond(member, fail(code, msg, subCode, subMsg), undefined);
      if (!handler) return refuse('isv.invalid-method', '不存在的方法名');
      if (params.app_id !== appId) return refuse('isv.invalid-app-id', '无效的AppID参数');
      if (params.sign_type !== 'RSA2') return refuse('isv.invalid-signature-type', '无效的签名类型');
      const at = parseAlipayTimestamp(params.timestamp ?? '');
      if (at === null || Math.abs(at - deps.realNow()) > timestampWindowMs) {
        return refuse('isv.invalid-timestamp', '非法的时间戳参数');
      }
      if (deps.certSns && params.app_cert_sn !== deps.certSns.app) {
        return refuse('isv.invalid-app-cert-sn', '应用公钥证书序列号不匹配');
      }
      if (deps.certSns && params.alipay_root_cert_sn !== deps.certSns.root) {
        return refuse('isv.invalid-alipay-root-cert-sn', '支付宝根证书序列号不匹配');
      }
      const signature = params.sign ?? '';
      let verified = false;
      try {
        verified = createVerify('RSA-SHA256')
          .update(alipaySignContent(params), 'utf8')
          .verify(keys.appPublicKey, signature, 'base64');
      } catch {
        verified = false;
      }
      if (!verified) return refuse('isv.invalid-signature', '验签出错');
      let biz: Biz;
      try {
        const parsed: unknown = JSON.parse(params.biz_content ?? '');
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
          throw new Error('not an object');
        biz = parsed as Biz;
      } catch {
        return refuse('isv.invalid-parameter', 'biz_content 不是 JSON 对象');
      }
      const { body, extra } = handler(biz);
      if (fault === 'system-error') return respond(member, fromSandbox('SYSTEMERROR'), undefined, extra);
      return respond(member, body, fault, extra);
    },

    /** GET /alipay/bills/<token>: the day's trade bill as Alipay serves it (a zip of a GBK CSV). */
    download(path: string): Reply | null {
      const match = /^\/alipay\/bills\/([0-9a-f]{32})$/.exec(path);
      const bill = match ? bills.get(match[1] ?? '') : undefined;
      if (!bill) return null;
      const { fileName, zip } = alipayBillZip(ledger.snapshot(), appId, bill.date, deps.now());
      return { status: 200, body: {}, bytes: { data: zip, contentType: 'application/zip', fileName } };
    },

    /** Test mode: the next call of `method` answers with this fault, once. */
    setFault(method: string, fault: AlipayFault): void {
      faults.set(method, fault);
    },
  };
}

/** The ledger's refund key for Alipay's (out_trade_no, out_request_no). */
export const refundKey = (outTradeNo: string, requestNo: string) => `${outTradeNo}|${requestNo}`;

export type AlipayDialect = ReturnType<typeof createAlipayDialect>;
