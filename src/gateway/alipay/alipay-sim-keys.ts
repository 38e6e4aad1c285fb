import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomInt,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TillpointError } from '../../core/errors.js';

/**
 * The simulator's two RSA-2048 key pairs: the merchant app's (the till signs with its private key, the
 * simulator checks with the public one) and "Alipay's" (the simulator signs its answers, the till checks
 * with the public one). Made at start, or kept in a folder so a till configured once keeps working across
 * restarts. File names follow what a merchant downloads from Alipay's key tool, so switching to a real
 * account means replacing the same two files in the till's settings (README: the Alipay provider).
 */
export interface AlipaySimKeys {
  readonly appId: string;
  readonly appPublicKey: KeyObject;
  readonly alipayPrivateKey: KeyObject;
  /** where the till's files are (null when the keys live only in memory) */
  readonly dir: string | null;
}

export const simKeyFiles = {
  appId: 'app-id.txt',
  /** the till's: providers.json privateKeyFile */
  appPrivateKey: 'app-private-key.pem',
  appPublicKey: 'app-public-key.pem',
  alipayPrivateKey: 'alipay-private-key.pem',
  /** the till's: providers.json alipayPublicKeyFile */
  alipayPublicKey: 'alipay-public-key.pem',
} as const;

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A sandbox app id: 16 digits like Alipay's (2021...), never one of a real merchant's. */
const newAppId = () => `20210000${String(randomInt(10_000_000, 99_999_999))}`;

/** Fresh keys in memory (tests), or loaded from `dir` and made there first when it holds none. */
export function alipaySimKeys(
  dir?: string,
): AlipaySimKeys & { appPrivateKeyPem: string; alipayPublicKeyPem: string } {
  if (dir === undefined) {
    const app = pair();
    const alipay = pair();
    return {
      appId: newAppId(),
      appPublicKey: app.publicKey,
      alipayPrivateKey: alipay.privateKey,
      dir: null,
      appPrivateKeyPem: app.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      alipayPublicKeyPem: alipay.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    };
  }
  const file = (name: string) => join(dir, name);
  try {
    if (!existsSync(file(simKeyFiles.appId))) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const app = pair();
      const alipay = pair();
      const write = (name: string, text: string) => {
        writeFileSync(file(name), text, { mode: 0o600 });
        chmodSync(file(name), 0o600);
      };
      write(simKeyFiles.appPrivateKey, app.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
      write(simKeyFiles.appPublicKey, app.publicKey.export({ type: 'spki', format: 'pem' }) as string);
      write(
        simKeyFiles.alipayPrivateKey,
        alipay.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      );
      write(simKeyFiles.alipayPublicKey, alipay.publicKey.export({ type: 'spki', format: 'pem' }) as string);
      // the app id last: its presence says the folder is complete
      write(simKeyFiles.appId, `${newAppId()}\n`);
    }
    const appPrivateKeyPem = readFileSync(file(simKeyFiles.appPrivateKey), 'utf8');
    const alipayPublicKeyPem = readFileSync(file(simKeyFiles.alipayPublicKey), 'utf8');
    return {
      appId: readFileSync(file(simKeyFiles.appId), 'utf8').trim(),
      appPublicKey: createPublicKey(readFileSync(file(simKeyFiles.appPublicKey), 'utf8')),
      alipayPrivateKey: createPrivateKey(readFileSync(file(simKeyFiles.alipayPrivateKey), 'utf8')),
      dir,
      appPrivateKeyPem,
      alipayPublicKeyPem,
    };
  } catch (error) {
    throw new TillpointError(
      'gateway.keys_invalid',
      `The Alipay simulator's key folder ${dir} cannot be used: ${(error as Error).message}. Give another --keys folder.`,
      { dir },
    );
  }
}
