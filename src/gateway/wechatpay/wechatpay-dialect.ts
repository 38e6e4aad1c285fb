import { createHash, createHmac, createSign, createVerify, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { logAt, type Log } from '../../shared/log.js';
import {
  decodeXml,
  encodeXml,
  parseV3Authorization,
  v2StringToSign,
  v3AnswerMessage,
  v3RequestMessage,
  v3TimestampWindowS,
} from '../../shared/wechatpay-wire.js';
import type { GatewayLedger } from '../ledger.js';
import type { Reply } from '../reply.js';
import { NonceCache } from '../signature.js';
import type { SimulatorKeys } from './simulator-keys.js';
import { tradeBill, type BillType } from './wechatpay-bill.js';
import { createV2Business, type V2Answer } from './wechatpay-v2.js';
import { createV3Business, type V3Answer } from './wechatpay-v3.js';

/**
 * `tillpoint gateway --dialect wechatpay`: WeChat Pay's own protocol over the sandbox's books. API v2
 * requests are checked against the API v2 key (MD5 or HMAC-SHA256, as sign_type says) and answered in
 * signed XML; API v3 requests need a valid WECHATPAY2-SHA256-RSA2048 Authorization from the merchant
 * certificate, and every v3 answer is signed with the platform key (Wechatpay-* headers). The sandbox's
 * controls (/sandbox/codes, /sandbox/orders/:no/pay, /sandbox/ledger, /sandbox/clock) work as in the
 * sandbox dialect; /sandbox/wechatpay/tamper (test mode) spoils the signature of the next answers.
 */
export interface WechatpayDialectDeps {
  readonly ledger: GatewayLedger;
  readonly keys: SimulatorKeys;
  /** the real clock (unix ms): v3 timestamps are checked against it */
  readonly realNow: () => number;
  readonly log: Log;
  readonly test: boolean;
}

const v2Paths: Readonly<Record<string, keyof ReturnType<typeof createV2Business>>> = {
  '/pay/micropay': 'micropay',
  '/pay/orderquery': 'orderquery',
  '/secapi/pay/reverse': 'reverse',
  '/pay/reverse': 'reverse',
  '/secapi/pay/refund': 'refund',
  '/pay/refundquery': 'refundquery',
};

const textReply = (status: number, text: string, contentType: string, extra: Partial<Reply> = {}): Reply => ({
  status,
  body: {},
  raw: { text, contentType },
  ...extra,
});

export function createWechatpayDialect(deps: WechatpayDialectDeps) {
  const { ledger, keys, log } = deps;
  const v2 = createV2Business(ledger);
  const v3 = createV3Business(ledger, keys);
  const nonces = new NonceCache(v3TimestampWindowS * 1000);
  let tamper = 0;
  const spoil = (signature: string): string => {
    if (tamper <= 0) return signature;
    tamper -= 1;
    // the first character changed (the last may be base64 padding, which decoders ignore): still well
    // formed, never valid
    return `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
  };

  const v2Sign = (fields: Record<string, string>, type: string): string => {
    const text = v2StringToSign(fields, keys.apiV2Key);
    return (
      type === 'HMAC-SHA256'
        ? createHmac('sha256', keys.apiV2Key).update(text, 'utf8').digest('hex')
        : createHash('md5').update(text, 'utf8').digest('hex')
    ).toUpperCase();
  };

  const v2Envelope = (fields: Record<string, string>, signType: string | null): string => {
    const answer: Record<string, string> = {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      appid: keys.appid,
      mch_id: keys.mchid,
      nonce_str: randomBytes(8).toString('hex'),
      ...fields,
    };
    if (signType !== null) answer.sign = spoil(v2Sign(answer, signType));
    return encodeXml(answer);
  };
  const v2Fail = (message: string) =>
    textReply(200, encodeXml({ return_code: 'FAIL', return_msg: message }), 'text/xml; charset=utf-8');

  function handleV2(path: string, raw: Buffer): Reply {
    const decoded = decodeXml(raw.toString('utf8'));
    if (!decoded.ok) return v2Fail('XML格式错误');
    const f = decoded.value;
    if (f.mch_id !== keys.mchid) return v2Fail('商户号mch_id与appid不匹配');
    if (f.appid !== keys.appid) return v2Fail('appid和mch_id不匹配');
    const signType = f.sign_type ?? 'MD5';
    if (signType !== 'MD5' && signType !== 'HMAC-SHA256') return v2Fail('签名类型错误');
    const expected = Buffer.from(v2Sign(f, signType));
    const given = Buffer.from(f.sign ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      logAt(log, 'warn')(`wechatpay ${path}: refused, SIGNERROR`, { out_trade_no: f.out_trade_no });
      return v2Fail('签名错误');
    }
    if (path === '/pay/downloadbill') {
      const billType = (f.bill_type ?? 'ALL') as BillType;
      if (!/^\d{8}$/.test(f.bill_date ?? '') || !['ALL', 'SUCCESS', 'REFUND', 'REVOKED'].includes(billType))
        return v2Fail('参数格式校验错误');
      const bill = tradeBill(ledger, keys, f.bill_date ?? '', billType);
      if (bill === null) return v2Fail('No Bill Exist');
      return textReply(200, bill, 'text/plain; charset=utf-8');
    }
    const op = v2Paths[path];
    if (!op) return v2Fail('接口不存在');
    const answer: V2Answer = v2[op](keys.mchid, f);
    log(`wechatpay ${path}: ${answer.fields.result_code ?? ''} ${answer.fields.err_code ?? ''}`.trim(), {
      out_trade_no: f.out_trade_no,
    });
    return textReply(200, v2Envelope(answer.fields, signType), 'text/xml; charset=utf-8', {
      ...(answer.delayMs ? { delayMs: answer.delayMs } : {}),
      ...(answer.dropReply ? { dropReply: true } : {}),
    });
  }

  /** A v3 answer with its Wechatpay-* signature headers (error answers are signed too). */
  function v3Reply(answer: V3Answer): Reply {
    const text = answer.body === null ? '' : JSON.stringify(answer.body);
    const timestamp = String(Math.floor(deps.realNow() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256')
      .update(v3AnswerMessage(timestamp, nonce, text), 'utf8')
      .sign(keys.platformKey, 'base64');
    return {
      status: answer.status,
      body: {},
      raw: {
        text,
        contentType: 'application/json; charset=utf-8',
        headers: {
          'request-id': randomBytes(12).toString('hex'),
          'wechatpay-timestamp': timestamp,
          'wechatpay-nonce': nonce,
          'wechatpay-serial': keys.platformSerial,
          'wechatpay-signature': spoil(signature),
          'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
        },
      },
    };
  }

  /** The v3 Authorization check: scheme, merchant, certificate serial, clock, nonce, RSA signature. */
  function v3Refusal(
    method: string,
    target: string,
    text: string,
    headers: IncomingHttpHeaders,
  ): V3Answer | null {
    const refuse = (message: string) => ({ status: 401, body: { code: 'SIGN_ERROR', message } });
    const auth = parseV3Authorization(String(headers.authorization ?? ''));
    if (!auth) return refuse('Authorization 头缺失或格式错误');
    if (auth.mchid !== keys.mchid) return refuse('商户号不存在或与证书不匹配');
    if (auth.serial_no.toUpperCase() !== keys.merchantSerial) return refuse('商户证书序列号有误');
    const ts = Number(auth.timestamp);
    const nowS = deps.realNow() / 1000;
    if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(nowS - ts) > v3TimestampWindowS)
      return refuse('请求时间戳与当前时间相差过大');
    const ok = createVerify('RSA-SHA256')
      .update(v3RequestMessage(method, target, auth.timestamp, auth.nonce_str, text), 'utf8')
      .verify(keys.merchantPublicKey, auth.signature, 'base64');
    if (!ok) return refuse('签名错误');
    if (!nonces.claim(auth.mchid, auth.nonce_str, ts * 1000, deps.realNow()))
      return refuse('重复的请求随机串');
    return null;
  }

  function handleV3(method: string, target: string, raw: Buffer, headers: IncomingHttpHeaders): Reply {
    const text = raw.toString('utf8');
    const refusal = v3Refusal(method, target, text, headers);
    if (refusal) {
      logAt(log, 'warn')(`wechatpay ${method} ${target.split('?')[0]}: refused, SIGN_ERROR`);
      return v3Reply(refusal);
    }
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
          throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return v3Reply({ status: 400, body: { code: 'PARAM_ERROR', message: '请求体不是合法的JSON' } });
      }
    }
    const url = new URL(target, 'https://simulator.invalid');
    const path = url.pathname;
    const order = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]{1,64})(\/close)?$/.exec(path);
    let answer: V3Answer;
    if (method === 'POST' && path === '/v3/pay/transactions/native') answer = v3.native(keys.mchid, body);
    else if (method === 'POST' && path === '/v3/refund/domestic/refunds')
      answer = v3.refund(keys.mchid, body);
    else if (order && method === 'GET' && !order[2])
      answer = v3.query(keys.mchid, decodeURIComponent(order[1] ?? ''), url.searchParams.get('mchid'));
    else if (order && method === 'POST' && order[2])
      answer = v3.close(keys.mchid, decodeURIComponent(order[1] ?? ''), body);
    else
      answer = {
        status: 404,
        body: { code: 'NOT_FOUND', message: `No ${method} ${path} at this simulator` },
      };
    log(
      `wechatpay ${method} ${path}: ${answer.status} ${String(answer.body?.code ?? answer.body?.trade_state ?? '')}`.trim(),
    );
    return v3Reply(answer);
  }

  return {
    /** A reply for a WeChat Pay path, or null: the path is not WeChat's (the sandbox controls, a 404). */
    handle(method: string, target: string, raw: Buffer, headers: IncomingHttpHeaders): Reply | null {
      const path = target.split('?')[0] ?? '/';
      if (path.startsWith('/v3/')) return handleV3(method, target, raw, headers);
      if (path in v2Paths || path === '/pay/downloadbill') {
        if (method !== 'POST') return v2Fail('请使用post方法');
        return handleV2(path, raw);
      }
      if (method === 'POST' && path === '/sandbox/wechatpay/tamper') {
        if (!deps.test)
          return {
            status: 403,
            body: { code: 'TEST_MODE_REQUIRED', message: 'Tampering is only accepted with --test' },
          };
        let count = 1;
        try {
          const parsed = JSON.parse(raw.toString('utf8') || '{}') as { answers?: unknown };
          if (Number.isSafeInteger(parsed.answers))
            count = Math.max(0, Math.min(100, parsed.answers as number));
        } catch {
          return { status: 400, body: { code: 'PARAM_ERROR', message: 'The body is not valid JSON' } };
        }
        tamper = count;
        return { status: 200, body: { tamper } };
      }
      return null;
    },
  };
}

export type WechatpayDialect = ReturnType<typeof createWechatpayDialect>;
