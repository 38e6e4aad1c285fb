import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isTillpointError } from '../../../core/errors.js';
import { callsOf } from '../../call.test-util.js';
import { checkConfigFiles } from '../../diagnostics/config-check.js';
import { openTerminal, type Terminal } from '../../terminal.js';
import { certSn } from './alipay-cert.js';
import { loadAlipayKeys, type AlipayKeyFiles } from './alipay-keys.js';

/**
 * A providers.json `alipay` entry with bad key files is named at start (the field and the file, never a
 * key's bytes), and the till still runs: cash works, Alipay is simply not offered.
 */
let dir: string;
let terminal: Terminal | undefined;
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const pem = (
  key: { export: (o: { type: 'pkcs8' | 'spki'; format: 'pem' }) => string | Buffer },
  type: 'pkcs8' | 'spki',
) => String(key.export({ type, format: 'pem' }));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-alipay-config-'));
  copyFileSync(fixture('app-private-key.pem'), join(dir, 'app.pem'));
  copyFileSync(fixture('alipay-public-key.pem'), join(dir, 'alipay.pem'));
});
afterEach(() => {
  terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const good: AlipayKeyFiles = {
  appId: '2021000122671080',
  privateKeyFile: 'app.pem',
  alipayPublicKeyFile: 'alipay.pem',
};

function problem(files: AlipayKeyFiles): string {
  try {
    loadAlipayKeys(files, dir, 'providers.json providers.0');
  } catch (error) {
    if (isTillpointError(error) && error.code === 'payment.config_invalid') return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('Alipay key files', () => {
  test('key mode loads (PKCS #1 and PKCS #8 private keys); relative paths are in the data folder', () => {
    expect(loadAlipayKeys(good, dir, 'p').certSns).toBeNull();
    copyFileSync(fixture('app-private-key-pkcs8.pem'), join(dir, 'app8.pem'));
    expect(
      loadAlipayKeys(
        { ...good, privateKeyFile: join(dir, 'app8.pem'), alipayPublicKeyFile: join(dir, 'alipay.pem') },
        '/nowhere',
        'p',
      ).privateKey.type,
    ).toBe('private');
  });

  test.each<[string, Partial<AlipayKeyFiles>, () => void, RegExp]>([
    [
      'a missing private key file',
      { privateKeyFile: 'none.pem' },
      () => {},
      /providers\.0\.privateKeyFile \(.*none\.pem\): the file does not exist/,
    ],
    [
      'a private key that is not PEM',
      {},
      () => writeFileSync(join(dir, 'app.pem'), 'hello'),
      /privateKeyFile \(.*app\.pem\): not a PEM private key/,
    ],
    [
      'an EC private key (RSA2 needs RSA)',
      {},
      () =>
        writeFileSync(
          join(dir, 'app.pem'),
          pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'pkcs8'),
        ),
      /privateKeyFile \(.*\): an RSA key is needed for RSA2, this is ec/,
    ],
    [
      'a 1024-bit RSA key',
      {},
      () =>
        writeFileSync(
          join(dir, 'app.pem'),
          pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'pkcs8'),
        ),
      /RSA2 needs an RSA key of 2048 bits or more/,
    ],
    [
      'an app id of the wrong shape',
      { appId: '2021-demo' },
      () => {},
      /providers\.0\.appId: an Alipay app id is 16 digits/,
    ],
    [
      'a missing Alipay public key',
      { alipayPublicKeyFile: 'gone.pem' },
      () => {},
      /alipayPublicKeyFile \(.*gone\.pem\): the file does not exist/,
    ],
    [
      'a private key given as the Alipay public key',
      { alipayPublicKeyFile: 'app.pem' },
      () => {},
      /alipayPublicKeyFile .*not a PEM public key|own public key/,
    ],
    [
      'the app’s own public key given as Alipay’s',
      { alipayPublicKeyFile: 'mine.pem' },
      () => copyFileSync(fixture('app-private-key.pem'), join(dir, 'mine.pem')),
      /alipayPublicKeyFile/,
    ],
    [
      'certificate mode without the certificates',
      { alipayPublicKeyFile: undefined },
      () => {},
      /appCertFile: needed in certificate mode/,
    ],
  ])('%s is named with its field and file', (_what, change, prepare, message) => {
    prepare();
    const text = problem({ ...good, ...change });
    expect(text).toMatch(message);
    expect(text).not.toMatch(/MII|BEGIN/);
  });

  test('the app’s own public key in place of Alipay’s is refused (a classic mix-up)', () => {
    const own = execFileSync('openssl', ['rsa', '-in', fixture('app-private-key.pem'), '-pubout'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    writeFileSync(join(dir, 'own.pem'), own);
    expect(problem({ ...good, alipayPublicKeyFile: 'own.pem' })).toMatch(/the app’s own public key/);
  });

  test('key files others could read are narrowed to 0600', () => {
    writeFileSync(join(dir, 'app.pem'), readFileSync(fixture('app-private-key.pem')), { mode: 0o644 });
    const keys = loadAlipayKeys(good, dir, 'p');
    expect(statSync(join(dir, 'app.pem')).mode & 0o777).toBe(0o600);
    expect(keys.narrowed).toContain(join(dir, 'app.pem'));
  });

  test('certificate mode: app_cert_sn and alipay_root_cert_sn computed as Alipay defines them', () => {
    // an app certificate for the fixture key, made by the OpenSSL command line
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-key',
        'app.pem',
        '-out',
        'app.crt',
        '-days',
        '2',
        '-subj',
        '/C=CN/O=Tillpoint Test/CN=2021000122671080',
      ],
      {
        cwd: dir,
        stdio: 'ignore',
      },
    );
    const keys = loadAlipayKeys(
      {
        appId: good.appId,
        privateKeyFile: 'app.pem',
        appCertFile: 'app.crt',
        alipayCertFile: fixture('alipayCertPublicKey_RSA2.crt'),
        alipayRootCertFile: fixture('alipayRootCert.crt'),
      },
      dir,
      'p',
    );
    expect(keys.certSns).toEqual({
      appCertSn: certSn(new X509Certificate(readFileSync(join(dir, 'app.crt')))),
      rootCertSn: '687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6',
    });
    expect(keys.alipayCertSn).toBe('7513daaaa48aa3ba2e4018d84402479c');
    // another app's certificate is refused: it would sign with a key Alipay does not hold for us
    expect(
      problem({
        appId: good.appId,
        privateKeyFile: 'app.pem',
        appCertFile: fixture('appCertPublicKey_2021001161683774.crt'),
        alipayCertFile: fixture('alipayCertPublicKey_RSA2.crt'),
        alipayRootCertFile: fixture('alipayRootCert.crt'),
      }),
    ).toMatch(/appCertFile \(.*\): this certificate is not for the key in privateKeyFile/);
  });
});

describe('a till with a bad alipay entry', () => {
  test('starts, names the mistake in its log, offers no Alipay, and takes cash', async () => {
    writeFileSync(
      join(dir, 'providers.json'),
      JSON.stringify({
        providers: [
          {
            type: 'alipay',
            id: 'alipay',
            label: 'Alipay',
            gatewayUrl: 'https://127.0.0.1:9/gateway.do',
            ...good,
            privateKeyFile: 'missing.pem',
          },
        ],
      }),
    );
    const lines: string[] = [];
    terminal = await openTerminal({
      dataDir: dir,
      log: (line, details) => lines.push(`${line} ${JSON.stringify(details ?? '')}`),
    });
    const { call, fails } = callsOf(() => terminal);
    expect(lines.join('\n')).toMatch(
      /payment provider alipay is off: providers\.json providers\.0\.privateKeyFile \(.*missing\.pem\)/,
    );
    const sale = await call('sale.scan', {
      saleId: (await call('sale.start', {})).id,
      barcode: '6901234567892',
    });
    expect((await call('payment.options', { saleId: sale.id })).wallets).toEqual([]);
    expect((await fails('payment.showQr', { saleId: sale.id, providerId: 'alipay' })).code).toBe(
      'payment.unknown_provider',
    );
    const paid = await call('sale.payCash', { saleId: sale.id, tendered: 500 });
    expect(paid.state).toBe('completed');
    // the support file's config check names it too, without touching a file
    expect(checkConfigFiles(dir).find((f) => f.file === 'providers.json')).toMatchObject({
      state: 'invalid',
      message: expect.stringMatching(/providers\.0\.privateKeyFile \(.*missing\.pem\)/),
    });
  });

  test('a malformed entry (no private key field) is still refused at start, like any invalid providers.json', async () => {
    writeFileSync(
      join(dir, 'providers.json'),
      JSON.stringify({
        providers: [
          {
            type: 'alipay',
            id: 'alipay',
            label: 'Alipay',
            gatewayUrl: 'https://x/gateway.do',
            appId: good.appId,
          },
        ],
      }),
    );
    await expect(openTerminal({ dataDir: dir })).rejects.toMatchObject({
      code: 'payment.config_invalid',
      message: expect.stringContaining('providers.0.privateKeyFile'),
    });
  });
});
