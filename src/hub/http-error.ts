import type { z } from 'zod';
import { TillpointError, type ErrorCode } from '../core/errors.js';

/** The codes of the hub's error answers: its own, and `internal` for a failure it did not foresee. */
export type HubErrorCode = Extract<ErrorCode, `hub.${string}`> | 'internal';

/**
 * An answer other than 2xx: the status, a stable `hub.*` code and a message for people (hubErrorBody). The
 * same error base as the terminal's, so the till keeps the code and the cashier reads it translated.
 */
export class HttpError extends TillpointError {
  constructor(
    readonly status: number,
    override readonly code: HubErrorCode,
    message: string,
    details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message, details);
  }
}

/** zod issues as the `details.issues` of a 400: where, and what is wrong there (at most 20). */
export const issuesOf = (error: z.ZodError) =>
  error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
