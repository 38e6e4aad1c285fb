import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { decodeOfflineCode, encodeOfflineCode } from '../../core/offline-code.js';
import { defaultOfflinePolicy, type OfflinePolicy } from '../../core/offline-policy.js';
import { outboxPayloadSchemas } from '../../shared/hub-api.js';
import { ISSUER_KEY_CONFIG_PREFIX, type IssuerKeyDto } from '../../shared/offline-code-dto.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { opensslIssuer, opensslVerifies, type OpensslIssuer } from './openssl-issuer.test-util.js';
import { checkIssuerSignature, loadSignatureChecks } from './signature-check.js';

/**
 * Offline codes at the till, on a real SQLite data folder, with codes signed by the OpenSSL command line
 * (SM2 with SM3 per GB/T 32918, and ECDSA P-256): a valid code pays with no network, and each way a code can
 * be wrong is refused with its own reason, leaving the sale open and nothing written.
 */
const TART = '6934666013538'; // 6.00 CNY
const NOW_S = 1_796_000_000;

let sm2: OpensslIssuer;
let p256: OpensslIssuer;
beforeAll(() => {
  sm2 = opensslIssuer('sm2-sm3', 'sbx-sm2-1');
  p256 = opensslIssuer('ecdsa-p256-sha256', 'sbx-p256-1');
});
afterAll(() => {
  sm2.close();
  p256.close();
});

let dir: string;
let terminal: Terminal | undefined;
let clockS = NOW_S;
const { call, fails } = callsOf(() => terminal);

function publishKeys(keys: readonly IssuerKeyDto[]): void {
  // as the sync client writes the hub's config.set changes (src/terminal/sync/hub-changes.ts)
  const db = new Database(join(dir, 'tillpoint.db'));
  try {
    const put = db.prepare(
      `INSERT INTO terminal_config (key, value, seq, updated_at) VALUES (?, ?, ?, 'x')
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, seq = excluded.seq`,
    );
    keys.forEach((k, i) => put.run(ISSUER_KEY_CONFIG_PREFIX + k.keyId, JSON.stringify(k), i + 1));
  } finally {
    db.close();
  }
}

async function open(policy: OfflinePolicy = defaultOfflinePolicy): Promise<Terminal> {
  terminal = await openTerminal({
    dataDir: dir,
    offlinePolicy: policy,
    now: () => new Date(clockS * 1000),
  });
  return terminal;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-offcode-'));
  clockS = NOW_S;
  await open();
  await terminal?.close();
  publishKeys([sm2.key, p256.key]);
  await open();
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const body = (over: Partial<Parameters<OpensslIssuer['code']>[0]> = {}) => ({
  userId: '2088000000000001',
  counter: 1,
  issuedAtS: NOW_S - 30,
  validForS: 600,
  creditLimit: 2_000,
  currency: 'CNY',
  ...over,
});

async function saleOf(items = 1): Promise<string> {
  const sale = await call('sale.start', {});
  for (let i = 0; i < items; i++) await call('sale.scan', { saleId: sale.id, barcode: TART });
  return sale.id;
}

function rows(sql: string): unknown[] {
  const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('an offline code at the till', () => {
  test.each([
    ['SM2 with SM3', () => sm2],
    ['ECDSA P-256', () => p256],
  ])(
    'a valid %s code signed by openssl pays offline: sale, payment, capture, outbox and journal at once',
    async (_n, issuer) => {
      const saleId = await saleOf();
      const sale = await call('payment.offlineCode', { saleId, code: issuer().code(body()) });
      expect(sale.state).toBe('completed');
      expect(sale.payments).toEqual([
        expect.objectContaining({
          method: 'wallet',
          providerId: 'offline-code',
          wallet: 'offline-code',
          amount: { amount: 600, currency: 'CNY' },
          confirmation: 'provider',
        }),
      ]);
      const outbox = rows(`SELECT kind, idempotency_key, payload FROM outbox ORDER BY id`) as {
        kind: string;
        idempotency_key: string;
        payload: string;
      }[];
      expect(outbox.map((r) => r.kind)).toEqual(['sale.completed', 'offline_code.captured']);
      const captured = outboxPayloadSchemas['offline_code.captured'].parse(JSON.parse(outbox[1]!.payload));
      expect(captured).toMatchObject({
        saleId,
        userId: '2088000000000001',
        counter: 1,
        keyId: issuer().key.keyId,
      });
      expect(outbox[1]!.idempotency_key).toBe(`offline-code:${captured.recordId}`);
      // the sale entry is what the hub accepts for every sale (its own schema)
      outboxPayloadSchemas['sale.completed'].parse(JSON.parse(outbox[0]!.payload));
      expect(rows(`SELECT kind FROM journal WHERE kind LIKE 'offline_code.%'`)).toEqual([
        { kind: 'offline_code.captured' },
      ]);
      const captures = await call('offlineCodes.captures', {});
      expect(captures).toEqual([expect.objectContaining({ saleId, settlement: 'unsettled', counter: 1 })]);
    },
  );

  test('each bad code is refused with its reason, the sale stays open and nothing is written', async () => {
    const saleId = await saleOf();
    const good = sm2.code(body());
    const decoded = decodeOfflineCode(good);
    if (!decoded.ok) throw new Error('fixture');
    // one flipped bit in the signed bytes (in the counter): the signature no longer holds
    const flipped = Uint8Array.from(decoded.code.signed);
    flipped[flipped.length - 16]! ^= 0x01;
    const stranger = opensslIssuer('sm2-sm3', 'nobody-1');
    const cases: [string, string][] = [
      [encodeOfflineCode(flipped, decoded.code.signature), 'offline_code.bad_signature'],
      [sm2.code(body({ issuedAtS: NOW_S - 2_000 })), 'offline_code.expired'],
      [stranger.code(body()), 'offline_code.unknown_key'],
      [sm2.code(body({ issuedAtS: NOW_S + 301 })), 'offline_code.clock_skew'],
      [sm2.code(body({ creditLimit: 500 })), 'offline_code.over_user_cap'],
      ['TPOC1.AAAA', 'offline_code.malformed'],
    ];
    stranger.close();
    for (const [code, reason] of cases) {
      const error = await fails('payment.offlineCode', { saleId, code });
      expect(error.code, reason).toBe(reason);
    }
    expect((await call('sales.get', { saleId })).state).toBe('open');
    expect(rows(`SELECT * FROM offline_code_captures`)).toEqual([]);
    expect(rows(`SELECT * FROM outbox`)).toEqual([]);
    // and the good one still pays
    expect((await call('payment.offlineCode', { saleId, code: good })).state).toBe('completed');
  });

  test('a code taken once is refused as replayed, also after a restart', async () => {
    const code = sm2.code(body({ counter: 42 }));
    await call('payment.offlineCode', { saleId: await saleOf(), code });
    const again = await saleOf();
    expect((await fails('payment.offlineCode', { saleId: again, code })).code).toBe('offline_code.replayed');
    await terminal?.close();
    await open();
    expect((await fails('payment.offlineCode', { saleId: again, code })).code).toBe('offline_code.replayed');
    // the same counter signed again (a copy of the code in another form) is the same (user, counter)
    const copy = sm2.code(body({ counter: 42, issuedAtS: NOW_S - 10 }));
    expect((await fails('payment.offlineCode', { saleId: again, code: copy })).code).toBe(
      'offline_code.replayed',
    );
  });

  test("the user's unsettled spend and the till's total are capped (offline-policy.json)", async () => {
    await terminal?.close();
    await open({ ...defaultOfflinePolicy, offlineCodes: { perUserUnsettled: 1_000, tillUnsettled: 1_500 } });
    // 6.00 for user A; a second 6.00 would take A to 12.00 > 10.00
    await call('payment.offlineCode', { saleId: await saleOf(), code: sm2.code(body({ counter: 1 })) });
    const next = await saleOf();
    const overUser = await fails('payment.offlineCode', {
      saleId: next,
      code: sm2.code(body({ counter: 2 })),
    });
    expect(overUser.code).toBe('offline_code.over_user_cap');
    expect(overUser.details).toMatchObject({ cap: 1_000, unsettled: 600, amount: 600 });
    // user B: 6.00 fits; the till then holds 12.00 of its 15.00, so user C's 6.00 is over the till's cap
    await call('payment.offlineCode', { saleId: next, code: p256.code(body({ userId: 'B', counter: 1 })) });
    const third = await saleOf();
    const overTill = await fails('payment.offlineCode', {
      saleId: third,
      code: p256.code(body({ userId: 'C', counter: 1 })),
    });
    expect(overTill.code).toBe('offline_code.over_till_cap');
  });

  test('a retired key refuses codes issued after its not-after, and takes those from before', async () => {
    await terminal?.close();
    publishKeys([{ ...sm2.key, notAfter: new Date((NOW_S - 60) * 1000).toISOString() }]);
    await open();
    const after = await fails('payment.offlineCode', { saleId: await saleOf(), code: sm2.code(body()) });
    expect(after.code).toBe('offline_code.unknown_key');
    const before = sm2.code(body({ counter: 2, issuedAtS: NOW_S - 120 }));
    expect((await call('payment.offlineCode', { saleId: await saleOf(), code: before })).state).toBe(
      'completed',
    );
  });
});

describe('the signature checks against openssl, both ways', () => {
  test('what openssl signs verifies; what sm-crypto-v2 and node sign, openssl verifies', async () => {
    const { sm2: smc } = await import('sm-crypto-v2');
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const msg = new TextEncoder().encode('GB/T 32918 offline code');
    // ours signs (SM2), openssl checks
    const pair = smc.generateKeyPairHex();
    const sig = Buffer.from(smc.doSignature(msg, pair.privateKey, { der: true, hash: true }), 'hex');
    expect(opensslVerifies('sm2-sm3', pair.publicKey, msg, sig)).toBe(true);
    const bad = Uint8Array.from(msg);
    bad[0]! ^= 1;
    expect(opensslVerifies('sm2-sm3', pair.publicKey, bad, sig)).toBe(false);
    // node signs (P-256), openssl checks
    const p = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = p.publicKey.export({ format: 'jwk' });
    const point =
      '04' +
      Buffer.from(jwk.x!, 'base64url').toString('hex') +
      Buffer.from(jwk.y!, 'base64url').toString('hex');
    const psig = sign('sha256', msg, { key: p.privateKey, dsaEncoding: 'der' });
    expect(opensslVerifies('ecdsa-p256-sha256', point, msg, psig)).toBe(true);
    // and our checker refuses a good signature under another issuer's key
    const key = { ...sm2.key, notAfterS: null };
    await loadSignatureChecks();
    expect(checkIssuerSignature(key, msg, sig)).toBe(false);
  });
});
