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

/** A failure the command reports as one line on stderr, without a stack, and exits with `exitCode`. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const usageError = (message: string) =>
  new CliFailure(`${message} (see tillpoint --help)`, exitCodes.usage);
