import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import {
  decodeOfflineCode,
  encodeOfflineCode,
  offlineCodeSignedBytes,
  type OfflineCodeAlgorithm,
} from '../core/offline-code.js';
import type { IssuerKeyDto, SettlementResult } from '../shared/offline-code-dto.js';
import { offlineCodeCapturedPayload } from '../shared/offline-code-dto.js';

/**
 * The sandbox's offline-pay issuer (a wallet's server, as Alipay's transit offline pay is): it holds one
 * signing key per algorithm (SM2 with SM3 per GB/T 32918 through sm-crypto-v2, ECDSA P-256 through
 * node:crypto), publishes the public halves by key id (offlinepay.key.query's `{key_id, public_key}`),
 * enrolls demo users with an offline credit limit, signs their codes (one counter value each) and settles
 * what tills took (offlinepay.trade.settle: one result per record). It checks every record again itself:
 * the till's word is not the issuer's.
 *
 * Settlement is idempotent by record id (the hub's retry after a lost answer gets the first answer again);
 * a second record with a (user, counter) already settled is a double spend (two tills took one code) and
 * is rejected, as is spend past the user's credit limit and any record of a frozen user.
 */
export const SANDBOX_ISSUER_ID = 'sandbox';

interface SigningKey {
  readonly dto: IssuerKeyDto;
  readonly signBytes: (bytes: Uint8Array) => Uint8Array;
}

interface User {
  readonly userId: string;
  readonly creditLimit: number;
  readonly currency: string;
  nextCounter: number;
  /** test-only: every record of this user is rejected with this reason */
  readonly rejectWith: string | null;
}

export interface SettledRecord extends SettlementResult {
  /** how many settle requests carried this record (a retry carries it again; it is settled once) */
  timesSeen: number;
}

function newKey(algorithm: OfflineCodeAlgorithm, keyId: string): SigningKey {
  if (algorithm === 'sm2-sm3') {
    const pair = sm2.generateKeyPairHex();
    return {
      dto: { keyId, issuerId: SANDBOX_ISSUER_ID, algorithm, publicKeyHex: pair.publicKey, notAfter: null },
      signBytes: (bytes) =>
        Buffer.from(
          sm2.doSignature(bytes, pair.privateKey, { der: true, hash: true, publicKey: pair.publicKey }),
          'hex',
        ),
    };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    dto: { keyId, issuerId: SANDBOX_ISSUER_ID, algorithm, publicKeyHex: pointOf(publicKey), notAfter: null },
    signBytes: (bytes) => sign('sha256', bytes, { key: privateKey, dsaEncoding: 'der' }),
  };
}

function pointOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const hex = (v: string | undefined) =>
    Buffer.from(v ?? '', 'base64url')
      .toString('hex')
      .padStart(64, '0');
  return `04${hex(jwk.x)}${hex(jwk.y)}`;
}

export function createOfflineIssuer(deps: { readonly now: () => number }) {
  const keys: SigningKey[] = [];
  const current = new Map<OfflineCodeAlgorithm, SigningKey>();
  const users = new Map<string, User>();
  const settled = new Map<string, SettledRecord>();
  /** accepted spend per user, and (user, counter) already accepted */
  const spent = new Map<string, number>();
  const counters = new Set<string>();
  let keySeq = 0;

  function rotate(algorithm: OfflineCodeAlgorithm): IssuerKeyDto {
    const old = current.get(algorithm);
    if (old) {
      const index = keys.indexOf(old);
      // retired: codes it signed before now stay good until they expire
      keys[index] = { ...old, dto: { ...old.dto, notAfter: new Date(deps.now()).toISOString() } };
    }
    keySeq += 1;
    const fresh = newKey(algorithm, `sbx-${algorithm === 'sm2-sm3' ? 'sm2' : 'p256'}-${keySeq}`);
    keys.push(fresh);
    current.set(algorithm, fresh);
    return fresh.dto;
  }
  rotate('sm2-sm3');
  rotate('ecdsa-p256-sha256');

  function enroll(input: { userId?: string; creditLimit?: number; currency?: string; rejectWith?: string }) {
    const userId = input.userId ?? `2088${String(users.size + 1).padStart(12, '0')}`;
    const user: User = {
      userId,
      creditLimit: input.creditLimit ?? 20_000,
      currency: input.currency ?? 'CNY',
      nextCounter: users.get(userId)?.nextCounter ?? 1,
      rejectWith: input.rejectWith ?? null,
    };
    users.set(userId, user);
    return { userId, creditLimit: user.creditLimit, currency: user.currency };
  }

  /** The next code of a user: a fresh counter, signed with the algorithm's current key. */
  function code(userId: string, algorithm: OfflineCodeAlgorithm = 'sm2-sm3', validForS = 600): string | null {
    const user = users.get(userId);
    const key = current.get(algorithm);
    if (!user || !key) return null;
    const signed = offlineCodeSignedBytes({
      algorithm,
      keyId: key.dto.keyId,
      userId,
      counter: user.nextCounter++,
      issuedAtS: Math.floor(deps.now() / 1000),
      validForS,
      creditLimit: user.creditLimit,
      currency: user.currency,
    });
    return encodeOfflineCode(signed, key.signBytes(signed));
  }

  function verifies(text: string): ReturnType<typeof decodeOfflineCode> | null {
    const decoded = decodeOfflineCode(text);
    if (!decoded.ok) return null;
    const key = keys.find((k) => k.dto.keyId === decoded.code.keyId);
    if (!key) return null;
    // ECDSA and SM2 signatures are randomized: the issuer checks its own public key, as a till does
    return verifyWith(key.dto, decoded.code.signed, decoded.code.signature) ? decoded : null;
  }

  function settleOne(raw: unknown): SettledRecord | null {
    const parsed = offlineCodeCapturedPayload.safeParse(raw);
    if (!parsed.success) return null;
    const r = parsed.data;
    const before = settled.get(r.recordId);
    if (before) {
      before.timesSeen += 1;
      return before;
    }
    const reject = (reason: string): SettledRecord => ({
      recordId: r.recordId,
      status: 'rejected',
      reason,
      timesSeen: 1,
    });
    const decoded = verifies(r.code);
    const user = users.get(r.userId);
    const counterKey = `${r.userId}#${r.counter}`;
    let result: SettledRecord;
    if (!decoded || !decoded.ok || decoded.code.userId !== r.userId || decoded.code.counter !== r.counter) {
      result = reject('bad_signature');
    } else if (!user) {
      result = reject('unknown_user');
    } else if (user.rejectWith !== null) {
      result = reject(user.rejectWith);
    } else if (counters.has(counterKey)) {
      result = reject('double_spend');
    } else if (
      (spent.get(r.userId) ?? 0) + r.amount.amount > user.creditLimit ||
      r.amount.currency !== user.currency
    ) {
      result = reject('user_over_limit');
    } else {
      counters.add(counterKey);
      spent.set(r.userId, (spent.get(r.userId) ?? 0) + r.amount.amount);
      result = { recordId: r.recordId, status: 'accepted', reason: null, timesSeen: 1 };
    }
    settled.set(r.recordId, result);
    return result;
  }

  return {
    keys: (): IssuerKeyDto[] => keys.map((k) => k.dto),
    rotate,
    enroll,
    code,
    /** one result per record, in order; null for a record that is not one */
    settle: (records: readonly unknown[]) => records.map(settleOne),
    settlements: (): SettledRecord[] => [...settled.values()],
  };
}

export type OfflineIssuer = ReturnType<typeof createOfflineIssuer>;

function verifyWith(key: IssuerKeyDto, signed: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (key.algorithm === 'sm2-sm3') {
      return sm2.doVerifySignature(signed, Buffer.from(signature).toString('hex'), key.publicKeyHex, {
        der: true,
        hash: true,
      });
    }
    return verifyP256(key.publicKeyHex, signed, signature);
  } catch {
    return false;
  }
}

function verifyP256(point: string, signed: Uint8Array, signature: Uint8Array): boolean {
  const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64(point.slice(2, 66)), y: b64(point.slice(66)) },
    format: 'jwk',
  });
  return verify('sha256', signed, { key, dsaEncoding: 'der' }, signature);
}
