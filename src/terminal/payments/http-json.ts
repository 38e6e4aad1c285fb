import http from 'node:http';

/**
 * One JSON request over node:http that tells apart the three ways a call can fail, because they mean
 * different things for money: the connection was refused (the request never left: nothing can have
 * happened), the deadline passed, or the reply was lost after the request was sent (anything may have
 * happened). stripe-node's RequestSender makes the same split before it decides to retry.
 */
export type HttpOutcome =
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly body: Record<string, unknown> | null;
      readonly headers: http.IncomingHttpHeaders;
    }
  | { readonly kind: 'unreachable'; readonly error: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'lost'; readonly error: string };

/** Errors raised before a TCP connection exists: the request was certainly not delivered. */
const notConnected = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpOutcome> {
  return requestJson('POST', url, body, headers, timeoutMs);
}

/** postJson for any method; a GET sends no body. */
export function requestJson(
  method: 'GET' | 'POST',
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    const done = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = http.request(
      url,
      {
        method,
        // a fresh connection per call: a pooled socket the server already closed would look like a lost reply
        agent: false,
        headers: {
          ...headers,
          ...(method === 'POST'
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          let parsed: Record<string, unknown> | null = null;
          try {
            const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
              parsed = value as Record<string, unknown>;
            }
          } catch {
            parsed = null;
          }
          done({ kind: 'reply', status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
        res.on('error', (error) => done({ kind: 'lost', error: error.message }));
      },
    );
    req.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && notConnected.has(error.code ?? '')) {
        done({ kind: 'unreachable', error: `${error.code}: ${error.message}` });
      } else {
        done({ kind: 'lost', error: `${error.code ?? 'error'}: ${error.message}` });
      }
    });
    const timer = setTimeout(
      () => {
        // no connection within the time: the request never left, like a refused connection
        done(
          connected
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
