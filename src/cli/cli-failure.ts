import { isTillpointError, TillpointError, type ErrorCode } from '../core/errors.js';
import type { CliLocale } from './i18n/cli-locale.js';
import type { CliMessageKey } from './i18n/en.js';
import { cliText, type CliMessage, type CliText } from './i18n/translate.js';

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
 * is one, else cli.usage or cli.failed. The line is kept as messages (`parts`), written out in the
 * language chosen when it is printed; `message` is the English one, for logs and JSON.
 */
export class CliFailure extends TillpointError {
  readonly parts: readonly CliText[];

  constructor(
    parts: CliText | readonly CliText[],
    readonly exitCode: ExitCode,
    code: ErrorCode = exitCode === exitCodes.usage ? 'cli.usage' : 'cli.failed',
    details?: unknown,
  ) {
    const list = Array.isArray(parts) ? (parts as readonly CliText[]) : [parts as CliText];
    super(code, cliText('en', list), details);
    this.parts = list;
  }

  /** The line in a language. */
  text(locale: CliLocale): string {
    return cliText(locale, this.parts);
  }

  /** Keeps a typed failure's code and details under the command's own message. */
  static wrapping(error: unknown, parts: CliText | readonly CliText[], exitCode: ExitCode): CliFailure {
    return isTillpointError(error)
      ? new CliFailure(parts, exitCode, error.code, error.details)
      : new CliFailure(parts, exitCode);
  }

  /** A typed failure from below, said by its code in the chosen language, with the command's exit code. */
  static of(error: TillpointError, exitCode: ExitCode, ...next: CliMessage[]): CliFailure {
    return new CliFailure([{ error }, ...next], exitCode, error.code, error.details);
  }
}

export const usageError = (key: CliMessageKey, args?: CliMessage['args']) =>
  new CliFailure(
    { key: 'usage.seeHelp', args: { message: { key, ...(args ? { args } : {}) } } },
    exitCodes.usage,
  );

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
