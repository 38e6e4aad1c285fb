import { cpmEntries, encodeCpm, type CpmTags } from '../core/emv-cpm.js';
import { encodeMpm, mpmEntries, mpmTemplate, type MpmTemplate, type MpmValue } from '../core/emv-mpm.js';
import { isTillpointError } from '../core/errors.js';
import { qrError, type QrError } from '../core/qr-error.js';
import { classifyScan } from '../core/scan-classifier.js';
import { exitCodes, usageError } from './cli-failure.js';

/**
 * `tillpoint qr decode <text>` and `tillpoint qr encode`: one JSON object or one payload on stdout.
 * decode prints what classifyScan makes of the text (the same code path as a scan at the till, so card
 * numbers are already masked and wallet codes are never echoed); encode reads `{"tags": {...}}` or a whole
 * decode answer on stdin. Failures print `{"error": {"code", "message"}}` and exit 1; usage mistakes exit 64.
 * Tags are written and read in payload order (JSON.parse would sort "26" before "00", see ordered-json below).
 */
export interface QrIo {
  stdout: (s: string) => void;
  stdin: () => Promise<string>;
}

type Json = string | number | boolean | null | Json[] | JsonObject;
/** An object as its entries in source order. */
interface JsonObject {
  readonly entries: [string, Json][];
}
const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON.parse with object key order kept: every key gets a "#" prefix first (a scan that knows where strings
 * are), so no key is integer-like and the engine keeps insertion order; the prefix is removed after.
 */
function parseOrderedJson(text: string): Json {
  JSON.parse(text); // the syntax error, if any, with the engine's message
  let out = '';
  for (let i = 0; i < text.length;) {
    if (text[i] !== '"') {
      out += text[i++];
      continue;
    }
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    const token = text.slice(i, j + 1);
    let k = j + 1;
    while (k < text.length && /\s/.test(text[k] as string)) k++;
    out += text[k] === ':' ? `"#${token.slice(1)}` : token;
    i = j + 1;
  }
  const convert = (v: unknown): Json => {
    if (Array.isArray(v)) return v.map(convert);
    if (typeof v === 'object' && v !== null) {
      return { entries: Object.entries(v).map(([key, value]) => [key.slice(1), convert(value)]) };
    }
    return v as Json;
  };
  return convert(JSON.parse(out));
}

const tagsError = (message: string) => ({ code: 'qr.invalid_tags' as const, message });

function toMpm(value: JsonObject): MpmTemplate {
  return mpmTemplate(
    value.entries.map(([id, v]): [string, MpmValue] => {
      if (typeof v === 'string') return [id, v];
      if (isObject(v)) return [id, toMpm(v)];
      throw tagsError(`Tag ${id} must be text or an object of sub-tags, not ${JSON.stringify(v)}.`);
    }),
  );
}

function toCpm(value: JsonObject): CpmTags {
  const out: Record<string, string | CpmTags> = {};
  for (const [tag, v] of value.entries) {
    if (typeof v === 'string') out[tag] = v;
    else if (isObject(v)) out[tag] = toCpm(v);
    else throw tagsError(`Tag ${tag} must be hex text or an object of sub-tags.`);
  }
  return out;
}

const mpmJson = (v: MpmValue): string =>
  typeof v === 'string'
    ? JSON.stringify(v)
    : `{${mpmEntries(v)
        .map(([id, x]) => `${JSON.stringify(id)}:${mpmJson(x)}`)
        .join(',')}}`;
const cpmJson = (v: string | CpmTags): string =>
  typeof v === 'string'
    ? JSON.stringify(v)
    : `{${cpmEntries(v)
        .map(([tag, x]) => `${JSON.stringify(tag)}:${cpmJson(x)}`)
        .join(',')}}`;

/** The decode answer for a text, or the error to print. */
export function decodeToJson(text: string): { ok: true; json: string } | { ok: false; error: QrError } {
  const scan = classifyScan(text);
  switch (scan.kind) {
    case 'emv-mpm':
      return { ok: true, json: `{"format":"emv-mpm","crcValid":true,"tags":${mpmJson(scan.tags)}}` };
    case 'emv-cpm':
      return { ok: true, json: `{"format":"emv-cpm","tags":${cpmJson(scan.tags)}}` };
    case 'wallet-code':
      // Never the code itself: it is a bearer credential until it expires.
      return { ok: true, json: JSON.stringify({ format: 'wallet-code', wallet: scan.wallet }) };
    case 'url':
      return { ok: true, json: JSON.stringify({ format: 'url', url: scan.url }) };
    case 'offline-code':
      // like a wallet code, a bearer credential until it is settled: only its format is printed
      return { ok: true, json: JSON.stringify({ format: 'offline-code' }) };
    case 'product-barcode':
      return { ok: true, json: JSON.stringify({ format: 'product-barcode', code: scan.code }) };
    case 'receipt':
    case 'refund-receipt':
      return { ok: true, json: JSON.stringify({ format: scan.kind, code: scan.code }) };
    case 'unknown':
      return { ok: false, error: scan.error ?? qrError('qr.unknown_format') };
  }
}

/** The payload for a JSON text `{"tags": {...}}` or a decode answer (format "emv-cpm" encodes a CPM). */
export function encodeFromJson(text: string): { ok: true; payload: string } | { ok: false; error: QrError } {
  let input: Json;
  try {
    input = parseOrderedJson(text);
  } catch (error) {
    return { ok: false, error: tagsError(`The input is not JSON: ${(error as Error).message}`) };
  }
  const field = (name: string) =>
    isObject(input) ? input.entries.find(([k]) => k === name)?.[1] : undefined;
  const tags = field('tags');
  if (!isObject(tags)) {
    return { ok: false, error: tagsError('The input needs a "tags" object, like {"tags":{"00":"01",...}}.') };
  }
  try {
    const payload = field('format') === 'emv-cpm' ? encodeCpm(toCpm(tags)) : encodeMpm(toMpm(tags));
    return { ok: true, payload };
  } catch (error) {
    if (isTillpointError(error) && error.code.startsWith('qr.')) {
      return { ok: false, error: { code: error.code as QrError['code'], message: error.message } };
    }
    if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
      return { ok: false, error: error as QrError };
    }
    throw error;
  }
}

const errorLine = (error: QrError) =>
  `${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`;

export async function runQrCommand(args: string[], io: QrIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'decode') {
    if (rest.length === 0) throw usageError('usage.qrDecodeNeedsText');
    // Unquoted text with single spaces (a PIX merchant name) arrives as several arguments.
    const text =
      rest.length === 1 && rest[0] === '-' ? (await io.stdin()).replace(/\r?\n$/, '') : rest.join(' ');
    const result = decodeToJson(text);
    io.stdout(result.ok ? `${result.json}\n` : errorLine(result.error));
    return result.ok ? exitCodes.ok : exitCodes.failure;
  }
  if (sub === 'encode') {
    if (rest.length > 0) throw usageError('usage.qrEncodeNoArgs');
    const result = encodeFromJson(await io.stdin());
    io.stdout(result.ok ? `${result.payload}\n` : errorLine(result.error));
    return result.ok ? exitCodes.ok : exitCodes.failure;
  }
  throw usageError('usage.unknownQrCommand', { command: sub ?? '' });
}

/** The real process's stdout and stdin, for main.ts. */
export const processQrIo: QrIo = {
  stdout: (s) => process.stdout.write(s),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};
