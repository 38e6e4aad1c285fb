import { TillpointError } from './errors.js';

/**
 * The languages a till's screens and receipts are written in (BCP 47 tags, the renderer has a catalog for
 * each). zh-CN first: it is the demo's language.
 */
export const terminalLocales = ['zh-CN', 'en'] as const;
export type TerminalLocale = (typeof terminalLocales)[number];

export const isTerminalLocale = (value: string): value is TerminalLocale =>
  (terminalLocales as readonly string[]).includes(value);

/** A language given on the command line or in the environment; an unknown tag is refused, never guessed. */
export function parseTerminalLocale(value: string): TerminalLocale {
  if (isTerminalLocale(value)) return value;
  throw new TillpointError(
    'settings.unknown_language',
    `The till's language must be ${terminalLocales.join(' or ')} (serve --lang, TILLPOINT_LANG), not "${value}".`,
    { language: value, supported: terminalLocales.join(', ') },
  );
}
