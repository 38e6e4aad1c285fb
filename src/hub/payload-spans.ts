/**
 * Where each entry's payload sits in the bytes of an outbox batch (`{"entries":[{…,"payload":<value>,…},…]}`),
 * found in the same single pass that bounds the nesting depth (before JSON.parse, see jsonDepthExceeds).
 *
 * Why: the hub's duplicate check hashes each payload. Hashing the bytes the till sent (they are the text the
 * till stored when the sale was written, sent unchanged on every retry: sync-client.ts wireEntry) costs a
 * tenth of canonicalising the parsed value first (entry-digest.ts has the measured numbers).
 *
 * The span is trusted only where this scanner and JSON.parse cannot disagree about which bytes are the
 * payload: a key spelled with an escape (`"pay\u006coad"`), a key twice in one entry, or "entries" twice at
 * the top make that entry's span (or every span) null, and the caller falls back to the canonical hash. The
 * caller also checks that the number of spans equals the number of parsed entries.
 */
export interface ScannedBatch {
  /** nesting passed the limit: nothing else was read */
  readonly tooDeep: boolean;
  /**
   * one per object or array in the top-level "entries" array, in order: [start, end) of its payload, or
   * null; a scalar element is not counted, so the count check of the caller refuses every span then
   */
  readonly spans: readonly (readonly [number, number] | null)[] | null;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const PAYLOAD = Buffer.from('payload');
const ENTRIES = Buffer.from('entries');

function keyIs(text: Buffer, start: number, end: number, key: Buffer): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (text[start + i] !== key[i]) return false;
  return true;
}

/**
 * The quote that ends a string starting at `start` (text.length if none). Native indexOf jumps over the
 * string's bytes: most of a batch is strings, and a byte-at-a-time loop over them was the scan's cost. A
 * quote preceded by an odd run of backslashes is escaped.
 */
function closingQuote(text: Buffer, start: number): number {
  let at = text.indexOf(QUOTE, start);
  while (at !== -1) {
    let backslashes = 0;
    while (at - 1 - backslashes >= start && text[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf(QUOTE, at + 1);
  }
  return text.length;
}

/** The payload value ends before the `,` or `}` at `at`, less the spaces before it. */
function closeSpan(spans: ([number, number] | null)[], text: Buffer, start: number, at: number): void {
  let end = at;
  while (end > start && isSpace(text[end - 1]!)) end--;
  // an entry already refused (an escaped or repeated key) stays null
  if (spans[spans.length - 1] !== null) spans[spans.length - 1] = [start, end];
}

function hasBackslash(text: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text[i] === BACKSLASH) return true;
  return false;
}

/**
 * One pass over `text`: depth (objects and arrays) at most `limit`, and the payload spans. Never throws; on
 * text that is not JSON the spans are whatever was found, and JSON.parse afterwards refuses the body.
 */
export function scanOutboxBatch(text: Buffer, limit: number): ScannedBatch {
  const spans: ([number, number] | null)[] = [];
  let valid = true;
  let depth = 0;
  /** a string at this position is a key (just after `{` or `,` inside an object) */
  let expectKey = false;
  /** the open containers: true for an object */
  const isObject: boolean[] = [];
  /** the key just read at depth 1 (the batch object) / depth 3 (an entry object) */
  let topKey: 'entries' | 'other' | null = null;
  let entriesSeen = false;
  let inEntries = false;
  let entryKey: 'payload' | 'other' | null = null;
  let payloadSeen = false;
  let payloadStart = -1;

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === QUOTE) {
      const start = i + 1;
      i = closingQuote(text, start);
      if (expectKey) {
        expectKey = false;
        if (depth === 1) {
          if (hasBackslash(text, start, i)) valid = false;
          topKey = keyIs(text, start, i, ENTRIES) ? 'entries' : 'other';
          if (topKey === 'entries') {
            if (entriesSeen) valid = false;
            entriesSeen = true;
          }
        } else if (depth === 3 && inEntries) {
          const entry = spans.length - 1;
          if (hasBackslash(text, start, i)) spans[entry] = null;
          entryKey = keyIs(text, start, i, PAYLOAD) ? 'payload' : 'other';
          if (entryKey === 'payload') {
            if (payloadSeen) spans[entry] = null;
            payloadSeen = true;
          }
        }
        continue;
      }
      continue;
    }
    if (isSpace(c)) continue;
    if (c === COLON) {
      if (depth === 3 && inEntries && entryKey === 'payload') {
        let j = i + 1;
        while (j < text.length && isSpace(text[j]!)) j++;
        payloadStart = j;
      }
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return { tooDeep: true, spans: null };
      isObject.push(c === OPEN_OBJECT);
      expectKey = c === OPEN_OBJECT;
      if (depth === 2 && c === OPEN_ARRAY && topKey === 'entries') inEntries = true;
      else if (depth === 3 && inEntries) {
        // an element of "entries": a span if it is an object holding a literal "payload" key
        spans.push(null);
        if (c === OPEN_OBJECT) spans[spans.length - 1] = [-1, -1];
        payloadSeen = false;
        entryKey = null;
      }
      continue;
    }
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 3 && inEntries && payloadStart >= 0) {
        closeSpan(spans, text, payloadStart, i);
        payloadStart = -1;
      }
      isObject.pop();
      depth--;
      if (depth === 1) inEntries = false;
      if (depth === 2 && inEntries) {
        // an entry object closed: without a payload key it has no span
        const last = spans[spans.length - 1];
        if (last !== undefined && last !== null && last[0] < 0) spans[spans.length - 1] = null;
      }
      continue;
    }
    if (c === COMMA) {
      if (depth === 3 && inEntries && payloadStart >= 0) {
        closeSpan(spans, text, payloadStart, i);
        payloadStart = -1;
      }
      expectKey = isObject[isObject.length - 1] === true;
      continue;
    }
    // a number, true, false or null: nothing to track
  }
  return { tooDeep: false, spans: valid && entriesSeen ? spans : null };
}
