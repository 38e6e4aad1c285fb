import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Certificates for tests that run with TLS on (tests only): a throwaway CA and server certificates it
 * signs, or a self-signed one (a hub on a shop LAN), made by the OpenSSL command line, an implementation
 * independent of the node:tls code under test. P-256 keys; valid for 30 days from now.
 */
export interface TestCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the certificate's DER, 64 lower-case hex characters */
  readonly fingerprint256: string;
}

export interface TestCa {
  readonly caPem: string;
  /** a server certificate for these host names and IP addresses, signed by the CA */
  issue(hosts: readonly string[]): TestCertificate;
}

const openssl = (args: readonly string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

const fingerprintOf = (pem: string) =>
  new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();

/** subjectAltName for hosts: IP addresses as IP:, names as DNS:. */
const altNames = (hosts: readonly string[]) =>
  hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');

const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function inScratch<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tillpoint-tls-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed server certificate for `hosts` (the first is its common name). */
export function selfSignedCertificate(hosts: readonly string[]): TestCertificate {
  return inScratch((dir) => {
    openssl(
      [
        'req',
        '-x509',
        ...newKey,
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '30',
        '-subj',
        `/CN=${hosts[0] ?? 'localhost'}`,
        '-addext',
        `subjectAltName=${altNames(hosts)}`,
      ],
      dir,
    );
    const certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return {
      certPem,
      keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
      fingerprint256: fingerprintOf(certPem),
    };
  });
}

/** A throwaway CA; its key stays in memory only as long as the returned object. */
export function makeTestCa(): TestCa {
  const { caPem, caKey } = inScratch((dir) => {
    openssl(
      [
        'req',
        '-x509',
        ...newKey,
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '30',
        '-subj',
        '/CN=Tillpoint Test CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
    return {
      caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      caKey: readFileSync(join(dir, 'ca.key'), 'utf8'),
    };
  });
  return {
    caPem,
    issue: (hosts) =>
      inScratch((dir) => {
        writeFileSync(join(dir, 'ca.pem'), caPem);
        writeFileSync(join(dir, 'ca.key'), caKey, { mode: 0o600 });
        writeFileSync(
          join(dir, 'ext.cnf'),
          `subjectAltName=${altNames(hosts)}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
        );
        openssl(
          [
            'req',
            ...newKey,
            '-keyout',
            'key.pem',
            '-out',
            'req.csr',
            '-subj',
            `/CN=${hosts[0] ?? 'localhost'}`,
          ],
          dir,
        );
        openssl(
          [
            'x509',
            '-req',
            '-in',
            'req.csr',
            '-CA',
            'ca.pem',
            '-CAkey',
            'ca.key',
            '-CAcreateserial',
            '-out',
            'cert.pem',
            '-days',
            '30',
            '-extfile',
            'ext.cnf',
          ],
          dir,
        );
        const certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
        return {
          certPem,
          keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
          fingerprint256: fingerprintOf(certPem),
        };
      }),
  };
}
