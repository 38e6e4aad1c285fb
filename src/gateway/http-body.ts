import type http from 'node:http';

/** 64 KiB: a payment request is a few hundred bytes; anything near this is a mistake or an attack. */
export const maxBodyBytes = 64 * 1024;
/** What the server drains after refusing a body before it gives up on the connection. */
const maxDrainBytes = 1024 * 1024;

export type BodyResult = { ok: true; raw: Buffer } | { ok: false; tooLarge: true };

/**
 * Reads a request body up to `maxBodyBytes`. Past the limit (by Content-Length or by counting) it stops
 * keeping bytes but goes on reading a little, so the client can finish sending and then read the 413
 * instead of failing with a reset; a client that keeps sending is cut off.
 */
export function readBody(req: http.IncomingMessage, limit = maxBodyBytes): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > maxDrainBytes) {
          resolve({ ok: false, tooLarge: true });
          req.socket.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(tooLarge ? { ok: false, tooLarge: true } : { ok: true, raw: Buffer.concat(chunks) }),
    );
    req.on('error', reject);
  });
}
