import type { z } from 'zod';

/**
 * What an `invalid_params` answer carries about the request's problems, kept small whatever the request:
 * zod reports one issue per bad element and may quote the input (unrecognized keys, union branches), so a
 * 256 KiB frame could otherwise be answered with megabytes (a memory lever for any local program). The first
 * few issues, each with its code, a short path and a short message, are enough to fix a request.
 */
export const MAX_ISSUES = 10;
const MAX_PATH_SEGMENTS = 8;
const MAX_SEGMENT_CHARS = 32;
const MAX_MESSAGE_CHARS = 160;

export interface IssueSummary {
  readonly code: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function segment(key: PropertyKey): string | number {
  if (typeof key === 'number') return key;
  return cut(typeof key === 'symbol' ? String(key.description ?? 'symbol') : key, MAX_SEGMENT_CHARS);
}

/** The first MAX_ISSUES issues, each reduced to code, path and message (no input, no nested union errors). */
export function summarizeIssues(issues: readonly z.core.$ZodIssue[]): IssueSummary[] {
  return issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.slice(0, MAX_PATH_SEGMENTS).map(segment);
    return {
      code: cut(String(issue.code), MAX_SEGMENT_CHARS),
      path: issue.path.length > MAX_PATH_SEGMENTS ? [...path, '…'] : path,
      message: cut(String(issue.message), MAX_MESSAGE_CHARS),
    };
  });
}

/** " (N problems; the first 10 are listed)" when some were left out, else "". */
export const issueCountNote = (issues: readonly unknown[]): string =>
  issues.length > MAX_ISSUES ? ` (${issues.length} problems; the first ${MAX_ISSUES} are listed)` : '';
