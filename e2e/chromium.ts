import { existsSync } from 'node:fs';

/**
 * Debian's Chromium and the flags it needs on a machine with no network (see LAB-FACTS). CHROMIUM_PATH
 * points the tests at another build.
 */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** null when the browser is there, else why not (for requireService). */
export function chromiumMissingReason(): string | null {
  return existsSync(chromiumPath) ? null : `no Chromium at ${chromiumPath}`;
}
