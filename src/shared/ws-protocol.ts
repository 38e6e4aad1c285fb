import { z } from 'zod';
import { summarizeIssues } from './invalid-params.js';
import type { ApiError, Result } from './result.js';

/**
 * JSON frames of the loopback WebSocket transport (RFC 6455 text frames). The method table itself lives in
 * contract.ts; these schemas only describe the envelope, so the host and the browser client stay generic
 * loops over the table.
 */

/** Frames larger than this are refused by the host (and never sent by the client). */
export const maxFrameBytes = 256 * 1024;

/** The path of the WebSocket endpoint on the host. */
export const wsPath = '/api';

/** Client -> host. `id` correlates the answer; `params` is validated later by the method's own schema. */
export const requestFrame = z
  .object({
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    method: z.string().min(1).max(100),
    params: z.unknown().optional(),
  })
  .strict();
export type RequestFrame = z.infer<typeof requestFrame>;

export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});

export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);

/** Host -> client: the answer to one request. `id` is null when the request frame itself was malformed. */
export const responseFrame = z.object({ id: z.number().int().nullable(), result: resultSchema });
export type ResponseFrame = { id: number | null; result: Result<unknown> };

/** Host -> client: a terminal event broadcast to every connected client. */
export const eventFrame = z.object({ event: z.string(), payload: z.unknown() });
export type EventFrame = z.infer<typeof eventFrame>;

export const serverFrame = z.union([responseFrame, eventFrame]);

/** The answer to a frame that could not be read as a request at all. */
export function malformedFrameResponse(message: string, details?: unknown): ResponseFrame {
  const error: ApiError =
    details === undefined
      ? { code: 'invalid_params', message }
      : { code: 'invalid_params', message, details };
  return { id: null, result: { ok: false, error } };
}

/**
 * Reads a client frame. Never throws: anything that is not a well-formed request becomes an
 * invalid_params answer with id null (or the frame's id when it had a usable one).
 */
export function parseRequestFrame(
  text: string,
): { ok: true; frame: RequestFrame } | { ok: false; response: ResponseFrame } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: malformedFrameResponse('The request was not valid JSON.') };
  }
  const parsed = requestFrame.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      response: malformedFrameResponse(
        'The request frame must be {"id": <integer>, "method": "<name>", "params": {...}}.',
        summarizeIssues(parsed.error.issues),
      ),
    };
  }
  return { ok: true, frame: parsed.data };
}
