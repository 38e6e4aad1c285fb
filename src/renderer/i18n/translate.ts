import { IntlMessageFormat } from 'intl-messageformat';
import { isErrorCode } from '../../core/errors.js';
import type { ApiError } from '../../shared/result.js';
import { en, type Catalog, type MessageKey } from './en.js';
import { messageArguments } from './message-arguments.js';

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * Catalogs by BCP 47 tag (src/core/locale.ts lists the same languages); `en` is the fallback and always
 * here. The others are chunks of their own, fetched by loadCatalog before a screen needs them: a till
 * reads one language, and only the kiosk offers a second per customer.
 */
const loaders: Readonly<Record<string, () => Promise<Catalog>>> = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.zhCN),
  en: () => Promise.resolve(en),
};
const loaded = new Map<string, Catalog>([['en', en]]);

/** The tag of the catalog for a locale: the exact tag, then its language (`en-GB` -> `en`), then `en`. */
function catalogTag(locale: string): string {
  if (Object.hasOwn(loaders, locale)) return locale;
  const language = locale.split('-')[0] ?? '';
  return Object.keys(loaders).find((tag) => tag === language || tag.split('-')[0] === language) ?? 'en';
}

/** Every language there is a catalog for (the kiosk's language picker offers them all). */
export const catalogLocales: readonly string[] = Object.keys(loaders);

/** Fetches the catalog for a locale (see pickCatalog), so that pickCatalog answers it without waiting. */
export async function loadCatalog(locale: string): Promise<{ locale: string; catalog: Catalog }> {
  const tag = catalogTag(locale);
  if (!loaded.has(tag)) loaded.set(tag, await loaders[tag]!());
  return pickCatalog(tag);
}

/**
 * Picks the catalog for a locale: the exact tag, then its language (`en-GB` -> `en`, `zh` -> `zh-CN`), then
 * English; English too while that language's catalog is not loaded yet (loadCatalog). Answers the tag
 * actually used, so <html lang> tells the truth about the strings on screen.
 */
export function pickCatalog(locale: string): { locale: string; catalog: Catalog } {
  const tag = catalogTag(locale);
  const catalog = loaded.get(tag);
  return catalog ? { locale: tag, catalog } : { locale: 'en', catalog: en };
}

/**
 * A translator over one catalog: each message is an ICU MessageFormat, compiled once. Numbers reach the
 * formatter as numbers only where the message counts with them (plural, number); elsewhere they are shown
 * as written, so "Receipt No. 1234" never becomes "1,234". A parameter no caller gave stays visible as
 * `{name}`, so it gets noticed (and errorText can prefer the service's own message).
 */
export function createTranslator(catalog: Catalog, locale = 'en'): Translate {
  const compiled = new Map<MessageKey, { format: IntlMessageFormat; args: Map<string, 'text' | 'count'> }>();
  const compile = (key: MessageKey) => {
    let entry = compiled.get(key);
    if (!entry) {
      const format = new IntlMessageFormat(catalog[key] ?? en[key], locale);
      entry = { format, args: messageArguments(format.getAst()) };
      compiled.set(key, entry);
    }
    return entry;
  };
  return (key, params = {}) => {
    const { format, args } = compile(key);
    if (args.size === 0) return String(format.format());
    const values: Record<string, string | number> = {};
    for (const [name, use] of args) {
      const value = params[name];
      if (value === undefined) values[name] = `{${name}}`;
      else values[name] = use === 'count' ? value : String(value);
    }
    return String(format.format(values));
  };
}

/** Scalar details of an error become message parameters (e.g. `{ barcode }` for catalog.unknown_barcode). */
function paramsFromDetails(details: unknown): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    for (const [name, value] of Object.entries(details)) {
      if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    }
  }
  return params;
}

/**
 * The cashier-facing text of an API error: its code's translated message, or the service's own message for
 * a code this renderer does not know (a newer service). `params` from the caller win over `details`.
 */
export function errorText(t: Translate, error: ApiError, params?: MessageParams): string {
  if (!isErrorCode(error.code)) return error.message;
  const text = t(`error.${error.code}`, { ...paramsFromDetails(error.details), ...params });
  // A placeholder no one could fill: the service's message is more useful than "{barcode}".
  return /\{\w+\}/.test(text) && error.message ? error.message : text;
}
