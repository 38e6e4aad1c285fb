import { createSign, createVerify } from 'node:crypto';
import {
  alipayAnswerText,
  alipaySignContent,
  alipayTimestamp,
  type AlipayParams,
} from '../../../shared/alipay-sign.js';
import { requestRaw, type HttpOutcome } from '../http-json.js';
import type { AlipayKeys } from './alipay-keys.js';

/**
 * One Alipay OpenAPI call over the till's own transport (requestRaw): our timeout, no retries, the
 * unreachable / timeout / lost split kept, and the answer's signature checked over the raw text of its
 * `<method>_response` member as it arrived (src/shared/alipay-sign.ts).
 */

export interface AlipayClientConfig {
  readonly gatewayUrl: string;
  readonly appId: string;
  readonly keys: AlipayKeys;
  readonly now?: () => number;
}

export type AlipayCall =
  /** a signed, verified answer: the member's fields */
  | { readonly kind: 'answer'; readonly body: Readonly<Record<string, unknown>> }
  /** nothing left the till (refused connection, TLS refused before the request was written) */
  | { readonly kind: 'unreachable'; readonly error: string }
  | { readonly kind: 'timeout' }
  /** the request may have arrived; what came back (if anything) says nothing that can be trusted */
  | { readonly kind: 'lost'; readonly error: string };

/** SHA256withRSA, base64: what Alipay calls RSA2. */
export function rsa2Sign(content: string, keys: Pick<AlipayKeys, 'privateKey'>): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(keys.privateKey, 'base64');
}

export function rsa2Verify(
  content: string,
  sign: string,
  keys: Pick<AlipayKeys, 'alipayPublicKey'>,
): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(keys.alipayPublicKey, sign, 'base64');
  } catch {
    return false;
  }
}

/** The request's parameters, signed: what goes into the form body. */
export function signedParams(
  config: AlipayClientConfig,
  method: string,
  bizContent: Record<string, unknown>,
): Record<string, string> {
  const params: Record<string, string> = {
    app_id: config.appId,
    method,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: alipayTimestamp((config.now ?? Date.now)()),
    version: '1.0',
    biz_content: JSON.stringify(bizContent),
    ...(config.keys.certSns
      ? { app_cert_sn: config.keys.certSns.appCertSn, alipay_root_cert_sn: config.keys.certSns.rootCertSn }
      : {}),
  };
  return { ...params, sign: rsa2Sign(alipaySignContent(params as AlipayParams), config.keys) };
}

/** What an HTTP outcome says once the answer's signature is checked. */
export function readAnswer(http: HttpOutcome, method: string, keys: AlipayKeys): AlipayCall {
  switch (http.kind) {
    case 'unreachable':
      return { kind: 'unreachable', error: http.error };
    case 'timeout':
      return { kind: 'timeout' };
    case 'lost':
      return { kind: 'lost', error: http.error };
    case 'reply': {
      if (http.status !== 200) return { kind: 'lost', error: `HTTP ${http.status}` };
      const answer = alipayAnswerText(http.text, method);
      if (!answer) return { kind: 'lost', error: 'not an Alipay answer' };
      // An answer without a signature, or with one that does not verify, could come from anyone: it is
      // never taken as paid or declined; the caller asks again (a query) instead.
      if (!answer.sign) return { kind: 'lost', error: 'the answer is not signed' };
      if (keys.alipayCertSn && answer.certSn && answer.certSn !== keys.alipayCertSn) {
        return { kind: 'lost', error: 'the answer is signed with another Alipay certificate' };
      }
      if (!rsa2Verify(answer.content, answer.sign, keys)) {
        return { kind: 'lost', error: 'the answer’s signature does not verify' };
      }
      let body: unknown;
      try {
        body = JSON.parse(answer.content);
      } catch {
        return { kind: 'lost', error: 'the answer is not JSON' };
      }
      return { kind: 'answer', body: body as Record<string, unknown> };
    }
  }
}

export function createAlipayClient(config: AlipayClientConfig) {
  const url = new URL(config.gatewayUrl);
  const tls = config.keys.ca ? { ca: config.keys.ca } : undefined;
  return {
    async call(method: string, bizContent: Record<string, unknown>, timeoutMs: number): Promise<AlipayCall> {
      const params = signedParams(config, method, bizContent);
      // Alipay's SDKs send the common parameters in the query and biz_content in the body; all in a form
      // body is accepted too and keeps the URL free of signatures (proxies log URLs).
      const target = new URL(url);
      target.searchParams.set('charset', 'utf-8');
      const http = await requestRaw(
        'POST',
        target,
        new URLSearchParams(params).toString(),
        { accept: 'application/json' },
        timeoutMs,
        { contentType: 'application/x-www-form-urlencoded;charset=utf-8', ...(tls ? { tls } : {}) },
      );
      return readAnswer(http, method, config.keys);
    },
  };
}

export type AlipayClient = ReturnType<typeof createAlipayClient>;
