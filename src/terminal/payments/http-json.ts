import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';

/**
 * One request over node:http or node:https that tells apart the three ways a call can fail, because they
 * mean different things for money: the connection was refused (the request never left: nothing can have
 * happened), the deadline passed, or the reply was lost after the request was sent (anything may have
 * happened). stripe-node's RequestSender makes the same split before it decides to retry.
 *
 * Over TLS the request is written only once the handshake succeeded, so a certificate that is not trusted,
 * a pin that does not match or a failed handshake is 'unreachable' too: nothing was delivered.
 */
export type HttpOutcome =
  | {
      readonly kind: 'reply';
      readonly status: number;
      /** the body parsed as a JSON object, or null when it is not one */
      readonly body: Record<string, unknown> | null;
      /** the body as received, as UTF-8 text (signatures are checked over these exact characters) */
      readonly text: string;
      /** the body's bytes (binary answers: a settlement file's zip) */
      readonly bytes: Buffer;
      readonly headers: http.IncomingHttpHeaders;
    }
  | { readonly kind: 'unreachable'; readonly error: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'lost'; readonly error: string };

/** How an https call trusts the server (and, for mutual TLS, shows itself). */
export interface TlsOptions {
  /** PEM CA certificate(s) trusted instead of the system's (a test CA, a shop's own CA) */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /**
   * the SHA-256 fingerprint of the one server certificate accepted (hex of its DER, colons and case
   * ignored): any other is refused even when a CA signed it; a self-signed one that matches is accepted
   */
  readonly pinSha256?: string;
  /** client certificate and key (PEM) for mutual TLS */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

export interface RequestOptions {
  readonly tls?: TlsOptions;
  /** the POST body's content type (default application/json) */
  readonly contentType?: string;
}

/** Errors raised before a TCP connection exists: the request was certainly not delivered. */
const notConnected = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** A fingerprint as written anywhere (AA:BB..., aabb...), compared in one form. */
export const normalizeFingerprint = (fingerprint: string): string =>
  fingerprint.replace(/[^0-9a-fA-F]/g, '').toLowerCase();

/** The SHA-256 fingerprint of a PEM certificate, as 64 lower-case hex characters. */
export const certificateFingerprint = (pem: string | Buffer): string =>
  normalizeFingerprint(new X509Certificate(pem).fingerprint256);

export function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  options: RequestOptions = {},
): Promise<HttpOutcome> {
  return requestRaw('POST', url, body, headers, timeoutMs, options);
}

/** postJson for any method; a GET sends no body. */
export function requestJson(
  method: 'GET' | 'POST',
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  options: RequestOptions = {},
): Promise<HttpOutcome> {
  return requestRaw(method, url, body, headers, timeoutMs, options);
}

/** The https agent options of `tls`: the pin replaces the CA check (it names the one certificate). */
function tlsRequestOptions(tls: TlsOptions | undefined): https.RequestOptions {
  if (!tls) return {};
  const pin = tls.pinSha256 === undefined ? null : normalizeFingerprint(tls.pinSha256);
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca as string | Buffer | (string | Buffer)[] }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
    ...(pin === null
      ? {}
      : {
          // the pinned certificate is trusted for itself: the chain is not asked of a CA, the pin is checked
          // in checkServerIdentity and again on the socket before anything is written
          rejectUnauthorized: false,
          checkServerIdentity: (_host: string, cert: { fingerprint256?: string }) =>
            normalizeFingerprint(cert.fingerprint256 ?? '') === pin
              ? undefined
              : new Error('the server certificate does not match the pinned fingerprint'),
        }),
  };
}

/** One request; the body is sent as given (JSON, XML, a form), the answer kept as text and bytes. */
export function requestRaw(
  method: 'GET' | 'POST',
  url: URL,
  body: string | Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
  options: RequestOptions = {},
): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    // whether the request may have reached the server: over TLS only once the handshake is done
    let delivered = false;
    const done = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') {
      resolve({ kind: 'unreachable', error: `unsupported URL scheme ${url.protocol}` });
      return;
    }
    const pin = options.tls?.pinSha256 === undefined ? null : normalizeFingerprint(options.tls.pinSha256);
    const requestOptions: https.RequestOptions = {
      method,
      // a fresh connection per call: a pooled socket the server already closed would look like a lost reply
      agent: false,
      headers: {
        ...headers,
        ...(method === 'POST'
          ? {
              'content-type': options.contentType ?? 'application/json',
              'content-length': String(Buffer.byteLength(body)),
            }
          : {}),
      },
      ...(secure ? tlsRequestOptions(options.tls) : {}),
    };
    const onReply = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        let parsed: Record<string, unknown> | null = null;
        try {
          const value: unknown = JSON.parse(text);
          if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
            parsed = value as Record<string, unknown>;
          }
        } catch {
          parsed = null;
        }
        done({ kind: 'reply', status: res.statusCode ?? 0, body: parsed, text, bytes, headers: res.headers });
      });
      res.on('error', (error) => done({ kind: 'lost', error: error.message }));
    };
    let req: http.ClientRequest;
    try {
      req = secure ? https.request(url, requestOptions, onReply) : http.request(url, requestOptions, onReply);
    } catch (error) {
      // refused before anything was sent (a header that cannot be sent, an option node rejects)
      resolve({ kind: 'unreachable', error: (error as Error).message });
      return;
    }
    req.on('socket', (socket) => {
      if (secure) {
        const tlsSocket = socket as TLSSocket;
        tlsSocket.once('secureConnect', () => {
          if (pin !== null) {
            const peer = tlsSocket.getPeerCertificate();
            if (normalizeFingerprint(peer.fingerprint256 ?? '') !== pin) {
              done({
                kind: 'unreachable',
                error: 'TLS: the server certificate does not match the pinned fingerprint',
              });
              req.destroy();
              return;
            }
          }
          delivered = true;
        });
      } else if (!socket.connecting) delivered = true;
      else socket.once('connect', () => (delivered = true));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!delivered) {
        const why = secure && !notConnected.has(error.code ?? '') ? 'TLS: ' : '';
        done({ kind: 'unreachable', error: `${why}${error.code ?? 'error'}: ${error.message}` });
      } else {
        done({ kind: 'lost', error: `${error.code ?? 'error'}: ${error.message}` });
      }
    });
    const timer = setTimeout(
      () => {
        // no connection (or no handshake) within the time: the request never left, like a refused connection
        done(
          delivered
            ? { kind: 'timeout' }
            : { kind: 'unreachable', error: 'no connection before the timeout' },
        );
        req.destroy();
      },
      Math.max(1, timeoutMs),
    );
    req.end(method === 'POST' ? body : undefined);
  });
}
