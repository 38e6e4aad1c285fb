/**
 * The till's offline check of a scanned offline code (src/core/offline-code.ts): pure, with the signature
 * check passed in (SM2 and P-256 live in src/terminal, which may use crypto), the clock passed in and what the
 * till already holds (counters seen, unsettled spend) read by the caller inside its write transaction.
 *
 * Order of checks, so the same code always gets the same reason and nothing in a code is trusted before its
 * signature is: format, key, signature, clock, replay, caps. A field of a code with a bad signature may be
 * anything an attacker chose, so clock and caps are only looked at after the signature holds.
 */
import { decodeOfflineCode, type OfflineCode, type OfflineCodeAlgorithm } from './offline-code.js';

export const offlineCodeRefusalCodes = [
  'offline_code.malformed',
  'offline_code.unknown_key',
  'offline_code.bad_signature',
  'offline_code.clock_skew',
  'offline_code.expired',
  'offline_code.replayed',
  'offline_code.over_user_cap',
  'offline_code.over_till_cap',
] as const;
export type OfflineCodeRefusalCode = (typeof offlineCodeRefusalCodes)[number];

/** An issuer's public key as the hub publishes it. */
export interface IssuerKey {
  readonly keyId: string;
  /** who settles codes signed with this key (the sandbox: "sandbox") */
  readonly issuerId: string;
  readonly algorithm: OfflineCodeAlgorithm;
  /** the uncompressed curve point 04 || X || Y, 130 lower-case hex digits */
  readonly publicKeyHex: string;
  /** a retired key: codes issued after this (epoch seconds) are refused; null while the key is current */
  readonly notAfterS: number | null;
}

/** Verifies a DER signature over `signed` with the key; false for any failure, never throws. */
export type SignatureCheck = (key: IssuerKey, signed: Uint8Array, signatureDer: Uint8Array) => boolean;

export interface OfflineCodeLimits {
  /** how far the code's time may be ahead of the till's clock, and past its validity (seconds) */
  readonly skewS: number;
  /** the most one user's unsettled offline codes may take on this till; null: the code's own credit limit */
  readonly perUserUnsettled: number | null;
  /** the most all unsettled offline codes may take on this till */
  readonly tillUnsettled: number;
}

/** Five minutes: a phone's clock set by the network is within seconds; a till's may drift while offline. */
export const DEFAULT_OFFLINE_CODE_SKEW_S = 300;
/** 500.00 of the till's currency waiting for the issuer, all users together. */
export const DEFAULT_OFFLINE_CODE_TILL_CAP = 50_000;

export interface OfflineCodeCheckInput {
  readonly text: string;
  /** what the sale takes with this code, minor units of `currency` */
  readonly amount: number;
  readonly currency: string;
  readonly nowS: number;
  readonly findKey: (keyId: string) => IssuerKey | undefined;
  readonly checkSignature: SignatureCheck;
  /** has this till taken (issuer, user, counter) before? */
  readonly seen: (issuerId: string, userId: string, counter: number) => boolean;
  /** the user's captured codes the issuer has not accepted yet (minor units) */
  readonly userUnsettled: (issuerId: string, userId: string) => number;
  /** all captured codes the issuer has not accepted yet (minor units) */
  readonly tillUnsettled: number;
  readonly limits: OfflineCodeLimits;
}

export type OfflineCodeCheck =
  | { readonly ok: true; readonly code: OfflineCode; readonly key: IssuerKey }
  | {
      readonly ok: false;
      readonly code: OfflineCodeRefusalCode;
      readonly message: string;
      /** scalars only: the renderer fills its translated message with them */
      readonly details: Readonly<Record<string, string | number>>;
    };

const refuse = (
  code: OfflineCodeRefusalCode,
  message: string,
  details: Record<string, string | number> = {},
): OfflineCodeCheck => ({ ok: false, code, message, details });

export function checkOfflineCode(input: OfflineCodeCheckInput): OfflineCodeCheck {
  const decoded = decodeOfflineCode(input.text);
  if (!decoded.ok) {
    return refuse(
      'offline_code.malformed',
      'This payment code is damaged. Ask the customer to show it again.',
      {
        reason: decoded.error.message,
      },
    );
  }
  const code = decoded.code;
  const key = input.findKey(code.keyId);
  if (key === undefined || key.algorithm !== code.algorithm) {
    return refuse(
      'offline_code.unknown_key',
      'This till does not know the key of this payment code. Sync the till with the hub, or take another tender.',
      { keyId: code.keyId },
    );
  }
  if (!input.checkSignature(key, code.signed, code.signature)) {
    return refuse(
      'offline_code.bad_signature',
      'This payment code is not genuine (its signature does not match). Take another tender.',
      { keyId: code.keyId },
    );
  }
  // A retired key signs nothing after its not-after; a code it signed before stays good until it expires.
  if (key.notAfterS !== null && code.issuedAtS > key.notAfterS) {
    return refuse(
      'offline_code.unknown_key',
      'The key of this payment code was retired. Ask the customer to refresh the wallet, or take another tender.',
      { keyId: code.keyId, notAfterS: key.notAfterS },
    );
  }
  const { skewS } = input.limits;
  if (code.issuedAtS > input.nowS + skewS) {
    return refuse(
      'offline_code.clock_skew',
      "This payment code's time is ahead of the till's clock. Check the till's date and time, or ask the customer to check the phone's.",
      { aheadS: code.issuedAtS - input.nowS, skewS },
    );
  }
  if (input.nowS > code.issuedAtS + code.validForS + skewS) {
    return refuse('offline_code.expired', 'This payment code has expired. Ask the customer for a new one.', {
      expiredS: input.nowS - (code.issuedAtS + code.validForS),
    });
  }
  if (code.currency !== input.currency) {
    return refuse(
      'offline_code.malformed',
      'This payment code is for another currency. Take another tender.',
      {
        reason: `currency ${code.currency}`,
      },
    );
  }
  if (input.seen(key.issuerId, code.userId, code.counter)) {
    return refuse(
      'offline_code.replayed',
      'This payment code was used already. Ask the customer for a new one.',
      { counter: code.counter },
    );
  }
  const userCap =
    input.limits.perUserUnsettled === null
      ? code.creditLimit
      : Math.min(code.creditLimit, input.limits.perUserUnsettled);
  const userTotal = input.userUnsettled(key.issuerId, code.userId);
  if (userTotal + input.amount > userCap) {
    return refuse(
      'offline_code.over_user_cap',
      "This customer's offline spending limit is reached. Ask them to pay when their phone is online, or take another tender.",
      { cap: userCap, unsettled: userTotal, amount: input.amount },
    );
  }
  if (input.tillUnsettled + input.amount > input.limits.tillUnsettled) {
    return refuse(
      'offline_code.over_till_cap',
      'This till has taken as much in offline codes as it may before they are settled. Take another tender.',
      { cap: input.limits.tillUnsettled, unsettled: input.tillUnsettled, amount: input.amount },
    );
  }
  return { ok: true, code, key };
}
