import type { z } from 'zod';

/** An answer other than 2xx: the status, a stable `hub.*` code and a message for people (hubErrorBody). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** zod issues as the `details.issues` of a 400: where, and what is wrong there (at most 20). */
export const issuesOf = (error: z.ZodError) =>
  error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
