import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import https from 'node:https';
import { startGateway, type AlipaySimInfo, type Gateway } from '../gateway.js';
import { makeTestCa } from '../test-tls.js';

/**
 * The Alipay simulator (`tillpoint gateway --dialect alipay`) over https with a throwaway test CA, and the
 * files a till needs to use it (tests only): key files 0600 and an `alipay` providers.json entry.
 */
export interface AlipaySim {
  readonly gateway: Gateway & { alipay: AlipaySimInfo };
  readonly caPem: string;
  /** the simulator's control endpoints (/sandbox/...), over the same https */
  readonly control: ReturnType<typeof simControl>;
}

export async function startAlipaySim(
  opts: { ledgerFile?: string; keysDir?: string } = {},
): Promise<AlipaySim> {
  const ca = makeTestCa();
  const server = ca.issue(['127.0.0.1', 'localhost']);
  const gateway = await startGateway({
    test: true,
    dialect: 'alipay',
    tls: { cert: server.certPem, key: server.keyPem },
    log: () => {},
    ...opts,
  });
  if (!gateway.alipay) throw new Error('the alipay dialect did not start');
  return {
    gateway: gateway as AlipaySim['gateway'],
    caPem: ca.caPem,
    control: simControl(gateway.url, ca.caPem),
  };
}

/** Writes the till's key files (0600) and CA into `dataDir`; answers the providers.json entry. */
export function alipayEntry(sim: AlipaySim, dataDir: string, extra: Record<string, unknown> = {}) {
  writeFileSync(join(dataDir, 'alipay-app-private-key.pem'), sim.gateway.alipay.appPrivateKeyPem, {
    mode: 0o600,
  });
  writeFileSync(join(dataDir, 'alipay-public-key.pem'), sim.gateway.alipay.alipayPublicKeyPem, {
    mode: 0o600,
  });
  writeFileSync(join(dataDir, 'alipay-ca.pem'), sim.caPem);
  return {
    type: 'alipay',
    id: 'alipay',
    label: 'Alipay',
    gatewayUrl: `${sim.gateway.url}/gateway.do`,
    appId: sim.gateway.alipay.appId,
    privateKeyFile: 'alipay-app-private-key.pem',
    alipayPublicKeyFile: 'alipay-public-key.pem',
    caFile: 'alipay-ca.pem',
    ...extra,
  };
}

export interface LedgerOrder {
  [field: string]: unknown;
  out_trade_no: string;
  merchant_id: string;
  amount: number;
  trade_status: string;
  charged: number;
  refunded: number;
  refunded_amount: number;
}

function simControl(url: string, caPem: string) {
  const call = (method: 'GET' | 'POST', path: string, body: unknown = {}) =>
    new Promise<{ status: number; bytes: Buffer; body: Record<string, unknown> | null }>(
      (resolve, reject) => {
        const req = https.request(new URL(path, url), { method, ca: caPem, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            let parsed: Record<string, unknown> | null = null;
            try {
              parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
            } catch {
              parsed = null;
            }
            if (res.statusCode !== 200)
              reject(new Error(`${path}: ${res.statusCode} ${bytes.toString('utf8')}`));
            else resolve({ status: 200, bytes, body: parsed });
          });
        });
        req.on('error', reject);
        if (method === 'POST') {
          req.setHeader('content-type', 'application/json');
          req.end(JSON.stringify(body));
        } else req.end();
      },
    );
  return {
    issueCode: async (body: Record<string, unknown>) =>
      (await call('POST', '/sandbox/codes', { wallet: 'alipay', ...body })).body?.auth_code as string,
    ledger: async () => (await call('GET', '/sandbox/ledger')).body as { orders: LedgerOrder[] },
    order: async (outTradeNo: string) =>
      ((await call('GET', '/sandbox/ledger')).body as { orders: LedgerOrder[] }).orders.find(
        (o) => o.out_trade_no === outTradeNo,
      ),
    fault: (method: string, fault: string) => call('POST', '/sandbox/alipay/faults', { method, fault }),
    customerPays: (outTradeNo: string) =>
      call('POST', `/sandbox/orders/${outTradeNo}/pay`, { wallet: 'alipay' }),
    advanceClock: (advanceMs: number) => call('POST', '/sandbox/clock', { advanceMs }),
    get: (path: string) => call('GET', path),
  };
}
