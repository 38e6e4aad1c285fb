import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { canonicalJson } from './hub-crypto.js';
import type { IngestOutcome } from './hub-store.js';

/**
 * What the hub stores and hashes of an accepted entry's payload, and how a key seen again is judged.
 *
 * The hash is always sha256(kind + "\n" + the stored payload text), in both versions:
 * - version 2 (the fast path): the stored text is the payload's bytes exactly as the till sent them. A till
 *   sends the text it stored when the sale was written, unchanged on every retry (sync-client.ts wireEntry),
 *   so a replay hashes the same.
 * - version 1 (rows stored before, and the fallback when payload-spans.ts cannot vouch for the bytes): the
 *   stored text is the canonical JSON of the parsed payload (keys sorted at every depth).
 * So no column says which version a row has: on SQLite every row's hash can be recomputed from its payload.
 *
 * Equal hashes mean the same entry. Different hashes under one key are not yet a conflict: the same value
 * may have reached the hub as other bytes (a version 1 row, a till that re-serialised its outbox row), so
 * the stored payload and the new one are compared as values (canonical JSON), the version 1 test. Only a
 * different value is a conflict. That slower comparison runs only for a key seen before with other bytes.
 *
 * Measured on the bench's sales (3.3 kB each, batches of 500, µs of hub CPU per sale, one process, same
 * load; README "Sync throughput"): canonical JSON and its SHA-256 60 to 85; the scan that finds the bytes,
 * their UTF-8 check and their SHA-256 27, of which the scan replaces the 5 to 9 of the depth check.
 */
export interface EntryDigest {
  /** the payload text to store: canonical JSON, or the sent bytes (UTF-8) */
  readonly payload: string | Buffer;
  readonly payloadSha256: string;
  readonly hashVersion: 1 | 2;
}

/** Version 2 from the sent bytes `body[span]`, or version 1 from the parsed value (no span, not UTF-8). */
export function digestEntry(
  kind: string,
  parsed: unknown,
  body: Buffer,
  span: readonly [number, number] | null,
): EntryDigest {
  const bytes = span === null ? null : body.subarray(span[0], span[1]);
  // bytes that are not UTF-8 would be stored as other text than was hashed: canonical instead
  if (bytes !== null && isUtf8(bytes)) {
    return {
      payload: bytes,
      payloadSha256: createHash('sha256').update(kind).update('\n').update(bytes).digest('hex'),
      hashVersion: 2,
    };
  }
  const payload = canonicalJson(parsed);
  return {
    payload,
    payloadSha256: createHash('sha256').update(`${kind}\n${payload}`).digest('hex'),
    hashVersion: 1,
  };
}

/** A stored payload (text as stored, or the value PostgreSQL's jsonb gives back) against a parsed one. */
export function samePayloadValue(stored: unknown, parsed: unknown): boolean {
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return false;
    }
  }
  return canonicalJson(value) === canonicalJson(parsed);
}

/** A store's 'conflict' whose stored payload is the same value is the same entry again: a duplicate. */
export function sameValueAsStored(
  outcome: IngestOutcome | undefined,
  parsed: unknown,
): IngestOutcome | undefined {
  if (outcome?.status !== 'conflict' || !samePayloadValue(outcome.storedPayload, parsed)) return outcome;
  return { status: 'duplicate', hubSeq: outcome.hubSeq, receivedAt: outcome.receivedAt };
}
