import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { TillpointError } from '../../../core/errors.js';
import { narrowSecretFile } from '../../secrets/secret-file.js';
import { certSn, firstCert, rootCertSn } from './alipay-cert.js';

/** The key files of an `alipay` entry of providers.json (paths relative to the data folder). */
export interface AlipayKeyFiles {
  readonly appId: string;
  readonly privateKeyFile: string;
  readonly alipayPublicKeyFile?: string | undefined;
  readonly appCertFile?: string | undefined;
  readonly alipayCertFile?: string | undefined;
  readonly alipayRootCertFile?: string | undefined;
  readonly caFile?: string | undefined;
}

export interface AlipayKeys {
  /** the merchant's application private key: signs every request */
  readonly privateKey: KeyObject;
  /** Alipay's public key (key mode) or the one in Alipay's public key certificate (cert mode) */
  readonly alipayPublicKey: KeyObject;
  /** cert mode: app_cert_sn and alipay_root_cert_sn, sent with every request */
  readonly certSns: { readonly appCertSn: string; readonly rootCertSn: string } | null;
  /** cert mode: the SN answers signed by the expected Alipay certificate carry (alipay_cert_sn) */
  readonly alipayCertSn: string | null;
  /** PEM trusted for the gateway's TLS instead of the system CAs */
  readonly ca: string | null;
  /** files that others could read and were narrowed to 0600 (for a log line) */
  readonly narrowed: readonly string[];
}

/** An Alipay app id: 16 digits (2021000122671080). */
export const alipayAppIdPattern = /^\d{16}$/;

/**
 * The key file problems of every `alipay` entry, one line each, as the till would log them at start;
 * reads only (diagnostics: nothing is narrowed or written). Null when there are none.
 */
export function alipayKeyProblems(providers: readonly { type: string }[], dataDir: string): string | null {
  const problems: string[] = [];
  providers.forEach((p, i) => {
    if (p.type !== 'alipay') return;
    try {
      loadAlipayKeys(p as unknown as AlipayKeyFiles, dataDir, `providers.json providers.${i}`, {
        narrow: false,
      });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  });
  return problems.length > 0 ? problems.join('; ') : null;
}

/**
 * Reads and checks the key files of one provider, so a mistake is named at start (the field, the file and
 * what is wrong with it), never at the counter. `where` is "providers.json providers.2" for the messages.
 * Key files others could read are narrowed to 0600, as the till does with providers.json itself.
 * Nothing here ever puts a key's bytes into a message or a log line.
 */
export function loadAlipayKeys(
  files: AlipayKeyFiles,
  baseDir: string,
  where: string,
  options: { narrow?: boolean } = {},
): AlipayKeys {
  const fail = (field: string, message: string, file?: string): never => {
    throw new TillpointError(
      'payment.config_invalid',
      `${where}.${field}${file ? ` (${file})` : ''}: ${message}. Fix the payment settings and restart the till.`,
      { field: `${where}.${field}`, ...(file ? { file } : {}) },
    );
  };
  if (!alipayAppIdPattern.test(files.appId)) {
    fail('appId', 'an Alipay app id is 16 digits (see the open platform console)');
  }
  const narrowed: string[] = [];
  const read = (field: string, name: string, secret: boolean): { path: string; text: string } => {
    const path = isAbsolute(name) ? name : resolve(baseDir, name);
    if (secret && options.narrow !== false && narrowSecretFile(path)) narrowed.push(path);
    try {
      return { path, text: readFileSync(path, 'utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(field, code === 'ENOENT' ? 'the file does not exist' : `cannot read it (${code})`, path);
    }
  };

  const priv = read('privateKeyFile', files.privateKeyFile, true);
  let privateKey: KeyObject;
  try {
    // PEM, PKCS #8 ("BEGIN PRIVATE KEY") or PKCS #1 ("BEGIN RSA PRIVATE KEY")
    privateKey = createPrivateKey(priv.text);
  } catch {
    return fail('privateKeyFile', 'not a PEM private key (PKCS #8 or PKCS #1)', priv.path);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    fail(
      'privateKeyFile',
      `an RSA key is needed for RSA2, this is ${privateKey.asymmetricKeyType}`,
      priv.path,
    );
  }
  if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    fail('privateKeyFile', 'RSA2 needs an RSA key of 2048 bits or more', priv.path);
  }

  let alipayPublicKey: KeyObject;
  let certSns: AlipayKeys['certSns'] = null;
  let alipayCertSn: string | null = null;
  if (files.alipayPublicKeyFile) {
    const pub = read('alipayPublicKeyFile', files.alipayPublicKeyFile, true);
    try {
      alipayPublicKey = createPublicKey(pub.text);
    } catch {
      return fail('alipayPublicKeyFile', 'not a PEM public key', pub.path);
    }
    if (alipayPublicKey.asymmetricKeyType !== 'rsa') {
      fail('alipayPublicKeyFile', 'Alipay’s RSA2 public key is an RSA key', pub.path);
    }
    const mine = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    if (mine.equals(alipayPublicKey.export({ type: 'spki', format: 'der' }))) {
      fail('alipayPublicKeyFile', 'this is the app’s own public key; use the Alipay public key', pub.path);
    }
  } else {
    const certOf = (field: string, name: string | undefined) => {
      if (!name) return fail(field, 'needed in certificate mode (or give alipayPublicKeyFile)');
      const file = read(field, name, true);
      try {
        const cert = firstCert(file.text);
        if (cert) return { cert, ...file };
      } catch {
        // reported below
      }
      return fail(field, 'not a PEM certificate', file.path);
    };
    const app = certOf('appCertFile', files.appCertFile);
    const alipay = certOf('alipayCertFile', files.alipayCertFile);
    const root = read(
      'alipayRootCertFile',
      files.alipayRootCertFile ?? fail('alipayRootCertFile', 'needed in certificate mode'),
      true,
    );
    const mine = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    if (!app.cert.publicKey.export({ type: 'spki', format: 'der' }).equals(mine)) {
      fail('appCertFile', 'this certificate is not for the key in privateKeyFile', app.path);
    }
    let rootSn = '';
    try {
      rootSn = rootCertSn(root.text);
    } catch {
      rootSn = '';
    }
    if (!rootSn) fail('alipayRootCertFile', 'no RSA root certificate in this file', root.path);
    alipayPublicKey = alipay.cert.publicKey;
    certSns = { appCertSn: certSn(app.cert), rootCertSn: rootSn };
    alipayCertSn = certSn(alipay.cert);
  }

  let ca: string | null = null;
  if (files.caFile) {
    const file = read('caFile', files.caFile, false);
    if (!file.text.includes('-----BEGIN CERTIFICATE-----'))
      fail('caFile', 'not a PEM certificate', file.path);
    ca = file.text;
  }
  return { privateKey, alipayPublicKey, certSns, alipayCertSn, ca, narrowed };
}
