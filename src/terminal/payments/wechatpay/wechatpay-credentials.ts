import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TillpointError } from '../../../core/errors.js';
import { narrowSecretFile } from '../../secrets/secret-file.js';
import type { WechatpayProviderEntry } from '../provider-config.js';

/**
 * The key material of a `wechatpay` provider, read and checked when the till starts. Every problem is a
 * `payment.config_invalid` naming the providers.json field and the file (never the key's contents), so a
 * manager can fix it; the caller disables this provider and the till goes on with cash and the others.
 */
export interface WechatpayCredentials {
  readonly appid: string;
  readonly mchid: string;
  /** API v2 key: micropay, orderquery, reverse, refund, refundquery are signed with it (HMAC-SHA256) */
  readonly apiV2Key: string;
  /** API v3 key: decrypts notifications and platform certificate downloads (kept for those) */
  readonly apiV3Key: string;
  /** signs API v3 requests */
  readonly merchantKey: KeyObject;
  readonly merchantCertificateSerial: string;
  /** verifies API v3 answers: by serial number (Wechatpay-Serial), upper-case hex */
  readonly platformKeys: ReadonlyMap<string, KeyObject>;
  readonly clientTls?: { readonly cert: string; readonly key: string };
  readonly ca?: string;
}

/** Real mchids are 8-10 digits; appids "wx" + 16 letters or digits. */
const mchidShape = /^\d{8,10}$/;
const appidShape = /^wx[0-9A-Za-z]{16}$/;
/** API v2 and v3 keys are the 32 characters the merchant set in the merchant platform. */
const apiKeyShape = /^[0-9A-Za-z]{32}$/;

export function loadWechatpayCredentials(
  entry: WechatpayProviderEntry,
  index: number,
  source: string,
  dataDir: string,
): WechatpayCredentials {
  const field = (name: string) => `providers.${index}.${name}`;
  const problem = (name: string, file: string | null, message: string) =>
    new TillpointError(
      'payment.config_invalid',
      `WeChat Pay provider ${entry.id} in ${source}: ${field(name)}${file ? ` (${file})` : ''} ${message}. WeChat Pay is off on this till until it is fixed and the till restarted; cash and the other tenders work.`,
      { source, field: field(name), ...(file ? { file } : {}) },
    );
  const resolve = (file: string) => (isAbsolute(file) ? file : join(dataDir, file));
  const read = (name: string, file: string, secret: boolean): string => {
    const path = resolve(file);
    if (secret) narrowSecretFile(path);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw problem(name, path, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`);
    }
  };

  if (!mchidShape.test(entry.mchid))
    throw problem('mchid', null, 'is not a WeChat Pay merchant id (8-10 digits)');
  if (!appidShape.test(entry.appid))
    throw problem('appid', null, 'is not a WeChat appid ("wx" and 16 letters or digits)');
  if (!/^[0-9A-Fa-f]{8,40}$/.test(entry.merchantCertificateSerial))
    throw problem('merchantCertificateSerial', null, 'is not a certificate serial number (hex digits)');

  const apiKey = (name: 'apiV2KeyFile' | 'apiV3KeyFile'): string => {
    const text = read(name, entry[name], true).trim();
    if (!apiKeyShape.test(text))
      throw problem(name, resolve(entry[name]), 'does not hold a 32-character API key');
    return text;
  };
  const apiV2Key = apiKey('apiV2KeyFile');
  const apiV3Key = apiKey('apiV3KeyFile');

  const keyFile = entry.merchantPrivateKeyFile;
  let merchantKey: KeyObject;
  try {
    merchantKey = createPrivateKey(read('merchantPrivateKeyFile', keyFile, true));
  } catch (error) {
    if (error instanceof TillpointError) throw error;
    throw problem('merchantPrivateKeyFile', resolve(keyFile), 'is not a PEM private key (apiclient_key.pem)');
  }
  const bits = merchantKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (merchantKey.asymmetricKeyType !== 'rsa' || bits < 2048) {
    throw problem(
      'merchantPrivateKeyFile',
      resolve(keyFile),
      `holds a ${merchantKey.asymmetricKeyType ?? 'unknown'} key${bits ? ` of ${bits} bits` : ''}; WeChat Pay API v3 needs an RSA key of 2048 bits or more`,
    );
  }

  const platformKeys = new Map<string, KeyObject>();
  entry.platformCertificateFiles.forEach((file, i) => {
    const name = `platformCertificateFiles.${i}`;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(read(name, file, false));
    } catch (error) {
      if (error instanceof TillpointError) throw error;
      throw problem(name, resolve(file), 'is not a PEM certificate (the WeChat Pay platform certificate)');
    }
    if (cert.publicKey.asymmetricKeyType !== 'rsa')
      throw problem(name, resolve(file), 'is not an RSA certificate');
    platformKeys.set(cert.serialNumber.toUpperCase(), cert.publicKey);
  });

  let clientTls: WechatpayCredentials['clientTls'];
  if ((entry.clientCertificateFile === undefined) !== (entry.clientKeyFile === undefined)) {
    throw problem(
      entry.clientCertificateFile === undefined ? 'clientCertificateFile' : 'clientKeyFile',
      null,
      'is missing: the client certificate and its key go together',
    );
  }
  if (entry.clientCertificateFile !== undefined && entry.clientKeyFile !== undefined) {
    const cert = read('clientCertificateFile', entry.clientCertificateFile, false);
    const key = read('clientKeyFile', entry.clientKeyFile, true);
    try {
      new X509Certificate(cert);
    } catch {
      throw problem(
        'clientCertificateFile',
        resolve(entry.clientCertificateFile),
        'is not a PEM certificate',
      );
    }
    try {
      createPrivateKey(key);
    } catch {
      throw problem('clientKeyFile', resolve(entry.clientKeyFile), 'is not a PEM private key');
    }
    clientTls = { cert, key };
  }
  let ca: string | undefined;
  if (entry.caFile !== undefined) {
    ca = read('caFile', entry.caFile, false);
    try {
      new X509Certificate(ca);
    } catch {
      throw problem('caFile', resolve(entry.caFile), 'is not a PEM certificate');
    }
  }
  const url = new URL(entry.url);
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname);
  if (url.protocol !== 'https:' && !loopback) {
    throw problem('url', null, 'must be https:// (plain http only to the simulator on 127.0.0.1)');
  }
  // WeChat's /secapi (reverse, refund) refuses a connection without the merchant's client certificate: a
  // reverse could then never finish, so a till pointed at the real API must have it from the start
  if (!loopback && !clientTls) {
    throw problem(
      'clientCertificateFile',
      null,
      'is missing: WeChat Pay needs the merchant API certificate (apiclient_cert.pem and apiclient_key.pem as clientCertificateFile and clientKeyFile) for reverse and refund',
    );
  }
  return {
    appid: entry.appid,
    mchid: entry.mchid,
    apiV2Key,
    apiV3Key,
    merchantKey,
    merchantCertificateSerial: entry.merchantCertificateSerial.toUpperCase(),
    platformKeys,
    ...(clientTls ? { clientTls } : {}),
    ...(ca ? { ca } : {}),
  };
}
