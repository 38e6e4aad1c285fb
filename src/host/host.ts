import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Capability, EventName, Handlers } from '../shared/contract.js';
import { createDispatcher, type Logger } from '../shared/dispatch.js';
import { logAt } from '../shared/log.js';
import {
  malformedFrameResponse,
  maxFrameBytes,
  parseRequestFrame,
  wsPath,
  type EventFrame,
  type ResponseFrame,
} from '../shared/ws-protocol.js';
import { securityHeaders } from './security-headers.js';
import { lookupStaticFile } from './static-files.js';

/** What the host needs of a terminal (src/terminal/terminal.ts `Terminal` satisfies it). */
export interface HostTerminal {
  readonly handlers: Handlers;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
}

export interface HostOptions {
  /** 0 or absent: the OS picks a free port. */
  port?: number;
  /** The terminal's data folder. The host never serves from it; it is part of the options so callers name it. */
  dataDir: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  terminal: HostTerminal;
  /** Fixed token for tests; by default a fresh random one per run. */
  token?: string;
  /** Fixed customer-display token for tests; by default a fresh random one per run, never the cashier's. */
  displayToken?: string;
  /**
   * A self-service kiosk: the host makes a kiosk token (capability 'kiosk') instead of the cashier's, and
   * no cashier token at all, so no page on this till can call a cashier's method (a refund, the settings).
   */
  kiosk?: boolean;
  /** Fixed kiosk token for tests (kiosk mode only); by default a fresh random one per run. */
  kioskToken?: string;
  log?: Logger;
}

interface RunningHostBase {
  readonly port: number;
  /**
   * The customer display's page: http://127.0.0.1:PORT/#/customer&token=DISPLAY_TOKEN. Its token binds the
   * WebSocket to read-only calls (the contract's `read` methods); events reach it like the cashier.
   */
  readonly displayUrl: string;
  readonly displayToken: string;
  /** Stops listening; calls already in flight are answered first (an admin exit's own answer included). */
  close(): Promise<void>;
}

export interface RunningHost extends RunningHostBase {
  /** The page to open: http://127.0.0.1:PORT/#token=TOKEN (a fragment never reaches a server or a Referer). */
  readonly url: string;
  readonly token: string;
}

export interface RunningKioskHost extends RunningHostBase {
  /** The kiosk's page: http://127.0.0.1:PORT/#/kiosk&token=KIOSK_TOKEN (the contract's `read` and `self`). */
  readonly kioskUrl: string;
  readonly kioskToken: string;
}

const loopback = '127.0.0.1';
/** How long close() waits for calls in flight to be answered. */
const closeGraceMs = 2_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** 32 random bytes, base64url (RFC 4648 section 5), so it survives a URL fragment and a query string. */
export const newHostToken = (): string => randomBytes(32).toString('base64url');

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses an upgrade with a plain HTTP status (RFC 6455 section 4.2.2: any non-101 answer refuses). */
function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The browser transport: serves the built renderer over loopback HTTP and carries the contract over one
 * WebSocket endpoint. Every frame goes through the generic dispatcher; there is no per-method code here.
 */
export async function startHost(opts: HostOptions & { kiosk: true }): Promise<RunningKioskHost>;
export async function startHost(opts: HostOptions & { kiosk?: false }): Promise<RunningHost>;
export async function startHost(opts: HostOptions): Promise<RunningHost | RunningKioskHost>;
export async function startHost(opts: HostOptions): Promise<RunningHost | RunningKioskHost> {
  const kiosk = opts.kiosk === true;
  if (kiosk && opts.token !== undefined) throw new Error('host: a kiosk has no cashier token');
  if (!kiosk && opts.kioskToken !== undefined) throw new Error('host: a kiosk token needs kiosk mode');
  // One token per capability; in kiosk mode the full (cashier) one is never made.
  const mainToken = kiosk ? (opts.kioskToken ?? newHostToken()) : (opts.token ?? newHostToken());
  const mainCapability: Capability = kiosk ? 'kiosk' : 'full';
  const displayToken = opts.displayToken ?? newHostToken();
  if (displayToken === mainToken) {
    throw new Error(`host: the display token must differ from the ${kiosk ? 'kiosk' : 'cashier'} token`);
  }
  /** The capability a WebSocket gets is the one of the token it showed; set at the upgrade, never changed. */
  const capabilities = new WeakMap<WebSocket, Capability>();
  /** Calls being answered, so close() can let them finish (an admin exit answers before the host closes). */
  const inFlight = new Set<Promise<void>>();
  const log: Logger = opts.log ?? ((line, details) => console.error(line, details ?? ''));
  const dispatch = createDispatcher(opts.terminal.handlers, log);
  let port = 0;

  const server = http.createServer((req, res) => {
    const headers = securityHeaders(port);
    const sendText = (status: number, text: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
      res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(405, 'Method not allowed.', { Allow: 'GET, HEAD' });
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', `http://${loopback}`).pathname;
    } catch {
      sendText(400, 'Bad request.');
      return;
    }
    lookupStaticFile(opts.rendererDir, pathname).then(
      (found) => {
        if (found.kind === 'forbidden') return sendText(403, 'Forbidden.');
        if (found.kind === 'not_found') {
          return sendText(
            404,
            pathname === '/' ? 'The cashier screen is not built: run npm run build.' : 'Not found.',
          );
        }
        res.writeHead(200, {
          ...headers,
          'Content-Type': found.contentType,
          'Content-Length': String(found.size),
          'Cache-Control': 'no-cache',
        });
        if (req.method === 'HEAD') return res.end();
        createReadStream(found.file)
          .on('error', (error) => {
            log('host: static file read failed', error);
            res.destroy();
          })
          .pipe(res);
      },
      (error: unknown) => {
        log('host: static lookup failed', error);
        sendText(500, 'Internal error.');
      },
    );
  });

  // maxPayload makes ws close an oversized message with 1009 "Message Too Big" (RFC 6455 section 7.4.1).
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${loopback}`);
    } catch {
      return refuseUpgrade(socket, 400, 'Bad request.');
    }
    if (url.pathname !== wsPath) return refuseUpgrade(socket, 404, 'Not found.');
    const given = url.searchParams.get('token');
    const capability: Capability | null =
      given === null
        ? null
        : sameSecret(given, mainToken)
          ? mainCapability
          : sameSecret(given, displayToken)
            ? 'read'
            : null;
    if (capability === null) return refuseUpgrade(socket, 401, 'A valid token is required.');
    // The token keeps other local programs out; the Origin check keeps other web pages out, because a
    // browser always sends the page's own origin on a WebSocket handshake (RFC 6455 section 10.2).
    const origin = `http://${loopback}:${port}`;
    if (req.headers.origin !== origin) return refuseUpgrade(socket, 403, 'This origin may not connect.');
    wss.handleUpgrade(req, socket, head, (ws) => {
      capabilities.set(ws, capability);
      wss.emit('connection', ws, req);
    });
  });

  const send = (ws: WebSocket, frame: ResponseFrame | EventFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', (error) => log('host: websocket error', error));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return send(ws, malformedFrameResponse('Requests must be JSON text frames.'));
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as Uint8Array).toString('utf8');
      const parsed = parseRequestFrame(text);
      if (!parsed.ok) return send(ws, parsed.response);
      const { id, method, params } = parsed.frame;
      // every call with its params at debug level (TILLPOINT_LOG_LEVEL=debug), through the logger's redaction
      logAt(log, 'debug')(`host: call ${method}`, params);
      // a socket without a recorded capability cannot exist; if it did, it gets the least
      const answered = dispatch(method, params, { capability: capabilities.get(ws) ?? 'read' }).then(
        (result) => {
          if (!result.ok) logAt(log, 'debug')(`host: ${method} answered ${result.error.code}`);
          send(ws, { id, result });
        },
        // The dispatcher never rejects; this only guards against a bug there keeping a caller waiting.
        (error: unknown) => {
          log(`host: dispatch of ${method} rejected`, error);
          send(ws, {
            id,
            result: { ok: false, error: { code: 'internal', message: 'Something went wrong.' } },
          });
        },
      );
      inFlight.add(answered);
      void answered.finally(() => inFlight.delete(answered));
    });
  });

  const unsubscribe = opts.terminal.onEvent((event, payload) => {
    const frame: EventFrame = { event, payload };
    for (const client of wss.clients) send(client, frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 0, host: loopback }, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    unsubscribe();
    throw error;
  });
  server.on('error', (error) => log('host: server error', error));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('host: server has no TCP address');
  port = address.port;

  let closing: Promise<void> | undefined;
  const base: RunningHostBase = {
    port,
    displayUrl: `http://${loopback}:${port}/#/customer&token=${displayToken}`,
    displayToken,
    close() {
      closing ??= (async () => {
        // no new connections; the calls in flight get their answers (bounded: a stuck handler cannot hold
        // the process open), then every socket goes
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.race([Promise.allSettled([...inFlight]), delay(closeGraceMs)]);
        unsubscribe();
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
  return kiosk
    ? { ...base, kioskUrl: `http://${loopback}:${port}/#/kiosk&token=${mainToken}`, kioskToken: mainToken }
    : { ...base, url: `http://${loopback}:${port}/#token=${mainToken}`, token: mainToken };
}
