import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type Gateway } from '../../../gateway/gateway.js';
import { gatewayClient } from '../../../gateway/test-client.js';
import { makeTestCa } from '../../../gateway/test-tls.js';
import { keyFiles } from '../../../gateway/wechatpay/simulator-keys.js';
import { providersFileSchema, type WechatpayProviderEntry } from '../provider-config.js';

/**
 * The WeChat Pay simulator for integration tests (tests only): `tillpoint gateway --dialect wechatpay
 * --test` in-process, over https with a certificate from a throwaway test CA, its keys in a fresh folder.
 */
export interface WechatSimulator {
  readonly gateway: Gateway;
  readonly dir: string;
  /** the test CA's certificate, as a file a providers.json names (caFile) */
  readonly caFile: string;
  readonly caPem: string;
  readonly client: ReturnType<typeof gatewayClient>;
  /** a providers.json `wechatpay` entry for this simulator; `extra` overrides fields */
  entry(extra?: Record<string, unknown>): Record<string, unknown>;
  /** the entry parsed as the till would */
  parsedEntry(extra?: Record<string, unknown>): WechatpayProviderEntry;
  close(): Promise<void>;
}

export async function startWechatSimulator(): Promise<WechatSimulator> {
  const dir = mkdtempSync(join(tmpdir(), 'tillpoint-wxsim-'));
  const ca = makeTestCa();
  const server = ca.issue(['127.0.0.1']);
  const caFile = join(dir, 'test-ca.pem');
  writeFileSync(caFile, ca.caPem);
  const keysDir = join(dir, 'keys');
  const gateway = await startGateway({
    dialect: 'wechatpay',
    test: true,
    keysDir,
    tls: { cert: server.certPem, key: server.keyPem },
    log: () => {},
  });
  const keys = gateway.wechatpay!;
  const entry = (extra: Record<string, unknown> = {}) => ({
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
    ...extra,
  });
  return {
    gateway,
    dir,
    caFile,
    caPem: ca.caPem,
    client: gatewayClient(gateway.url, undefined, ca.caPem),
    entry,
    parsedEntry: (extra) =>
      providersFileSchema.parse({ providers: [entry(extra)] }).providers[0] as WechatpayProviderEntry,
    close: async () => {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
