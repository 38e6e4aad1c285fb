import { isErrorCode } from '../../core/errors.js';
import type { ApiError } from '../../shared/result.js';
import { en, type Catalog, type MessageKey } from './en.js';

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Catalogs by BCP 47 tag. zh-CN joins here when it is written; `en` is the fallback for every key. */
export const catalogs: Readonly<Record<string, Catalog>> = { en };

/**
 * Picks the catalog for a locale: the exact tag, then its language (`zh-TW` -> `zh`), then English.
 * Answers the tag actually used, so <html lang> tells the truth about the strings on screen.
 */
export function pickCatalog(locale: string): { locale: string; catalog: Catalog } {
  const exact = catalogs[locale];
  if (exact) return { locale, catalog: exact };
  const language = locale.split('-')[0] ?? '';
  const byLanguage = catalogs[language];
  if (byLanguage) return { locale: language, catalog: byLanguage };
  return { locale: 'en', catalog: en };
}

/** ICU-lite: replaces `{name}` with params.name; a missing parameter is left visible so it gets noticed. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function createTranslator(catalog: Catalog): Translate {
  return (key, params) => interpolate(catalog[key] ?? en[key], params);
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
