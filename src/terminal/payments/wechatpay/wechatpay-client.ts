import { randomBytes } from 'node:crypto';
import { logAt, type Log } from '../../../shared/log.js';
import {
  decodeXml,
  encodeXml,
  v3AnswerHeaders,
  v3AuthorizationHeader,
  v3AnswerMessage,
  v3RequestMessage,
  v3TimestampWindowS,
} from '../../../shared/wechatpay-wire.js';
import { requestRaw, type HttpOutcome, type TlsOptions } from '../http-json.js';
import type { OutcomeReason } from '../provider.js';
import { signV2, signV3, verifyV2, verifyV3 } from './wechatpay-crypto.js';
import type { WechatpayCredentials } from './wechatpay-credentials.js';
import { badSignature, providerError } from './wechatpay-reasons.js';

/** No answer that says anything about the order: the caller queries (or, for a refund, asks again). */
export interface NoAnswer {
  readonly status: 'unknown' | 'timeout' | 'unreachable';
  readonly reason: OutcomeReason;
}

export type V2Result =
  /** return_code SUCCESS and a signature that verified: the business fields (result_code, err_code ...) */
  | { readonly kind: 'answer'; readonly fields: Readonly<Record<string, string>> }
  /** return_code FAIL: the request was refused before any business (nothing moved) */
  | { readonly kind: 'refused'; readonly reason: OutcomeReason }
  | { readonly kind: 'none'; readonly outcome: NoAnswer };

export type V3Result =
  | { readonly kind: 'answer'; readonly status: number; readonly json: Record<string, unknown> | null }
  | { readonly kind: 'none'; readonly outcome: NoAnswer };

export interface WechatpayClientConfig {
  readonly id: string;
  readonly url: string;
  readonly credentials: WechatpayCredentials;
  readonly log: Log;
  readonly now?: () => number;
}

const nonce = () => randomBytes(16).toString('hex');

function noAnswer(http: Exclude<HttpOutcome, { kind: 'reply' }>, what: string): NoAnswer {
  switch (http.kind) {
    case 'unreachable':
      return {
        status: 'unreachable',
        reason: { code: 'payment.offline', message: `WeChat Pay cannot be reached (${http.error}).` },
      };
    case 'timeout':
      return { status: 'timeout', reason: providerError(`WeChat Pay did not answer the ${what} in time.`) };
    case 'lost':
      return { status: 'unknown', reason: providerError(`The ${what} answer was lost (${http.error}).`) };
  }
}

/**
 * The two WeChat Pay protocols over the till's one transport: API v2 (signed XML) and API v3 (JSON with
 * RSA signatures both ways). Nothing here decides about money; it only says whether an answer can be
 * believed. An answer whose signature does not verify is no answer (logged without keys or bodies).
 */
export function createWechatpayClient(config: WechatpayClientConfig) {
  const { credentials: creds, log } = config;
  const base = new URL(config.url);
  const now = config.now ?? Date.now;
  const tls = (mutual: boolean): TlsOptions => ({
    ...(creds.ca ? { ca: creds.ca } : {}),
    ...(mutual && creds.clientTls ? { cert: creds.clientTls.cert, key: creds.clientTls.key } : {}),
  });

  async function v2(
    path: string,
    fields: Record<string, string>,
    timeoutMs: number,
    what: string,
    opts: { mutualTls?: boolean; ref?: string } = {},
  ): Promise<V2Result> {
    const request: Record<string, string> = {
      appid: creds.appid,
      mch_id: creds.mchid,
      nonce_str: nonce(),
      sign_type: 'HMAC-SHA256',
      ...fields,
    };
    request.sign = signV2(request, creds.apiV2Key, 'HMAC-SHA256');
    const http = await requestRaw('POST', new URL(path, base), encodeXml(request), {}, timeoutMs, {
      tls: tls(opts.mutualTls === true),
      contentType: 'text/xml; charset=utf-8',
    });
    if (http.kind !== 'reply') return { kind: 'none', outcome: noAnswer(http, what) };
    const decoded = http.status === 200 ? decodeXml(http.text) : null;
    if (!decoded?.ok) {
      return {
        kind: 'none',
        outcome: {
          status: 'unknown',
          reason: providerError(
            `WeChat Pay's answer to the ${what} was not understood (HTTP ${http.status}${decoded ? `, ${decoded.message}` : ''}).`,
          ),
        },
      };
    }
    const answer = decoded.value;
    if (answer.return_code !== 'SUCCESS') {
      // return_code FAIL: refused before any business (signature, parameters, merchant): nothing moved
      return {
        kind: 'refused',
        reason: {
          code: 'wechatpay.merchant_refused',
          message: `WeChat Pay refused the ${what} (return_code FAIL: ${answer.return_msg ?? 'no reason given'}).`,
        },
      };
    }
    if (!verifyV2(answer, creds.apiV2Key, 'HMAC-SHA256')) {
      logAt(log, 'warn')(
        `wechatpay ${config.id}: the ${what} answer failed its v2 signature check; treated as no answer`,
        {
          ref: opts.ref,
          result_code: answer.result_code,
        },
      );
      return { kind: 'none', outcome: { status: 'unknown', reason: badSignature(what) } };
    }
    return { kind: 'answer', fields: answer };
  }

  /** Checks an API v3 answer's Wechatpay-* headers and signature; null when it verified. */
  function v3Problem(http: Extract<HttpOutcome, { kind: 'reply' }>): string | null {
    const header = (name: string) => {
      const value = http.headers[name];
      return typeof value === 'string' ? value : null;
    };
    const timestamp = header(v3AnswerHeaders.timestamp);
    const answerNonce = header(v3AnswerHeaders.nonce);
    const signature = header(v3AnswerHeaders.signature);
    const serial = header(v3AnswerHeaders.serial);
    if (!timestamp || !answerNonce || !signature || !serial) return 'the Wechatpay-* headers are missing';
    const key = creds.platformKeys.get(serial.toUpperCase());
    if (!key) return `no platform certificate with serial ${serial} is configured`;
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() / 1000 - Number(timestamp)) > v3TimestampWindowS)
      return 'Wechatpay-Timestamp is too far from the till clock';
    if (!verifyV3(v3AnswerMessage(timestamp, answerNonce, http.text), signature, key))
      return 'the signature does not verify with the platform certificate';
    return null;
  }

  async function v3(
    method: 'GET' | 'POST',
    target: string,
    body: Record<string, unknown> | null,
    timeoutMs: number,
    what: string,
    ref: string,
  ): Promise<V3Result> {
    const text = body === null ? '' : JSON.stringify(body);
    const timestamp = String(Math.floor(now() / 1000));
    const nonceStr = nonce();
    const authorization = v3AuthorizationHeader({
      mchid: creds.mchid,
      nonce_str: nonceStr,
      signature: signV3(v3RequestMessage(method, target, timestamp, nonceStr, text), creds.merchantKey),
      timestamp,
      serial_no: creds.merchantCertificateSerial,
    });
    const http = await requestRaw(
      method,
      new URL(target, base),
      text,
      { authorization, accept: 'application/json', 'user-agent': 'Tillpoint' },
      timeoutMs,
      { tls: tls(false), contentType: 'application/json' },
    );
    if (http.kind !== 'reply') return { kind: 'none', outcome: noAnswer(http, what) };
    if (http.status >= 500) {
      return {
        kind: 'none',
        outcome: {
          status: 'unknown',
          reason: providerError(`WeChat Pay failed on the ${what} (HTTP ${http.status}).`),
        },
      };
    }
    const problem = v3Problem(http);
    if (problem !== null) {
      logAt(log, 'warn')(
        `wechatpay ${config.id}: the ${what} answer failed its v3 signature check (${problem}); treated as no answer`,
        {
          ref,
          status: http.status,
        },
      );
      return { kind: 'none', outcome: { status: 'unknown', reason: badSignature(what) } };
    }
    return { kind: 'answer', status: http.status, json: http.body };
  }

  return { v2, v3, mchid: creds.mchid, appid: creds.appid };
}

export type WechatpayClient = ReturnType<typeof createWechatpayClient>;
