/**
 * What a test does when a real service it needs is not there (PostgreSQL, the PC/SC stack, Chromium,
 * ffmpeg, a tmpfs mount). On a developer's machine it skips, printing why, so one missing package does not
 * block the rest. Under CI it fails instead: CI installs all of them (.ci/run), so a missing one there is a
 * broken CI machine, and a green run must mean every test ran.
 *
 * Used by vitest (src/**) and Playwright (e2e/**) alike, so it imports nothing but Node's process globals.
 */

export type RealService =
  | 'PostgreSQL'
  | 'PC/SC stack'
  | 'Chromium'
  | 'ffmpeg'
  | 'tmpfs mount'
  | '/dev/full'
  | 'LAN address'
  | 'sqlite3';

/** How CI provides each service: the message a failing CI run shows next to what was missing. */
export const howCiProvides: Readonly<Record<RealService, string>> = {
  PostgreSQL:
    '.ci/run uses DATABASE_URL, or starts PostgreSQL itself (apt-get install postgresql, a cluster on ' +
    '127.0.0.1:5432 with trust auth and a database named test)',
  'PC/SC stack':
    '.ci/run installs pcscd vsmartcard-vpcd python3-virtualsmartcard python3-pycryptodome and stops any ' +
    'pcscd service, because the tests start their own',
  Chromium: ".ci/run installs Debian's chromium (/usr/bin/chromium)",
  ffmpeg: '.ci/run installs ffmpeg',
  'tmpfs mount': '.ci/run runs as root in a container that may mount tmpfs',
  '/dev/full': 'every Linux kernel has /dev/full (the full-disk device); CI runs on Debian',
  'LAN address':
    "the hub-over-TLS tests bind the machine's non-loopback IPv4 address (os.networkInterfaces()); CI machines have one",
  sqlite3: '.ci/run installs sqlite3 (the SQLite command line the journal tamper tests use)',
};

export class MissingServiceError extends Error {
  override name = 'MissingServiceError';
}

/** true under CI: `CI` set to anything but '', '0' or 'false' (GitHub, GitLab and .ci/run set CI=true). */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

export interface RequireServiceOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** where the skip notice goes (console.warn) */
  readonly warn?: (message: string) => void;
}

/**
 * `missing` is why the service cannot be used, or null when it can. Answers null when it can, else the skip
 * reason (after printing it) for `describe.skipIf(reason !== null)` / `test.skip(reason !== null, reason)`.
 * Under CI it throws MissingServiceError instead, naming what is missing and how .ci/run provides it.
 */
export function requireService(
  service: RealService,
  missing: string | null,
  options: RequireServiceOptions = {},
): string | null {
  if (missing === null) return null;
  if (underCi(options.env)) {
    throw new MissingServiceError(
      `${service} is needed but not available, and under CI no test may skip: ${missing}. ${howCiProvides[service]}.`,
    );
  }
  const reason = `${service} not available: ${missing}`;
  (options.warn ?? console.warn)(`skipping (not under CI): ${reason}`);
  return reason;
}
