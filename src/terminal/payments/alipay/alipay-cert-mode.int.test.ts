import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { money } from '../../../core/money.js';
import { startGateway, type Gateway } from '../../../gateway/gateway.js';
import { makeTestCa } from '../../../gateway/test-tls.js';
import { certSn, rootCertSn } from './alipay-cert.js';
import { loadAlipayKeys } from './alipay-keys.js';
import { createAlipayProvider } from './alipay-provider.js';

/**
 * Public key certificate mode on the wire: certificates for the simulator's two keys under a throwaway RSA
 * root, made by the OpenSSL command line; the till sends app_cert_sn and alipay_root_cert_sn computed from
 * the files and checks alipay_cert_sn on every answer.
 */
let dir: string;
let gateway: Gateway;
let ca: string;
let sns: { app: string; root: string; alipay: string };
const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-alipay-cert-'));
  const keys = join(dir, 'sim');
  // first start makes the key pairs; the certificates are made for them, then the simulator restarts
  await (await startGateway({ dialect: 'alipay', keysDir: keys, log: () => {} })).close();
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.crt'].concat([
      '-days',
      '2',
      '-subj',
      '/C=CN/O=Tillpoint Test Root/CN=Root R1',
      '-sha256',
    ]),
  );
  for (const [name, key] of [
    ['app', 'app-private-key.pem'],
    ['alipay', 'alipay-private-key.pem'],
  ] as const) {
    openssl([
      'req',
      '-new',
      '-key',
      join(keys, key),
      '-out',
      `${name}.csr`,
      '-subj',
      `/C=CN/O=Test/CN=${name}`,
    ]);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'root.crt',
        '-CAkey',
        'root.key',
        '-CAcreateserial',
      ].concat(['-out', `${name}.crt`, '-days', '2', '-sha256']),
    );
  }
  // the root file is a bundle, as Alipay's: an EC root that is not counted, then the RSA one
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      'ec.key',
      '-out',
      'ec.crt',
      '-days',
      '2',
      '-subj',
      '/CN=EC Root',
    ]),
  );
  writeFileSync(
    join(dir, 'roots.crt'),
    readFileSync(join(dir, 'ec.crt'), 'utf8') + readFileSync(join(dir, 'root.crt'), 'utf8'),
  );
  copyFileSync(join(keys, 'app-private-key.pem'), join(dir, 'app-private-key.pem'));
  const cert = (name: string) => new X509Certificate(readFileSync(join(dir, name)));
  sns = {
    app: certSn(cert('app.crt')),
    root: rootCertSn(readFileSync(join(dir, 'roots.crt'), 'utf8')),
    alipay: certSn(cert('alipay.crt')),
  };
  expect(sns.root).toBe(certSn(cert('root.crt')));
  const test = makeTestCa();
  const server = test.issue(['127.0.0.1']);
  ca = test.caPem;
  gateway = await startGateway({
    dialect: 'alipay',
    keysDir: keys,
    test: true,
    alipayCertSns: sns,
    tls: { cert: server.certPem, key: server.keyPem },
    log: () => {},
  });
}, 60_000);
afterAll(async () => {
  await gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

function provider(appCertFile = 'app.crt') {
  writeFileSync(join(dir, 'ca.pem'), ca);
  const keys = loadAlipayKeys(
    {
      appId: gateway.alipay!.appId,
      privateKeyFile: 'app-private-key.pem',
      appCertFile,
      alipayCertFile: 'alipay.crt',
      alipayRootCertFile: 'roots.crt',
      caFile: 'ca.pem',
    },
    dir,
    'test',
  );
  expect(keys.certSns).toEqual({ appCertSn: sns.app, rootCertSn: sns.root });
  return createAlipayProvider({
    id: 'alipay',
    gatewayUrl: `${gateway.url}/gateway.do`,
    appId: gateway.alipay!.appId,
    keys,
    requestTimeoutMs: 3_000,
  });
}

async function code(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${gateway.url}/sandbox/codes`, { method: 'POST', ca, agent: false }, (r) => {
      let body = '';
      r.on('data', (c: Buffer) => (body += c.toString()));
      r.on('end', () => resolve((JSON.parse(body) as { auth_code: string }).auth_code));
    });
    req.on('error', reject);
    req.setHeader('content-type', 'application/json');
    req.end(JSON.stringify({ wallet: 'alipay' }));
  });
}

test('a charge in certificate mode: the SNs are sent and the answer’s alipay_cert_sn is checked', async () => {
  const p = provider();
  const outTradeNo = crypto.randomUUID();
  const paid = await p.chargeCode({
    outTradeNo,
    authCode: await code(),
    amount: money(200, 'CNY'),
    timeoutMs: 3_000,
  });
  expect(paid.status).toBe('succeeded');
  expect(await p.query(outTradeNo)).toMatchObject({ status: 'succeeded' });
});

test('answers signed under another Alipay certificate are not trusted', async () => {
  // the till expects the SN of a certificate the simulator does not use
  const p = provider();
  const keys = loadAlipayKeys(
    {
      appId: gateway.alipay!.appId,
      privateKeyFile: 'app-private-key.pem',
      appCertFile: 'app.crt',
      alipayCertFile: 'app.crt',
      alipayRootCertFile: 'roots.crt',
      caFile: 'ca.pem',
    },
    dir,
    'test',
  );
  const wrong = createAlipayProvider({
    id: 'alipay',
    gatewayUrl: `${gateway.url}/gateway.do`,
    appId: gateway.alipay!.appId,
    keys,
  });
  expect((await wrong.query('no-such-order')).status).toBe('unknown');
  expect((await p.query('no-such-order')).status).toBe('not_found');
});
