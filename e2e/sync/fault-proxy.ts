/**
 * An HTTP fault proxy between a terminal and the hub, for the sync fault-injection suite and the e2e.
 * Each request gets one fault from the current plan: a fixed fault, a scripted sequence, or weights drawn
 * from a seeded PRNG (a failing run prints its seed and replays with it). Outages are a plan of their own,
 * because they act on connections, not requests.
 *
 * Faults:
 * - `pass`: forwarded as is.
 * - `status`: the proxy answers itself (default 503, optional Retry-After); the hub never sees the request.
 * - `drop-reply`: the whole request is forwarded, the hub commits and answers, the proxy reads that answer
 *   and then resets the client's connection without replying: the reply is lost after the commit.
 * - `reset-mid-body`: only part of the body (default half) goes upstream, then both sides are destroyed;
 *   the hub never sees a complete body.
 * - `latency`: forwarded after `beforeMs`, answered `afterMs` after the hub's reply arrived.
 * Outage (`{ mode: 'outage' }`): `refuse` closes the listener (ECONNREFUSED, as with a hub that is down) and
 * reopens it on the same port when the plan changes; `destroy` keeps accepting and resets each connection at
 * once (a crashed backend behind a load balancer). Either way, open connections are cut when it starts.
 *
 * With `tls` the proxy answers https with that certificate (the hub's own, so a till pinned to the hub talks
 * to it: the faults of a TLS hop, or a man in the middle who holds the hub's key) and reaches an https hub
 * upstream; `tamper` rewrites each forwarded answer's body (a man in the middle; the till's answer MAC must
 * catch it).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '../test-seed.js';

// the sync fault suite takes its PRNG from here, with the proxy's
export { seededRandom };

export type Fault =
  | { readonly kind: 'pass' }
  | { readonly kind: 'status'; readonly status?: number; readonly retryAfterS?: number }
  | { readonly kind: 'drop-reply' }
  /** `afterBytes`: how much of the body goes upstream (default: half of it, at least 1 byte) */
  | { readonly kind: 'reset-mid-body'; readonly afterBytes?: number }
  | { readonly kind: 'latency'; readonly beforeMs?: number; readonly afterMs?: number };

export type FaultKind = Fault['kind'];

export type FaultPlan =
  | { readonly mode: 'fixed'; readonly fault: Fault }
  /** one fault per request, in order; after the last, `then` (default pass) */
  | { readonly mode: 'sequence'; readonly faults: readonly Fault[]; readonly then?: FaultPlan }
  /** each request draws a fault with probability weight / sum; `seed` restarts the PRNG */
  | {
      readonly mode: 'weighted';
      readonly weights: readonly { readonly fault: Fault; readonly weight: number }[];
      readonly seed?: number;
    }
  /** `forMs`: the outage ends by itself after that long, and `then` (default pass) applies */
  | {
      readonly mode: 'outage';
      readonly how: 'refuse' | 'destroy';
      readonly forMs?: number;
      readonly then?: FaultPlan;
    };

export interface FaultProxyStats {
  /** the PRNG seed the proxy started with: pass it as `seed` to replay a run */
  readonly seed: number;
  readonly requests: number;
  readonly byFault: Readonly<Record<FaultKind, number>>;
  /** connections reset by a `destroy` outage (refused ones never reach the proxy) */
  readonly outageDestroyed: number;
  /** forwarded requests whose upstream failed (answered 502) */
  readonly upstreamErrors: number;
  /** the fault each request got, in arrival order (the last 10,000) */
  readonly history: readonly FaultKind[];
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  setPlan(plan: FaultPlan): Promise<void>;
  stats(): FaultProxyStats;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** http://127.0.0.1:<port> */
  readonly target: string;
  readonly seed?: number;
  /** default 0 (any free port) */
  readonly port?: number;
  readonly plan?: FaultPlan;
  /** the address to listen on (default 127.0.0.1) */
  readonly host?: string;
  /** answer https with this certificate and key (PEM) */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /** rewrites a forwarded answer's body (the headers, its MAC included, are kept) */
  readonly tamper?: (body: Buffer, req: http.IncomingMessage) => Buffer;
}

/** Resets a connection (RST); a TLS socket's handle cannot reset, so it is destroyed instead. */
function resetSocket(socket: Socket | null | undefined): void {
  if (!socket) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** Headers that belong to one hop (RFC 9110 7.6.1); Node sets its own on each side. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);
function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) out[name] = value;
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 32);
  let random = seededRandom(seed);
  let plan: FaultPlan = opts.plan ?? { mode: 'fixed', fault: { kind: 'pass' } };
  let sequenceAt = 0;
  let outageTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const byFault: Record<FaultKind, number> = {
    pass: 0,
    status: 0,
    'drop-reply': 0,
    'reset-mid-body': 0,
    latency: 0,
  };
  const history: FaultKind[] = [];
  let requests = 0;
  let outageDestroyed = 0;
  let upstreamErrors = 0;

  const secureUpstream = target.protocol === 'https:';
  // the hub's certificate is the test's to trust; the till's pin is what the tests are about
  const agent = secureUpstream
    ? new https.Agent({ keepAlive: true, rejectUnauthorized: false })
    : new http.Agent({ keepAlive: true });
  const sockets = new Set<Socket>();

  function nextFault(): Fault {
    for (;;) {
      const p = plan;
      if (p.mode === 'fixed') return p.fault;
      if (p.mode === 'weighted') {
        const total = p.weights.reduce((s, w) => s + w.weight, 0);
        let r = random() * total;
        for (const w of p.weights) {
          r -= w.weight;
          if (r < 0) return w.fault;
        }
        return p.weights[p.weights.length - 1]?.fault ?? { kind: 'pass' };
      }
      if (p.mode === 'sequence') {
        const f = p.faults[sequenceAt];
        if (f !== undefined) {
          sequenceAt++;
          return f;
        }
        plan = p.then ?? { mode: 'fixed', fault: { kind: 'pass' } };
        continue;
      }
      // a request that arrived on a connection accepted before a destroy outage began
      return { kind: 'pass' };
    }
  }

  function upstreamRequest(req: http.IncomingMessage): http.ClientRequest {
    return (secureUpstream ? https : http).request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...endToEnd(req.headers), host: target.host },
      agent,
    });
  }

  function badGateway(res: http.ServerResponse, error: Error) {
    upstreamErrors++;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify({ error: { code: 'proxy.upstream', message: error.message } });
    res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  /** Forwards the request; resolves with the upstream's whole answer (status, headers, body). */
  function exchange(req: http.IncomingMessage) {
    return new Promise<{ status: number; headers: http.OutgoingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const up = upstreamRequest(req);
        up.on('error', reject);
        up.on('response', (upRes) => {
          const chunks: Buffer[] = [];
          upRes.on('data', (c: Buffer) => chunks.push(c));
          upRes.on('error', reject);
          upRes.on('end', () =>
            resolve({
              status: upRes.statusCode ?? 502,
              headers: endToEnd(upRes.headers),
              body: Buffer.concat(chunks),
            }),
          );
        });
        req.pipe(up);
      },
    );
  }

  async function passThrough(req: http.IncomingMessage, res: http.ServerResponse, afterMs = 0) {
    try {
      const answer = await exchange(req);
      if (afterMs > 0) await sleep(afterMs);
      if (res.destroyed) return;
      const body = opts.tamper ? opts.tamper(answer.body, req) : answer.body;
      res.writeHead(answer.status, { ...answer.headers, 'content-length': body.length });
      res.end(body);
    } catch (error) {
      badGateway(res, error as Error);
    }
  }

  function resetMidBody(req: http.IncomingMessage, res: http.ServerResponse, afterBytes?: number) {
    const declared = Number(req.headers['content-length'] ?? NaN);
    let cut = afterBytes ?? (Number.isFinite(declared) ? Math.floor(declared / 2) : undefined);
    if (cut !== undefined && Number.isFinite(declared)) cut = Math.min(cut, declared - 1);
    if (cut !== undefined) cut = Math.max(cut, 1);
    const up = upstreamRequest(req);
    up.on('error', () => undefined);
    up.on('response', (r) => r.resume());
    up.flushHeaders();
    const received: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (part: Buffer) => {
      if (done) return;
      done = true;
      req.removeAllListeners('data');
      // the partial body is flushed to the kernel before the socket goes; a FIN after it, so the hub reads
      // those bytes and then an early end (a reset could make the kernel drop them unread)
      up.write(part, () => setTimeout(() => up.destroy(), 20));
      resetSocket(res.socket);
    };
    req.on('data', (chunk: Buffer) => {
      received.push(chunk);
      size += chunk.length;
      if (cut !== undefined && size >= cut) finish(Buffer.concat(received).subarray(0, cut));
    });
    req.on('end', () => {
      const all = Buffer.concat(received);
      finish(all.subarray(0, Math.max(1, Math.min(cut ?? Math.floor(all.length / 2), all.length - 1))));
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const fault = nextFault();
    requests++;
    byFault[fault.kind]++;
    history.push(fault.kind);
    if (history.length > 10_000) history.shift();
    switch (fault.kind) {
      case 'pass':
        return passThrough(req, res);
      case 'latency':
        if ((fault.beforeMs ?? 0) > 0) await sleep(fault.beforeMs ?? 0);
        return passThrough(req, res, fault.afterMs ?? 0);
      case 'status': {
        req.resume();
        await new Promise((resolve) => req.once('end', resolve));
        const body = JSON.stringify({
          error: { code: 'proxy.injected', message: `fault proxy: injected ${fault.status ?? 503}` },
        });
        res.writeHead(fault.status ?? 503, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(fault.retryAfterS === undefined ? {} : { 'retry-after': String(fault.retryAfterS) }),
        });
        res.end(body);
        return;
      }
      case 'drop-reply':
        try {
          await exchange(req); // the hub answered in full: whatever it committed is committed
        } catch {
          upstreamErrors++;
        }
        resetSocket(res.socket);
        return;
      case 'reset-mid-body':
        return resetMidBody(req, res, fault.afterBytes);
    }
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((error: unknown) => badGateway(res, error as Error));
  };
  const server = opts.tls
    ? https.createServer({ keepAlive: true, cert: opts.tls.certPem, key: opts.tls.keyPem }, listener)
    : http.createServer({ keepAlive: true }, listener);
  const host = opts.host ?? '127.0.0.1';
  server.on('connection', (socket) => {
    if (plan.mode === 'outage' && plan.how === 'destroy') {
      outageDestroyed++;
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let listening = false;
  async function listen(port: number) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    listening = true;
  }
  async function stopListening() {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      cutConnections();
    });
  }
  function cutConnections() {
    for (const s of sockets) resetSocket(s);
    sockets.clear();
  }

  await listen(opts.port ?? 0);
  const port = (server.address() as AddressInfo).port;

  async function setPlan(next: FaultPlan): Promise<void> {
    if (closed) throw new Error('the fault proxy is closed');
    clearTimeout(outageTimer);
    outageTimer = undefined;
    plan = next;
    sequenceAt = 0;
    if (next.mode === 'weighted' && next.seed !== undefined) random = seededRandom(next.seed);
    if (next.mode === 'outage') {
      if (next.how === 'refuse') await stopListening();
      else {
        if (!listening) await listen(port);
        cutConnections();
      }
      if (next.forMs !== undefined) {
        const then = next.then ?? { mode: 'fixed', fault: { kind: 'pass' } };
        outageTimer = setTimeout(() => void setPlan(then).catch(() => undefined), next.forMs);
      }
    } else if (!listening) {
      await listen(port);
    }
  }

  return {
    url: `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    setPlan,
    stats: () => ({
      seed,
      requests,
      byFault: { ...byFault },
      outageDestroyed,
      upstreamErrors,
      history: [...history],
    }),
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(outageTimer);
      await stopListening();
      cutConnections();
      agent.destroy();
    },
  };
}
