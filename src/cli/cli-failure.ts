import { isTillpointError, TillpointError, type ErrorCode } from '../core/errors.js';

/**
 * Exit codes of the `tillpoint` command (listed in --help). 64 is EX_USAGE from BSD sysexits(3).
 */
export const exitCodes = {
  ok: 0,
  failure: 1,
  /** the database was refused (damaged, or written by a newer Tillpoint); the file was not touched */
  databaseRefused: 2,
  usage: 64,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/**
 * A failure the command reports as one line on stderr, without a stack, and exits with `exitCode`. The same
 * error base as the terminal's: `code` is the failure underneath (store.corrupt, hub.too_new ...) when there
 * is one, else cli.usage or cli.failed.
 */
export class CliFailure extends TillpointError {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    code: ErrorCode = exitCode === exitCodes.usage ? 'cli.usage' : 'cli.failed',
    details?: unknown,
  ) {
    super(code, message, details);
  }

  /** Keeps a typed failure's code under the command's own message. */
  static wrapping(error: unknown, message: string, exitCode: ExitCode): CliFailure {
    return isTillpointError(error)
      ? new CliFailure(message, exitCode, error.code, error.details)
      : new CliFailure(message, exitCode);
  }
}

export const usageError = (message: string) =>
  new CliFailure(`${message} (see tillpoint --help)`, exitCodes.usage);

/** One JSON line on stdout: what the JSON-speaking commands (nfc, enroll, queue) print. */
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

/** Prints `{"error": {"code", "message"}}` for a command's typed failure and answers exit code 1. */
export function printJsonFailure(error: unknown): ExitCode {
  const e = isTillpointError(error)
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
  printJson({ error: e });
  return exitCodes.failure;
}
