import { createHmac } from 'node:crypto';
import type http from 'node:http';
import {
  hubCanonicalResponse,
  hubMaxBatchItems,
  hubMaxBodyBytes,
  hubSignatureHeaders,
} from '../shared/hub-api.js';
import { batchWrapperDepth, jsonDepthExceeds } from './entry-checks.js';
import { sha256Hex } from './hub-crypto.js';
import { HttpError } from './http-error.js';

/** The hub's HTTP I/O: JSON answers (MACed for a verified terminal), bounded bodies, depth-checked JSON. */

/** Who a signed request's answer is MACed for: set once the terminal's secret is known. */
export interface AnswerMac {
  method: string;
  target: string;
  requestId: string;
  secret: string;
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  mac?: AnswerMac,
) {
  const text = JSON.stringify(body);
  const macHeader =
    mac === undefined
      ? {}
      : {
          [hubSignatureHeaders.responseMac.toLowerCase()]: createHmac('sha256', mac.secret)
            .update(hubCanonicalResponse(mac.method, mac.target, status, mac.requestId, sha256Hex(text)))
            .digest('hex'),
        };
  res.writeHead(status, {
    ...macHeader,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Reads the body up to the limit; more is 413 before anything is parsed or written. */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > hubMaxBodyBytes) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > hubMaxBodyBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const tooLarge = () =>
  new HttpError(
    413,
    'hub.too_large',
    `The request body is larger than ${hubMaxBodyBytes} bytes; send smaller batches.`,
    {
      maxBodyBytes: hubMaxBodyBytes,
      maxBatchItems: hubMaxBatchItems,
    },
  );

export function parseJson(body: Buffer, maxDepth: number): unknown {
  // before parsing: a deeply nested body would overflow the stack of every recursive step after it
  if (jsonDepthExceeds(body, maxDepth)) throw tooDeep(maxDepth);
  return parseJsonUnchecked(body);
}

export const tooDeep = (maxDepth: number) =>
  new HttpError(
    400,
    'hub.entry_too_deep',
    `The request nests objects or arrays deeper than ${maxDepth - batchWrapperDepth} levels in an entry; nothing was written.`,
    { maxDepth: maxDepth - batchWrapperDepth },
  );

/** JSON.parse of a body whose depth the caller has bounded already (payload-spans.ts does it in its pass). */
export function parseJsonUnchecked(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'hub.bad_json', 'The request body is not valid JSON.');
  }
}
