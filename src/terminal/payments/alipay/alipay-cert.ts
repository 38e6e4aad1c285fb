import { createHash, X509Certificate } from 'node:crypto';

/**
 * Alipay's public key certificate mode names each certificate by a "cert SN": MD5 (hex) of the issuer's
 * distinguished name, attributes in reverse order joined by commas ("CN=…,OU=…,O=…,C=CN"), followed by the
 * serial number in decimal. The root SN is the SNs of the RSA-signed certificates in the root bundle joined
 * by "_" (the bundle also holds SM2 and ECDSA roots, skipped). Checked against the published values in
 * alipay-sdk-nodejs-all 4.14.0 test/antcertutil.test.ts (alipay-cert.test.ts holds them).
 */

const pemBlocks = (text: string): string[] =>
  text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

export function certSn(cert: X509Certificate): string {
  const issuer = cert.issuer.split('\n').reverse().join(',');
  const serial = BigInt(`0x${cert.serialNumber}`).toString(10);
  return createHash('md5')
    .update(issuer + serial, 'utf8')
    .digest('hex');
}

/** DER length at `pos` (the tag's index): [length, index of the content]. */
function derLength(der: Buffer, pos: number): [number, number] {
  let len = der[pos + 1] ?? 0;
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i += 1) len = len * 256 + (der[p + i] ?? 0);
    p += n;
  }
  return [len, p];
}

/** RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }. */
export function signatureAlgorithmOid(der: Buffer): string {
  const [, inCert] = derLength(der, 0);
  const [tbsLen, inTbs] = derLength(der, inCert);
  const [, inAlg] = derLength(der, inTbs + tbsLen);
  const [oidLen, inOid] = derLength(der, inAlg);
  const oid = der.subarray(inOid, inOid + oidLen);
  const first = oid[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (const byte of oid.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** PKCS #1 signature algorithms (sha256WithRSAEncryption is 1.2.840.113549.1.1.11). */
const rsaSignature = '1.2.840.113549.1.1';

export function rootCertSn(pem: string): string {
  return pemBlocks(pem)
    .map((block) => new X509Certificate(block))
    .filter((cert) => signatureAlgorithmOid(cert.raw).startsWith(rsaSignature))
    .map(certSn)
    .join('_');
}

/** The first certificate of a PEM file (an app or Alipay public key certificate). */
export function firstCert(pem: string): X509Certificate | null {
  const block = pemBlocks(pem)[0];
  return block ? new X509Certificate(block) : null;
}
