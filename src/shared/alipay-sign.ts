/**
 * What an Alipay OpenAPI (v2 gateway, RSA2) signature covers, built here so the till's adapter and the
 * simulator cannot drift apart; each side signs and verifies with node:crypto itself (src/shared may not
 * import it). Facts checked against Alipay's SDK and its Java AlipaySignature (research notes, 2026-12-07):
 * - a request signs every parameter but `sign`, sorted by key (code point order), as `k=v` joined by `&`,
 *   with empty values dropped; `sign_type` IS signed (dropping it belongs to the old mapi gateway and to
 *   async notifications, not to gateway.do requests);
 * - an answer signs the raw JSON text of its `<method>_response` member exactly as it arrived (escapes such
 *   as `\/` included): never a re-serialised object.
 */

export type AlipayParams = Readonly<Record<string, string | undefined>>;

/** The string an Alipay gateway request signature covers. */
export function alipaySignContent(params: AlipayParams): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k] ?? ''}`)
    .join('&');
}

/** `alipay.trade.pay` -> `alipay_trade_pay_response`: the member of the answer that holds it. */
export const alipayResponseMember = (method: string): string => `${method.replaceAll('.', '_')}_response`;

/** The error member Alipay answers with when it could not tell which method was called. */
export const alipayErrorMember = 'error_response';

/** Past the value that starts at `i` (an object, array, string or literal); -1 if the text ends first. */
function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') {
    for (let j = i + 1; j < text.length; j += 1) {
      if (text[j] === '\\') j += 1;
      else if (text[j] === '"') return j + 1;
    }
    return -1;
  }
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j += 1) {
      const c = text[j];
      if (c === '"') {
        const end = skipValue(text, j);
        if (end < 0) return -1;
        j = end - 1;
      } else if (c === '{' || c === '[') depth += 1;
      else if (c === '}' || c === ']') {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < text.length && !/[,}\]\s]/.test(text[j] ?? '')) j += 1;
  return j > i ? j : -1;
}

const skipSpace = (text: string, i: number): number => {
  let j = i;
  while (j < text.length && /\s/.test(text[j] ?? '')) j += 1;
  return j;
};

/**
 * The top-level members of a JSON object text as raw slices of it, in order ({"a":{...},"sign":"..."} ->
 * [['a', '{...}'], ['sign', '"..."']]); null when the text is not one object. Keys are decoded.
 */
export function rawMembers(text: string): [string, string][] | null {
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return null;
  i = skipSpace(text, i + 1);
  const out: [string, string][] = [];
  if (text[i] === '}') return skipSpace(text, i + 1) === text.length ? out : null;
  for (;;) {
    if (text[i] !== '"') return null;
    const keyEnd = skipValue(text, i);
    if (keyEnd < 0) return null;
    let key: string;
    try {
      key = JSON.parse(text.slice(i, keyEnd)) as string;
    } catch {
      return null;
    }
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') return null;
    i = skipSpace(text, i + 1);
    const valueEnd = skipValue(text, i);
    if (valueEnd < 0) return null;
    out.push([key, text.slice(i, valueEnd)]);
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') {
      i = skipSpace(text, i + 1);
      continue;
    }
    if (text[i] === '}') return skipSpace(text, i + 1) === text.length ? out : null;
    return null;
  }
}

export interface AlipayAnswerText {
  /** which member held the answer (`<method>_response`, or `error_response`) */
  readonly member: string;
  /** its raw JSON text: what the signature covers */
  readonly content: string;
  /** the signature (base64), or null when the answer carries none */
  readonly sign: string | null;
  /** cert mode: the serial number of the Alipay certificate that signed */
  readonly certSn: string | null;
}

/** The signed part of an answer to `method`, as raw text, or null when the text is no Alipay answer. */
export function alipayAnswerText(text: string, method: string): AlipayAnswerText | null {
  const members = rawMembers(text);
  if (!members) return null;
  const wanted = alipayResponseMember(method);
  const found = members.find(([k]) => k === wanted) ?? members.find(([k]) => k === alipayErrorMember) ?? null;
  if (!found || !found[1].startsWith('{')) return null;
  const str = (key: string): string | null => {
    const raw = members.find(([k]) => k === key)?.[1];
    if (raw === undefined || !raw.startsWith('"')) return null;
    try {
      return JSON.parse(raw) as string;
    } catch {
      return null;
    }
  };
  return { member: found[0], content: found[1], sign: str('sign'), certSn: str('alipay_cert_sn') };
}

/** Alipay amounts are yuan with two decimals as text ("12.30"); ours are integer fen. */
export function alipayAmount(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.3" / "12.30" / "12" -> 1230; null when it is not an amount. */
export function parseAlipayAmount(text: unknown): number | null {
  if (typeof text !== 'string' && typeof text !== 'number') return null;
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(String(text));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/**
 * Alipay's request timestamp: "yyyy-MM-dd HH:mm:ss" in Beijing time (UTC+8, no daylight saving).
 * The gateway refuses one too far from its clock.
 */
export function alipayTimestamp(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function parseAlipayTimestamp(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const ms = Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}+08:00`);
  return Number.isNaN(ms) ? null : ms;
}
