import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeOfflineCode, type OfflineCodeAlgorithm } from '../core/offline-code.js';
import { canonicalRequest, gatewaySignatureHeaders } from '../shared/gateway-signature.js';
import type { IssuerKeyDto } from '../shared/offline-code-dto.js';
import { demoMerchant, startGateway, type Gateway } from './gateway.js';

/**
 * The sandbox issuer over real HTTP: its codes are checked by the OpenSSL command line (an implementation
 * other than the sm-crypto-v2 and node:crypto that made them), its phone page holds the code as an SVG QR,
 * key rotation retires the old key, and settlement is signed, idempotent per record and refuses a double
 * spend, spend past the credit limit and a code that is not the issuer's.
 */
let gateway: Gateway;
let dir: string;
beforeAll(async () => {
  gateway = await startGateway({ test: true, log: () => {} });
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-issuer-test-'));
});
afterAll(async () => {
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${gateway.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, text: await res.text() };
}
const json = async (method: string, path: string, body?: unknown) =>
  JSON.parse((await call(method, path, body)).text) as Record<string, unknown>;

function opensslVerifies(key: IssuerKeyDto, signed: Uint8Array, signature: Uint8Array): boolean {
  // SubjectPublicKeyInfo around the point: the DER prefix of each curve (RFC 5480; GB/T 35276 for SM2)
  const prefix: Record<OfflineCodeAlgorithm, string> = {
    'sm2-sm3': '3059301306072a8648ce3d020106082a811ccf5501822d034200',
    'ecdsa-p256-sha256': '3059301306072a8648ce3d020106082a8648ce3d030107034200',
  };
  writeFileSync(join(dir, 'pub.der'), Buffer.from(prefix[key.algorithm] + key.publicKeyHex, 'hex'));
  writeFileSync(join(dir, 'msg'), signed);
  writeFileSync(join(dir, 'sig'), signature);
  const args =
    key.algorithm === 'sm2-sm3'
      ? [
          'pkeyutl',
          '-verify',
          '-rawin',
          '-digest',
          'sm3',
          '-pkeyopt',
          'distid:1234567812345678',
          '-pubin',
        ].concat(['-keyform', 'DER', '-inkey', 'pub.der', '-in', 'msg', '-sigfile', 'sig'])
      : ['dgst', '-sha256', '-verify', 'pub.der', '-keyform', 'DER', '-signature', 'sig', 'msg'];
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

async function settle(records: unknown[], key = demoMerchant.key) {
  const path = '/v1/offline/settle';
  const body = JSON.stringify({ merchantId: demoMerchant.id, records });
  const timestamp = String(Date.now());
  const nonce = randomUUID();
  const hash = createHash('sha256').update(body).digest('hex');
  const signature = createHmac('sha256', key)
    .update(canonicalRequest('POST', path, timestamp, nonce, hash))
    .digest('hex');
  const res = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      [gatewaySignatureHeaders.merchantId]: demoMerchant.id,
      [gatewaySignatureHeaders.timestamp]: timestamp,
      [gatewaySignatureHeaders.nonce]: nonce,
      [gatewaySignatureHeaders.signature]: signature,
    },
  });
  return {
    status: res.status,
    body: (await res.json()) as { results?: { recordId: string; status: string; reason: string | null }[] },
  };
}

const recordOf = (code: string, amount = 1_000) => {
  const d = decodeOfflineCode(code);
  if (!d.ok) throw new Error('not a code');
  return {
    recordId: randomUUID(),
    saleId: randomUUID(),
    paymentId: randomUUID(),
    issuerId: 'sandbox',
    keyId: d.code.keyId,
    userId: d.code.userId,
    counter: d.code.counter,
    amount: { amount, currency: 'CNY' },
    code,
    issuedAt: new Date(d.code.issuedAtS * 1000).toISOString(),
    capturedAt: new Date().toISOString(),
  };
};

describe('the sandbox offline-pay issuer', () => {
  test('codes of both algorithms verify with openssl under the published key, and a changed byte does not', async () => {
    const keys = (await json('GET', '/sandbox/offline/keys')).keys as IssuerKeyDto[];
    await json('POST', '/sandbox/offline/users', { userId: 'alice', creditLimit: 3_000 });
    for (const algorithm of ['sm2-sm3', 'ecdsa-p256-sha256'] as const) {
      const { codes } = (await json('POST', '/sandbox/offline/users/alice/codes', {
        algorithm,
        count: 2,
      })) as {
        codes: string[];
      };
      const decoded = codes.map((c) => decodeOfflineCode(c));
      const counters = decoded.map((d) => (d.ok ? d.code.counter : -1));
      expect(new Set(counters).size).toBe(2); // one counter per code
      for (const d of decoded) {
        if (!d.ok) throw new Error('malformed');
        const key = keys.find((k) => k.keyId === d.code.keyId)!;
        expect(key.algorithm).toBe(algorithm);
        expect(opensslVerifies(key, d.code.signed, d.code.signature)).toBe(true);
        const changed = Uint8Array.from(d.code.signed);
        changed[changed.length - 1]! ^= 0x20;
        expect(opensslVerifies(key, changed, d.code.signature)).toBe(false);
      }
    }
  });

  test('the phone page shows the code as an SVG QR and as text', async () => {
    await json('POST', '/sandbox/offline/users', { userId: 'bob' });
    const page = await call('GET', '/sandbox/offline/users/bob/page');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg role="img" aria-label="payment code"');
    const code = /<code id="code"[^>]*>([^<]+)<\/code>/.exec(page.text)?.[1] ?? '';
    expect(decodeOfflineCode(code)).toMatchObject({ ok: true, code: { userId: 'bob' } });
    expect((await call('GET', '/sandbox/offline/users/nobody/page')).status).toBe(404);
  });

  test('rotation publishes a new key and retires the old one with a not-after', async () => {
    const before = (await json('GET', '/sandbox/offline/keys')).keys as IssuerKeyDto[];
    const { key } = (await json('POST', '/sandbox/offline/keys/rotate', { algorithm: 'sm2-sm3' })) as {
      key: IssuerKeyDto;
    };
    const after = (await json('GET', '/sandbox/offline/keys')).keys as IssuerKeyDto[];
    const oldSm2 = before.find((k) => k.algorithm === 'sm2-sm3' && k.notAfter === null)!;
    expect(after.find((k) => k.keyId === oldSm2.keyId)?.notAfter).not.toBeNull();
    expect(after.find((k) => k.keyId === key.keyId)?.notAfter).toBeNull();
  });

  test('settlement: signed, one answer per record, the same answer again, and the refusals', async () => {
    await json('POST', '/sandbox/offline/users', { userId: 'carol', creditLimit: 1_500 });
    const { codes } = (await json('POST', '/sandbox/offline/users/carol/codes', { count: 3 })) as {
      codes: string[];
    };
    const first = recordOf(codes[0]!);
    const twice = { ...recordOf(codes[0]!), recordId: randomUUID() }; // the same code taken at another till
    const over = recordOf(codes[1]!, 600); // 10.00 + 6.00 > 15.00
    const forged = { ...recordOf(codes[2]!), counter: 99 }; // the record says another counter than the code
    expect((await settle([first], 'wrong-key')).status).toBe(401);
    const answer = await settle([first, twice, over, forged, { nonsense: true }]);
    expect(answer.status).toBe(200);
    expect(answer.body.results?.map((r) => [r.status, r.reason])).toEqual([
      ['accepted', null],
      ['rejected', 'double_spend'],
      ['rejected', 'user_over_limit'],
      ['rejected', 'bad_signature'],
      ['rejected', 'invalid_record'],
    ]);
    // a retry (the answer was lost) is answered the same and settles nothing twice
    const again = await settle([first, over]);
    expect(again.body.results?.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    const ledger = (await json('GET', '/sandbox/offline/settlements')).records as {
      recordId: string;
      timesSeen: number;
    }[];
    expect(ledger.find((r) => r.recordId === first.recordId)?.timesSeen).toBe(2);
  });
});
