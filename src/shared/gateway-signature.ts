/**
 * The string a sandbox-gateway request signature covers (/tmp design, section B): both the gateway and the
 * terminal's client build it here so they cannot drift apart; each side computes the HMAC-SHA256 itself
 * (src/shared may not import node:crypto).
 *
 * Like WeChat Pay API v3's signing string, every part is on its own line, so a value can never slide into
 * its neighbour: `${METHOD}\n${path}\n${timestamp}\n${nonce}\n${sha256hex(rawBody)}`.
 * `path` is the request target exactly as sent (path plus any query string), `timestamp` unix milliseconds.
 */
export function canonicalRequest(
  method: string,
  path: string,
  timestamp: string,
  nonce: string,
  bodySha256Hex: string,
): string {
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${bodySha256Hex.toLowerCase()}`;
}

/** The headers a signed request carries (names as sent; Node lowercases them on arrival). */
export const gatewaySignatureHeaders = {
  merchantId: 'X-Merchant-Id',
  timestamp: 'X-Timestamp',
  nonce: 'X-Nonce',
  signature: 'X-Signature',
} as const;

/** ±300 s between the client's X-Timestamp and the gateway's clock. */
export const gatewaySignatureWindowMs = 300_000;
