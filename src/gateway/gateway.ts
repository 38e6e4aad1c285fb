import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBody } from './http-body.js';
import { GatewayLedger } from './ledger.js';
import { openLedgerFile, type LedgerFile } from './ledger-file.js';
import {
  parseClock,
  parseCustomerPays,
  parseIssueCode,
  parseJsonObject,
  parseMicropay,
  parseOrderRef,
  parsePrecreate,
  parseRefund,
  type Parsed,
} from './params.js';
import type { Json, Reply } from './reply.js';
import { NonceCache, verifySignature } from './signature.js';
import { logAt, type Log } from '../shared/log.js';
import {
  alipayFaults,
  createAlipayDialect,
  type AlipayDialect,
  type AlipayFault,
} from './alipay/alipay-dialect.js';
import { alipaySimKeys } from './alipay/alipay-sim-keys.js';
import { loadSimulatorKeys, type SimulatorKeys } from './wechatpay/simulator-keys.js';
import { createWechatpayDialect, type WechatpayDialect } from './wechatpay/wechatpay-dialect.js';
import { createOfflineIssuer } from './offline-issuer.js';
import { offlineIssuerRoutes, offlineSettleHandler } from './offline-issuer-routes.js';
import { createSandboxBiller } from './biller/sandbox-biller.js';

/**
 * The sandbox payment gateway (design section B): a real HTTP server on 127.0.0.1 that
 * plays the wallets for demos and tests. node:http only; the books live in GatewayLedger.
 */

export interface Merchant {
  id: string;
  key: string;
}

/** Sandbox-only credentials, published in the design so a demo till works out of the box. Never real. */
export const demoMerchant: Merchant = { id: 'm-demo', key: 'sandbox-demo-key' };

export interface GatewayOptions {
  /** 0 or absent: the OS picks a free port. */
  port?: number;
  /** Accept scripted behaviours and the clock control (tests only). */
  test?: boolean;
  /** Added to the demo merchant; an entry with id m-demo replaces its key. */
  merchants?: Merchant[];
  /** The real clock (unix ms); signatures are checked against it. Default Date.now. */
  now?: () => number;
  /** Keep the books in this SQLite file (created if missing) instead of only in memory. */
  ledgerFile?: string;
  /** One line per wallet call and per failure: the CLI's JSON logger (src/shared/log.ts); default stderr. */
  log?: Log;
  /**
   * The protocol spoken: the sandbox's own JSON (default), Alipay's OpenAPI gateway (POST /gateway.do), or
   * WeChat Pay's (API v2 XML and API v3)
   */
  dialect?: GatewayDialect;
  /**
   * alipay: keep the simulator's key pairs in this folder (made there on first start; default in memory);
   * wechatpay: the folder of test keys, made there when it has none (default: a new temporary folder)
   */
  keysDir?: string;
  /** serve https with this certificate and key (PEM) instead of http */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** alipay: public key certificate mode with these cert SNs (src/gateway/alipay/alipay-dialect.ts) */
  alipayCertSns?: { app: string; root: string; alipay: string };
}

/** What a till needs to talk to the Alipay dialect: the app id and the two key files' contents. */
export interface AlipaySimInfo {
  appId: string;
  /** the till's providers.json privateKeyFile */
  appPrivateKeyPem: string;
  /** the till's providers.json alipayPublicKeyFile */
  alipayPublicKeyPem: string;
  /** where those files are (null: in memory only) */
  keysDir: string | null;
}

export const gatewayDialects = ['sandbox', 'alipay', 'wechatpay'] as const;
export type GatewayDialect = (typeof gatewayDialects)[number];

export interface Gateway {
  url: string;
  port: number;
  /** the Alipay dialect's app id and keys (dialect alipay only) */
  alipay?: AlipaySimInfo;
  /** the wechatpay dialect's merchant and key folder (dialect wechatpay only) */
  wechatpay?: SimulatorKeys;
  close(): Promise<void>;
}

type Handler = (ctx: { merchantId: string; body: Json; params: string[] }) => Reply;

const json = (status: number, body: Json): Reply => ({ status, body });
const paramError = (message: string) => json(400, { code: 'PARAM_ERROR', message });

/** Runs a parser and a handler, or answers 400 PARAM_ERROR with the parser's words. */
const withParams =
  <T>(parse: (body: Json) => Parsed<T>, handle: (value: T, merchantId: string, params: string[]) => Reply) =>
  ({ merchantId, body, params }: { merchantId: string; body: Json; params: string[] }): Reply => {
    const parsed = parse(body);
    return parsed.ok ? handle(parsed.value, merchantId, params) : paramError(parsed.message);
  };

export async function startGateway(opts: GatewayOptions = {}): Promise<Gateway> {
  const realNow = opts.now ?? Date.now;
  // without a logger (tests in-process) only failures reach stderr, as before the per-call lines existed
  const toStderr = (line: string) => void process.stderr.write(`gateway: ${line}\n`);
  const log: Log = opts.log ?? Object.assign(() => undefined, { warn: toStderr, error: toStderr });
  const test = opts.test === true;
  // The business clock (code and QR expiry, password waits) can be moved forward by /sandbox/clock; the
  // signature window keeps the real clock, because clients sign with theirs.
  let offsetMs = 0;
  const now = () => realNow() + offsetMs;
  const file: LedgerFile | null = opts.ledgerFile === undefined ? null : openLedgerFile(opts.ledgerFile);
  let ledger: GatewayLedger;
  try {
    ledger = new GatewayLedger({ now, randomInt: (n) => randomInt(n) }, file?.load() ?? undefined);
  } catch (error) {
    file?.close();
    throw error;
  }
  let selfUrl = '';
  let alipay: (AlipayDialect & { info: AlipaySimInfo }) | null = null;
  if (opts.dialect === 'alipay') {
    const keys = alipaySimKeys(opts.keysDir);
    alipay = Object.assign(createAlipayDialect({ ledger, keys, now, realNow, selfUrl: () => selfUrl }), {
      info: {
        appId: keys.appId,
        appPrivateKeyPem: keys.appPrivateKeyPem,
        alipayPublicKeyPem: keys.alipayPublicKeyPem,
        keysDir: keys.dir,
      },
    });
  }
  const merchants = new Map<string, string>([[demoMerchant.id, demoMerchant.key]]);
  for (const m of opts.merchants ?? []) merchants.set(m.id, m.key);
  const nonces = new NonceCache();
  const dialectName = opts.dialect ?? 'sandbox';
  let wechatpay: SimulatorKeys | undefined;
  let dialect: WechatpayDialect | null = null;
  if (dialectName === 'wechatpay') {
    try {
      wechatpay = loadSimulatorKeys(opts.keysDir ?? mkdtempSync(join(tmpdir(), 'tillpoint-wechatpay-keys-')));
    } catch (error) {
      file?.close();
      throw error;
    }
    dialect = createWechatpayDialect({ ledger, keys: wechatpay, realNow, log, test });
  }
  const timers = new Set<NodeJS.Timeout>();
  // the offline-pay issuer (offline payment codes): keys, demo users, codes and settlement
  const offlineIssuer = createOfflineIssuer({ now });

  // each dialect speaks only its own protocol; the sandbox controls below serve every dialect
  const signed: Record<string, Handler> = dialect
    ? {}
    : {
        '/v1/pay/micropay': withParams(parseMicropay, (p, m) => ledger.micropay(m, p)),
        '/v1/pay/precreate': withParams(parsePrecreate, (p, m) => ledger.precreate(m, p)),
        '/v1/pay/query': withParams(parseOrderRef, (p, m) => ledger.query(m, p)),
        '/v1/pay/reverse': withParams(parseOrderRef, (p, m) => ledger.reverse(m, p)),
        '/v1/pay/refund': withParams(parseRefund, (p, m) => ledger.refund(m, p)),
        '/v1/offline/settle': offlineSettleHandler(offlineIssuer),
      };

  const testOnly = (what: string) =>
    json(403, {
      code: 'TEST_MODE_REQUIRED',
      message: `${what} is only accepted when the gateway runs with --test`,
    });

  const sandbox: Record<string, Handler> = {
    'POST /sandbox/codes': withParams(parseIssueCode, (p) => {
      const scripted =
        p.behaviour !== 'success' || Object.keys(p).some((k) => k !== 'wallet' && k !== 'behaviour');
      if (scripted && !test) return testOnly('Scripted behaviour (anything but a plain successful code)');
      return json(200, ledger.issueCode(p));
    }),
    'POST /sandbox/orders/:out_trade_no/pay': withParams(parseCustomerPays, (p, _m, params) =>
      ledger.customerPays(params[0] ?? '', p),
    ),
    'POST /sandbox/clock': withParams(parseClock, (p) => {
      if (!test) return testOnly('Moving the clock');
      offsetMs += p.advanceMs;
      return json(200, { now: new Date(now()).toISOString(), offset_ms: offsetMs });
    }),
    'GET /sandbox/ledger': () => json(200, ledger.ledger()),
    ...offlineIssuerRoutes(offlineIssuer, test),
    'POST /sandbox/alipay/faults': ({ body }) => {
      if (!alipay) return json(404, { code: 'NOT_FOUND', message: 'Only the alipay dialect takes faults' });
      if (!test) return testOnly('Scripting a fault');
      const fault = body.fault as AlipayFault;
      if (typeof body.method !== 'string' || !alipayFaults.includes(fault)) {
        return paramError(`method (an Alipay method) and fault (${alipayFaults.join(', ')}) are needed`);
      }
      alipay.setFault(body.method, fault);
      return json(200, { method: body.method, fault });
    },
  };

  // the sandbox biller (utility bills, phone top-up) answers beside every dialect
  const biller = createSandboxBiller({ now, test });
  Object.assign(signed, biller.signed);
  Object.assign(sandbox, biller.sandbox);
  const sandboxRoutes = Object.entries(sandbox).map(([pattern, handler]) => {
    const [method, path] = pattern.split(' ') as [string, string];
    const regex = new RegExp(`^${path.replace(/:[a-z_]+/g, '([A-Za-z0-9_\\-|*@.]{1,64})')}$`);
    return { method, regex, handler };
  });

  /** A handler, 'method' when the path exists with another method, or null. */
  const route = (method: string, path: string) => {
    let otherMethod = false;
    for (const r of sandboxRoutes) {
      const match = r.regex.exec(path);
      if (match && r.method === method) return { handler: r.handler, params: match.slice(1) };
      if (match) otherMethod = true;
    }
    return otherMethod ? ('method' as const) : null;
  };

  const send = (res: http.ServerResponse, reply: Reply) => {
    if (reply.bytes) {
      res.writeHead(reply.status, {
        'content-type': reply.bytes.contentType,
        'content-length': reply.bytes.data.length,
        'cache-control': 'no-store',
        ...(reply.bytes.fileName
          ? { 'content-disposition': `attachment; filename="${encodeURIComponent(reply.bytes.fileName)}"` }
          : {}),
      });
      res.end(reply.bytes.data);
      return;
    }
    const text = reply.raw ? reply.raw.text : (reply.text ?? JSON.stringify(reply.body));
    res.writeHead(reply.status, {
      ...reply.raw?.headers,
      'content-type': reply.raw
        ? reply.raw.contentType
        : `${reply.text === undefined ? 'application/json' : 'text/html'}; charset=utf-8`,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(text);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const path = target.split('?')[0] ?? '/';
    const body = await readBody(req);
    if (!body.ok) {
      res.setHeader('connection', 'close');
      return send(res, json(413, { code: 'PARAM_ERROR', message: 'The body is larger than 64 KiB' }));
    }
    const rawText = body.raw.toString('utf8');
    if (alipay && path === '/gateway.do') {
      if (method !== 'POST') return send(res, json(405, { code: 'PARAM_ERROR', message: 'Use POST' }));
      const reply = alipay.handle(body.raw, target.slice(path.length + 1));
      log(`/gateway.do: ${String(reply.body.code ?? '')} ${String(reply.body.sub_code ?? '')}`.trim(), {
        outTradeNo: reply.body.out_trade_no,
      });
      // written before the answer leaves, as for the sandbox's own calls
      file?.save(ledger.snapshot());
      return deliver(req, res, reply);
    }
    if (alipay && method === 'GET' && path.startsWith('/alipay/bills/')) {
      const bill = alipay.download(path);
      return send(
        res,
        bill ?? json(404, { code: 'NOT_FOUND', message: 'No such bill (links are made per query)' }),
      );
    }
    const spoken = dialect?.handle(method, target, body.raw, req.headers) ?? null;
    if (spoken) {
      // Written before the answer leaves, as for the sandbox's own calls
      file?.save(ledger.snapshot());
      return deliver(req, res, spoken);
    }
    const signedHandler = signed[path];
    if (signedHandler) {
      if (method !== 'POST') return send(res, json(405, { code: 'PARAM_ERROR', message: 'Use POST' }));
      const check = verifySignature({
        method,
        path: target,
        rawBody: body.raw,
        headers: req.headers,
        merchants,
        nonces,
        nowMs: realNow(),
      });
      if (!check.ok) {
        logAt(log, 'warn')(`${path}: refused, ${check.code}`);
        return send(res, json(401, { code: check.code, message: check.message }));
      }
      const parsed = parseJsonObject(rawText);
      if (!parsed.ok) return send(res, paramError(parsed.message));
      logAt(log, 'debug')(`${path}: request`, parsed.value);
      const reply = signedHandler({ merchantId: check.merchantId, body: parsed.value, params: [] });
      // one line per wallet call: what support matches with the till's payment attempt (out_trade_no)
      log(
        `${path}: ${reply.status} ${String(reply.body.code ?? reply.body.trade_status ?? reply.body.result ?? '')}`.trim(),
        {
          merchantId: check.merchantId,
          outTradeNo: parsed.value.out_trade_no,
        },
      );
      // Written before the answer leaves: an answered charge is on disk (and so is a lost reply's charge).
      file?.save(ledger.snapshot());
      return deliver(req, res, reply);
    }
    const found = route(method, path);
    if (found === 'method')
      return send(res, json(405, { code: 'PARAM_ERROR', message: `Not with ${method}` }));
    if (!found) {
      return send(res, json(404, { code: 'NOT_FOUND', message: `No ${method} ${path} at this gateway` }));
    }
    const parsed = parseJsonObject(rawText, true);
    if (!parsed.ok) return send(res, paramError(parsed.message));
    const reply = found.handler({ merchantId: '', body: parsed.value, params: found.params });
    if (method !== 'GET') file?.save(ledger.snapshot());
    return deliver(req, res, reply);
  }

  /** The transport effects a wallet behaviour asks for: a late answer, or a reply lost after the charge. */
  function deliver(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
    if (reply.dropReply) {
      req.socket.destroy();
      return;
    }
    if (reply.delayMs && reply.delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send(res, reply);
      }, reply.delayMs);
      timers.add(timer);
      return;
    }
    send(res, reply);
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      logAt(log, 'error')(`${req.method} ${req.url}: the gateway failed`, error);
      if (!res.headersSent && !res.destroyed) {
        send(res, json(500, { code: 'SYSTEMERROR', message: 'The gateway failed; query before retrying' }));
      } else {
        res.destroy();
      }
    });
  };
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, listener)
    : http.createServer(listener);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.on('clientError', (_error, socket) => {
    // Garbage that is not HTTP: answer 400 if the socket still listens, and keep serving everyone else.
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      file?.close();
      reject(error);
    };
    server.once('error', failed);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  selfUrl = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: selfUrl,
    port,
    ...(alipay ? { alipay: alipay.info } : {}),
    ...(wechatpay ? { wechatpay } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => {
          file?.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
