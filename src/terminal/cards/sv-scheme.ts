import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TillpointError } from '../../core/errors.js';
import { isCurrencyCode } from '../../core/money.js';
import type { SvScheme } from '../../core/stored-value.js';

/**
 * The closed-loop stored-value scheme this till writes: `<dataDir>/stored-value.json`, or, in demo
 * mode only, the demo scheme. The key never leaves the terminal; a card only carries records MAC'd with it.
 * Without either, stored-value cards are off: the demo key is public, so a till using it silently would let
 * anyone write a card worth up to its limit.
 */
export const SV_SCHEME_FILE_NAME = 'stored-value.json';

const schemeFile = z
  .object({
    /** 4 printable ASCII characters, written on every record */
    schemeId: z.string().regex(/^[\x20-\x7e]{4}$/, '4 printable ASCII characters'),
    /** the HMAC-SHA256 key, 32 bytes as 64 hex digits */
    key: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits (32 bytes)'),
    currency: z.string().refine((c): boolean => isCurrencyCode(c), 'an ISO 4217 code'),
    /** minor units: a top-up past this is refused; at most 4294967295 (the card's uint32) */
    maxBalance: z.number().int().min(1).max(0xffffffff),
  })
  .strict();
export type SvSchemeFile = z.infer<typeof schemeFile>;

const hmacSha256 = (key: Uint8Array, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHmac('sha256', key).update(data).digest());

export function toSvScheme(file: SvSchemeFile): SvScheme {
  return {
    id: file.schemeId,
    key: Uint8Array.from(Buffer.from(file.key, 'hex')),
    currency: file.currency,
    maxBalance: file.maxBalance,
    mac: hmacSha256,
  };
}

/** The demo scheme of a fresh till: a published key, so for demos and tests only (the README says so). */
export const demoSvScheme = (currency: string): SvSchemeFile => ({
  schemeId: 'TPDM',
  key: createHmac('sha256', 'tillpoint').update('demo stored-value scheme').digest('hex'),
  currency,
  maxBalance: 200_000,
});

/** The demo scheme's key (or one copied from it into stored-value.json): anyone can write such cards. */
export const isDemoSvScheme = (scheme: SvSchemeFile): boolean =>
  scheme.key.toLowerCase() === demoSvScheme(scheme.currency).key;

/** What svcard.payBegin / topUpBegin answer when the till has no scheme (`file`: where the key belongs). */
export const noSvSchemeError = (file: string): TillpointError & { details: { file: string } } =>
  new TillpointError(
    'card.no_scheme',
    `Stored-value cards are not set up on this till: put the shop's card key in ${file}.`,
    { file },
  ) as TillpointError & { details: { file: string } };

/** `<dataDir>/stored-value.json`, or null when there is none (then cards are off, or the demo scheme in demo mode). */
export function loadSvScheme(dataDir: string): SvSchemeFile | null {
  const file = join(dataDir, SV_SCHEME_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TillpointError('card.wrong_scheme', `Tillpoint cannot read ${file}.`, { cause: String(error) });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TillpointError(
      'invalid_params',
      `The stored-value settings in ${file} are not valid JSON. Fix the file and restart the till.`,
      { cause: String(error) },
    );
  }
  const parsed = schemeFile.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new TillpointError(
      'invalid_params',
      `The stored-value settings in ${file} are not valid at ${first?.path.join('.') || '(top level)'}: ${first?.message ?? 'unknown problem'}. Fix the file and restart the till.`,
      { issues: parsed.error.issues },
    );
  }
  return parsed.data;
}
