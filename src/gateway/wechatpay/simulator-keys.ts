import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomInt, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The WeChat Pay simulator's test keys, in a folder laid out like a merchant's download from the WeChat
 * Pay merchant platform, so switching a till to a real account is replacing files:
 *   apiclient_key.pem / apiclient_cert.pem   the merchant API certificate (v3 request signing, v2 mTLS)
 *   wechatpay_platform_cert.pem              the platform certificate (the till verifies v3 answers)
 *   wechatpay_platform_key.pem               the platform's private key: the simulator's own, never a till's
 *   apiv2.key / apiv3.key                    the API v2 and v3 keys (32 characters)
 *   simulator.json                           mchid and appid
 * Secret files are 0600. Certificates are made by the OpenSSL command line (Node cannot issue one).
 */
export interface SimulatorKeys {
  readonly dir: string;
  readonly mchid: string;
  readonly appid: string;
  readonly apiV2Key: string;
  readonly apiV3Key: string;
  readonly merchantPublicKey: KeyObject;
  readonly merchantSerial: string;
  readonly platformKey: KeyObject;
  readonly platformSerial: string;
}

export const simulatorMerchant = { mchid: '1900000109', appid: 'wxd930ea5d5a258f4f' } as const;

export const keyFiles = {
  merchantKey: 'apiclient_key.pem',
  merchantCert: 'apiclient_cert.pem',
  platformKey: 'wechatpay_platform_key.pem',
  platformCert: 'wechatpay_platform_cert.pem',
  apiV2Key: 'apiv2.key',
  apiV3Key: 'apiv3.key',
  merchant: 'simulator.json',
} as const;

export class SimulatorKeysError extends Error {
  override readonly name = 'SimulatorKeysError';
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const apiKey = () => Array.from({ length: 32 }, () => alphabet[randomInt(alphabet.length)]).join('');

function certificate(dir: string, keyFile: string, certFile: string, subject: string): void {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '3650',
        '-subj',
        subject,
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    throw new SimulatorKeysError(
      `The WeChat Pay simulator makes its test certificates with the openssl command, which failed (${(error as Error).message.split('\n')[0]}). Install OpenSSL, or give a folder of keys with --keys.`,
    );
  }
  chmodSync(join(dir, keyFile), 0o600);
}

/** Makes a fresh set of test keys in `dir` (created 0700 if missing). */
export function makeSimulatorKeys(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  certificate(
    dir,
    keyFiles.merchantKey,
    keyFiles.merchantCert,
    `/CN=${simulatorMerchant.mchid}/O=Tillpoint WeChat Pay simulator merchant`,
  );
  certificate(
    dir,
    keyFiles.platformKey,
    keyFiles.platformCert,
    '/CN=Tillpoint WeChat Pay simulator platform',
  );
  writeFileSync(join(dir, keyFiles.apiV2Key), `${apiKey()}\n`, { mode: 0o600 });
  writeFileSync(join(dir, keyFiles.apiV3Key), `${apiKey()}\n`, { mode: 0o600 });
  writeFileSync(join(dir, keyFiles.merchant), `${JSON.stringify(simulatorMerchant, null, 2)}\n`);
}

/** The keys in `dir`: made there first when the folder has none. */
export function loadSimulatorKeys(dir: string): SimulatorKeys {
  if (!existsSync(join(dir, keyFiles.merchant))) makeSimulatorKeys(dir);
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (error) {
      throw new SimulatorKeysError(
        `The simulator key folder ${dir} lacks ${name} (${(error as Error).message}).`,
      );
    }
  };
  let merchant: { mchid?: unknown; appid?: unknown };
  try {
    merchant = JSON.parse(read(keyFiles.merchant)) as typeof merchant;
  } catch {
    throw new SimulatorKeysError(`${join(dir, keyFiles.merchant)} is not JSON with mchid and appid.`);
  }
  if (typeof merchant.mchid !== 'string' || typeof merchant.appid !== 'string')
    throw new SimulatorKeysError(`${join(dir, keyFiles.merchant)} does not name mchid and appid.`);
  try {
    const merchantCert = new X509Certificate(read(keyFiles.merchantCert));
    const platformCert = new X509Certificate(read(keyFiles.platformCert));
    return {
      dir,
      mchid: merchant.mchid,
      appid: merchant.appid,
      apiV2Key: read(keyFiles.apiV2Key).trim(),
      apiV3Key: read(keyFiles.apiV3Key).trim(),
      merchantPublicKey: merchantCert.publicKey,
      merchantSerial: merchantCert.serialNumber.toUpperCase(),
      platformKey: createPrivateKey(read(keyFiles.platformKey)),
      platformSerial: platformCert.serialNumber.toUpperCase(),
    };
  } catch (error) {
    if (error instanceof SimulatorKeysError) throw error;
    throw new SimulatorKeysError(
      `A key or certificate in ${dir} cannot be read: ${(error as Error).message}.`,
    );
  }
}
