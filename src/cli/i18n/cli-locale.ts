import { isTerminalLocale, type TerminalLocale } from '../../core/locale.js';
import { openTerminalReadOnly } from '../../terminal/terminal.js';

/** The languages the command speaks: the till's (src/core/locale.ts), so one setting can serve both. */
export type CliLocale = TerminalLocale;

/** zh, zh-CN, zh_TW ... -> zh-CN (the only Chinese we have); any other language -> en. */
const byLanguage = (tag: string): CliLocale => (/^zh([_-]|$)/i.test(tag) ? 'zh-CN' : 'en');

/**
 * The language the environment asks for, or undefined when it says nothing: TILLPOINT_LANG first, then the
 * POSIX locale for messages (LC_ALL, else LC_MESSAGES, else LANG; the first one set wins, as in
 * setlocale(3)). C and POSIX (also C.UTF-8) are the absence of a choice, not a choice of English, so a
 * command with a till can follow the till's own language.
 */
export function localeFromEnvironment(env: NodeJS.ProcessEnv = process.env): CliLocale | undefined {
  const wanted = env.TILLPOINT_LANG?.trim();
  if (wanted) {
    if (isTerminalLocale(wanted)) return wanted;
    // zh_CN.UTF-8 or en-GB here means the same as in LANG; an unrelated value is passed over
    if (/^(zh|en)([_.@-]|$)/i.test(wanted)) return byLanguage(wanted);
  }
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const name = posix?.split(/[.@]/)[0] ?? '';
  if (name === '' || name === 'C' || name === 'POSIX') return undefined;
  return byLanguage(name);
}

/**
 * The language kept in a till's settings (terminal.info), read without the lock and without changing the
 * folder; undefined when the folder holds no readable till (none yet, damaged, newer), which is often the
 * very failure being reported.
 */
export async function tillLocale(dataDir: string): Promise<CliLocale | undefined> {
  try {
    const terminal = await openTerminalReadOnly({ dataDir });
    try {
      const { locale } = await terminal.handlers['terminal.info']({});
      return isTerminalLocale(locale) ? locale : undefined;
    } finally {
      await terminal.close();
    }
  } catch {
    return undefined;
  }
}

/** What the command knows about the language when it speaks: a --lang it was given, a till it opened. */
export interface LanguageSources {
  /** serve --lang (the till's language, chosen on this command line) */
  readonly flag?: CliLocale;
  /** the data folder of the till the command works on */
  readonly tillDataDir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** --lang, else the environment, else the till's own language, else English. */
export async function chooseCliLocale(sources: LanguageSources): Promise<CliLocale> {
  return (
    sources.flag ??
    localeFromEnvironment(sources.env) ??
    (sources.tillDataDir === undefined ? undefined : await tillLocale(sources.tillDataDir)) ??
    'en'
  );
}
