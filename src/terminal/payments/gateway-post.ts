import { createHash, createHmac, randomUUID } from 'node:crypto';
import { canonicalRequest, gatewaySignatureHeaders } from '../../shared/gateway-signature.js';
import { postJson, type HttpOutcome, type TlsOptions } from './http-json.js';

/** Who the till is at the sandbox gateway, and how to reach it (its wallets and its biller alike). */
export interface GatewayMerchant {
  /** e.g. http://127.0.0.1:8790 */
  readonly url: string;
  readonly merchantId: string;
  /** the HMAC-SHA256 key the gateway shares with this merchant */
  readonly key: string;
  /** an https gateway's trust (its own CA, a pin) */
  readonly tls?: TlsOptions;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * One signed POST to the sandbox gateway: the JSON body, and the merchant id, a timestamp, a fresh nonce
 * and the HMAC over the canonical request (src/shared/gateway-signature.ts) in its headers.
 */
export function postSignedToGateway(
  merchant: GatewayMerchant,
  path: string,
  payload: Record<string, unknown>,
  timeoutMs: number,
): Promise<HttpOutcome> {
  const body = JSON.stringify(payload);
  const timestamp = String(Date.now());
  const nonce = randomUUID();
  const signature = createHmac('sha256', merchant.key)
    .update(canonicalRequest('POST', path, timestamp, nonce, sha256Hex(body)), 'utf8')
    .digest('hex');
  return postJson(
    new URL(path, merchant.url),
    body,
    {
      [gatewaySignatureHeaders.merchantId]: merchant.merchantId,
      [gatewaySignatureHeaders.timestamp]: timestamp,
      [gatewaySignatureHeaders.nonce]: nonce,
      [gatewaySignatureHeaders.signature]: signature,
    },
    timeoutMs,
    merchant.tls ? { tls: merchant.tls } : {},
  );
}
