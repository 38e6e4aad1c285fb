import { IntlMessageFormat } from 'intl-messageformat';
import { hostname } from 'node:os';
import { isErrorCode, type TillpointError } from '../../core/errors.js';
import { zhCNErrors } from '../../shared/i18n/zh-CN-errors.js';
import type { CliLocale } from './cli-locale.js';
import { en, type CliCatalog, type CliMessageKey } from './en.js';
import { zhCNErrorDetails } from './zh-CN-error-details.js';
import { zhCN } from './zh-CN.js';

export const cliCatalogs: { readonly [L in CliLocale]: CliCatalog } = { en, 'zh-CN': zhCN };

/**
 * A message of the command's catalog. An argument may itself be a message or a typed error (the reason
 * underneath), said in the same language first.
 */
export interface CliMessage {
  readonly key: CliMessageKey;
  readonly args?: Readonly<Record<string, string | number | CliText>>;
}

/** What a failure line says: the command's own messages and typed errors from below, in order. */
export type CliText = CliMessage | { readonly error: TillpointError };

/**
 * Formats one ICU message. Every value goes in as text, so a port or a pid is never grouped ("8,790");
 * plural still selects by the number. Throws when the message needs an argument it was not given.
 */
function format(message: string, locale: CliLocale, args: Readonly<Record<string, string | number>>) {
  const values = Object.fromEntries(Object.entries(args).map(([name, value]) => [name, String(value)]));
  // plain text for a terminal: `<text>` names what to type, it is not a rich-text tag
  return String(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).format(values));
}

export function cliMessage(locale: CliLocale, message: CliMessage): string {
  const args: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.args ?? {})) {
    args[name] = typeof value === 'object' ? cliText(locale, [value]) : value;
  }
  return format(cliCatalogs[locale][message.key], locale, args);
}

/** An error's details as message arguments: its scalars, and who holds a locked data folder. */
function errorArgs(details: unknown): Record<string, string | number> {
  const args: Record<string, string | number> = {};
  if (!details || typeof details !== 'object' || Array.isArray(details)) return args;
  for (const [name, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number') args[name] = value;
  }
  if ('holder' in details) {
    const holder = (details as { holder: unknown }).holder as Record<string, unknown> | null;
    args.holder = holder ? 'known' : 'starting';
    if (holder) {
      args.holderCommand = String(holder.command);
      args.holderPid = String(holder.pid);
      args.holderStartedAt = String(holder.startedAt);
      args.holderHost = holder.hostname === hostname() ? 'here' : String(holder.hostname);
    }
  }
  return args;
}

/**
 * A typed error in the chosen language. English: the error's own message, written where the facts are
 * (folder, pid, schema versions). Chinese: the CLI's detailed message for the code when it has one, else
 * the shared catalog's (the cashier's) message, with the error's details as arguments; the English message
 * only when neither can be filled (a code newer than the catalog, a detail missing).
 */
export function errorText(locale: CliLocale, error: TillpointError): string {
  if (locale === 'en' || !isErrorCode(error.code)) return error.message;
  const args = errorArgs(error.details);
  for (const message of [zhCNErrorDetails[error.code], zhCNErrors[`error.${error.code}`]]) {
    if (message === undefined) continue;
    try {
      return format(message, locale, args);
    } catch {
      // an argument the error did not carry: try the next, less specific message
    }
  }
  return error.message;
}

export function cliText(locale: CliLocale, parts: readonly CliText[]): string {
  return parts
    .map((part) => ('error' in part ? errorText(locale, part.error) : cliMessage(locale, part)))
    .join(locale === 'en' ? ' ' : '');
}
