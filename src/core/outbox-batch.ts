/**
 * Cuts the queue into batches the hub takes: at most `maxItems` entries and `maxBytes` of request body
 * each, in queue order (the hub applies a terminal's entries in the order it receives them). An entry too
 * big for any batch on its own is answered separately, so the client can park it with a reason instead of
 * letting it block the queue forever.
 */
export interface SizedEntry {
  /** its JSON as sent, in UTF-8 bytes */
  readonly bytes: number;
}

export interface BatchLimits {
  readonly maxItems: number;
  /** the whole request body: `{"entries":[...]}` with commas */
  readonly maxBytes: number;
}

/** `{"entries":[` + `]}` */
const envelopeBytes = 14;

export function packBatch<T extends SizedEntry>(
  queue: readonly T[],
  limits: BatchLimits,
): { batch: T[]; tooBig: T[] } {
  const batch: T[] = [];
  const tooBig: T[] = [];
  let bytes = envelopeBytes;
  for (const entry of queue) {
    if (envelopeBytes + entry.bytes > limits.maxBytes) {
      // only the leading entries may be skipped as too big; later ones wait for the next batch
      if (batch.length === 0) tooBig.push(entry);
      else break;
      continue;
    }
    const added = entry.bytes + (batch.length > 0 ? 1 : 0);
    if (batch.length >= limits.maxItems || bytes + added > limits.maxBytes) break;
    batch.push(entry);
    bytes += added;
  }
  return { batch, tooBig };
}
