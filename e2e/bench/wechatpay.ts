/**
 * WeChat Pay charge round trip: the adapter's chargeCode (API v2 micropay: HMAC-SHA256 signing, XML, https
 * with a test CA, the answer's signature checked) against `tillpoint gateway --dialect wechatpay`, beside
 * the simulator's own time: the same micropay, signed and encoded before the clock starts, posted raw over
 * a fresh https connection, alternately before and after it. The adapter's overhead is the difference of
 * the two p95s (goal <= 5 ms); the median of the per-pair differences is shown beside it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { money } from '../../src/core/money.js';
import { startGateway } from '../../src/gateway/gateway.js';
import { gatewayClient } from '../../src/gateway/test-client.js';
import { makeTestCa } from '../../src/gateway/test-tls.js';
import { keyFiles } from '../../src/gateway/wechatpay/simulator-keys.js';
import { encodeXml, toWechatNo } from '../../src/shared/wechatpay-wire.js';
import {
  providersFileSchema,
  type WechatpayProviderEntry,
} from '../../src/terminal/payments/provider-config.js';
import { signV2 } from '../../src/terminal/payments/wechatpay/wechatpay-crypto.js';
import { loadWechatpayCredentials } from '../../src/terminal/payments/wechatpay/wechatpay-credentials.js';
import { createWechatpayProvider } from '../../src/terminal/payments/wechatpay/wechatpay-provider.js';
import type { Row } from './run.js';
import { summarize, type Summary } from './stats.js';

const CHARGES = 200;
const WARM_UP = 5;
const ms = (s: Summary, key: 'median' | 'p95') => `${s[key].toFixed(2)} ms`;

function postRaw(url: URL, body: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = https.request(
      url,
      {
        method: 'POST',
        agent: false,
        ca,
        headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function benchWechatpay(scratch: string): Promise<Row[]> {
  const dir = join(scratch, 'wechatpay');
  mkdirSync(dir, { recursive: true });
  const ca = makeTestCa();
  const server = ca.issue(['127.0.0.1']);
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.caPem);
  const keysDir = join(dir, 'keys');
  const gateway = await startGateway({
    dialect: 'wechatpay',
    keysDir,
    tls: { cert: server.certPem, key: server.keyPem },
    log: () => {},
  });
  try {
    const keys = gateway.wechatpay!;
    const entry = providersFileSchema.parse({
      providers: [
        {
          type: 'wechatpay',
          id: 'wechatpay',
          label: 'WeChat Pay',
          url: gateway.url,
          appid: keys.appid,
          mchid: keys.mchid,
          apiV2KeyFile: join(keysDir, keyFiles.apiV2Key),
          apiV3KeyFile: join(keysDir, keyFiles.apiV3Key),
          merchantPrivateKeyFile: join(keysDir, keyFiles.merchantKey),
          merchantCertificateSerial: keys.merchantSerial,
          platformCertificateFiles: [join(keysDir, keyFiles.platformCert)],
          caFile,
        },
      ],
    }).providers[0] as WechatpayProviderEntry;
    const credentials = loadWechatpayCredentials(entry, 0, 'bench', dir);
    const provider = createWechatpayProvider({
      id: 'wechatpay',
      url: gateway.url,
      credentials,
      notifyUrl: entry.notifyUrl,
      deviceIp: '127.0.0.1',
      log: () => {},
    });
    const codes = gatewayClient(gateway.url, undefined, ca.caPem);
    const adapter: number[] = [];
    const raw: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < WARM_UP + CHARGES; i++) {
      const code = await codes.issueCode({ wallet: 'wechat' });
      const viaAdapter = async () => {
        const t0 = performance.now();
        const outcome = await provider.chargeCode({
          outTradeNo: randomUUID(),
          authCode: code,
          amount: money(100, 'CNY'),
          timeoutMs: 5_000,
        });
        if (outcome.status !== 'succeeded') throw new Error(`wechatpay bench: ${outcome.status}`);
        return performance.now() - t0;
      };
      // the simulator's own time: the same request, made before the clock starts
      const fields: Record<string, string> = {
        appid: keys.appid,
        mch_id: keys.mchid,
        nonce_str: randomUUID().replaceAll('-', ''),
        sign_type: 'HMAC-SHA256',
        body: 'Tillpoint',
        out_trade_no: toWechatNo(randomUUID()),
        total_fee: '100',
        fee_type: 'CNY',
        spbill_create_ip: '127.0.0.1',
        auth_code: await codes.issueCode({ wallet: 'wechat' }),
      };
      fields.sign = signV2(fields, credentials.apiV2Key, 'HMAC-SHA256');
      const body = encodeXml(fields);
      const viaRaw = () => postRaw(new URL('/pay/micropay', gateway.url), body, ca.caPem);
      let through: number;
      let direct: number;
      if (i % 2 === 0) {
        through = await viaAdapter();
        direct = await viaRaw();
      } else {
        direct = await viaRaw();
        through = await viaAdapter();
      }
      if (i >= WARM_UP) {
        adapter.push(through);
        raw.push(direct);
        overhead.push(through - direct);
      }
    }
    const a = summarize(adapter);
    const r = summarize(raw);
    const o = summarize(overhead);
    return [
      {
        measure:
          'WeChat Pay charge round trip through the adapter (micropay, HMAC-SHA256, XML, https, answer verified)',
        n: a.n,
        median: ms(a, 'median'),
        p95: ms(a, 'p95'),
        goal: `overhead p95 ${(a.p95 - r.p95).toFixed(2)} ms <= 5 ms: ${a.p95 - r.p95 <= 5 ? 'met' : 'MISSED'}`,
        peer: `the simulator's own time (the same micropay pre-signed, raw https): median ${ms(r, 'median')}, p95 ${ms(r, 'p95')}; per-pair overhead median ${ms(o, 'median')}`,
      },
    ];
  } finally {
    await gateway.close();
  }
}
