/**
 * The WeChat Pay wire format both sides build from here (the till's adapter and the gateway's wechatpay
 * dialect), so the strings they sign cannot drift apart; each side computes its own MD5 / HMAC / RSA
 * (src/shared may not import node:crypto). Facts are from WeChat Pay's published rules, checked against
 * the official example (see wechatpay-wire.test.ts):
 * - API v2: the body is a flat `<xml>` of text fields; the signature covers the fields sorted by name
 *   (ASCII), empty values and `sign` left out, joined `k=v&...`, then `&key=<API v2 key>`.
 * - API v3: a request signs `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` (an empty body still ends with
 *   `\n`); an answer is verified over `TIMESTAMP\nNONCE\nBODY\n` from its Wechatpay-* headers.
 */

export type XmlResult = { ok: true; value: Record<string, string> } | { ok: false; message: string };

/** `<xml><k><![CDATA[v]]></k>...</xml>`; a `]]>` inside a value is split over two CDATA sections. */
export function encodeXml(fields: Readonly<Record<string, string | number>>): string {
  let out = '<xml>';
  for (const [name, value] of Object.entries(fields)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an XML element name: ${name}`);
    const text = String(value).replaceAll(']]>', ']]]]><![CDATA[>');
    out += `<${name}><![CDATA[${text}]]></${name}>`;
  }
  return `${out}</xml>`;
}

const entities: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(raw: string): string | null {
  let bad = false;
  if (raw.includes('<')) return null;
  const text = raw.replace(
    /&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});|&/g,
    (_m, ref: string | undefined) => {
      if (ref === undefined) {
        bad = true;
        return '';
      }
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          bad = true;
          return '';
        }
        return String.fromCodePoint(code);
      }
      const named = entities[ref];
      if (named === undefined) bad = true;
      return named ?? '';
    },
  );
  return bad ? null : text;
}

/**
 * The flat `<xml>` of WeChat Pay API v2, read strictly: an optional `<?xml?>` declaration, one `<xml>` root,
 * children that hold only text or CDATA. A DOCTYPE, an entity declaration, an attribute, a nested element
 * or a repeated field is refused (WeChat's own XXE advisory: never expand entities from a payment answer).
 * Never throws.
 */
export function decodeXml(input: string): XmlResult {
  const fail = (message: string): XmlResult => ({ ok: false, message });
  let rest = input.replace(/^\uFEFF/, '').trim();
  const declaration = /^<\?xml[^?]*\?>\s*/.exec(rest);
  if (declaration) rest = rest.slice(declaration[0].length);
  if (!rest.startsWith('<xml>')) return fail('the answer is not a WeChat Pay <xml> document');
  if (!rest.endsWith('</xml>')) return fail('the <xml> document is not closed');
  let body = rest.slice('<xml>'.length, -'</xml>'.length);
  const value: Record<string, string> = {};
  for (;;) {
    body = body.replace(/^\s+/, '');
    if (body === '') return { ok: true, value };
    const open = /^<([A-Za-z_][A-Za-z0-9_]{0,63})>/.exec(body);
    if (!open) return fail('an element of the <xml> document is not a plain field');
    const name = open[1] as string;
    const close = `</${name}>`;
    const end = body.indexOf(close, open[0].length);
    if (end < 0) return fail(`the field ${name} is not closed`);
    let inner = body.slice(open[0].length, end);
    body = body.slice(end + close.length);
    let text = '';
    while (inner !== '') {
      if (inner.startsWith('<![CDATA[')) {
        const stop = inner.indexOf(']]>');
        if (stop < 0) return fail(`the field ${name} has an unclosed CDATA section`);
        text += inner.slice('<![CDATA['.length, stop);
        inner = inner.slice(stop + 3);
        continue;
      }
      const next = inner.indexOf('<![CDATA[');
      const chunk = next < 0 ? inner : inner.slice(0, next);
      const decoded = decodeText(chunk);
      if (decoded === null) return fail(`the field ${name} holds markup, not text`);
      text += decoded;
      inner = next < 0 ? '' : inner.slice(next);
    }
    if (Object.hasOwn(value, name)) return fail(`the field ${name} appears twice`);
    value[name] = text;
  }
}

/** API v2: the string the signature covers (MD5 or HMAC-SHA256 over it, upper-case hex). */
export function v2StringToSign(fields: Readonly<Record<string, string>>, apiKey: string): string {
  const parts = Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== undefined && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`);
  return `${parts.join('&')}&key=${apiKey}`;
}

/** API v3: what a request's SHA256-RSA2048 signature covers. `target` is the path with its query. */
export const v3RequestMessage = (
  method: string,
  target: string,
  timestamp: string,
  nonce: string,
  body: string,
): string => `${method.toUpperCase()}\n${target}\n${timestamp}\n${nonce}\n${body}\n`;

/** API v3: what an answer's signature covers (Wechatpay-Timestamp, Wechatpay-Nonce, the raw body). */
export const v3AnswerMessage = (timestamp: string, nonce: string, body: string): string =>
  `${timestamp}\n${nonce}\n${body}\n`;

export const v3Scheme = 'WECHATPAY2-SHA256-RSA2048';

export interface V3Authorization {
  readonly mchid: string;
  readonly nonce_str: string;
  readonly signature: string;
  readonly timestamp: string;
  readonly serial_no: string;
}

/** The Authorization header of an API v3 request, in the order of WeChat Pay's documentation. */
export const v3AuthorizationHeader = (a: V3Authorization): string =>
  `${v3Scheme} mchid="${a.mchid}",nonce_str="${a.nonce_str}",signature="${a.signature}",timestamp="${a.timestamp}",serial_no="${a.serial_no}"`;

/** Reads an Authorization header back (the gateway's check); null when it is not one of ours. */
export function parseV3Authorization(header: string): V3Authorization | null {
  if (!header.startsWith(`${v3Scheme} `)) return null;
  const fields: Record<string, string> = {};
  for (const part of header.slice(v3Scheme.length + 1).split(',')) {
    const m = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(part);
    if (!m) return null;
    fields[m[1] as string] = m[2] as string;
  }
  const { mchid, nonce_str, signature, timestamp, serial_no } = fields;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return null;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

/** The answer headers of API v3 (lower case, as Node hands them over). */
export const v3AnswerHeaders = {
  timestamp: 'wechatpay-timestamp',
  nonce: 'wechatpay-nonce',
  signature: 'wechatpay-signature',
  serial: 'wechatpay-serial',
} as const;

/** ±300 s: WeChat Pay refuses a request (and the till an answer) whose timestamp is further off. */
export const v3TimestampWindowS = 300;

/**
 * WeChat Pay's out_trade_no / out_refund_no allow 6-32 (out_refund_no 64) of [A-Za-z0-9_-|*@]; the till's
 * ids are UUIDs (36 characters), so they travel without their dashes, and come back with them.
 */
export const toWechatNo = (uuid: string): string => uuid.replaceAll('-', '');
export function fromWechatNo(no: string): string {
  if (!/^[0-9a-f]{32}$/.test(no)) return no;
  return `${no.slice(0, 8)}-${no.slice(8, 12)}-${no.slice(12, 16)}-${no.slice(16, 20)}-${no.slice(20)}`;
}

/** Minor units (fen) as the yuan text of settlement files: 1234 -> "12.34". */
export function fenText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
