import { createContext, useContext } from 'react';
import type { MoneyDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { en } from '../i18n/en.js';
import { formatMoney } from '../i18n/money-text.js';
import { createTranslator, errorText, type MessageParams, type Translate } from '../i18n/translate.js';

export interface I18n {
  /** The locale of the catalog in use (also set on <html lang>). */
  readonly locale: string;
  /** The terminal's locale, used for money and percentages. */
  readonly formatLocale: string;
  readonly currency: string;
  readonly t: Translate;
  readonly money: (money: MoneyDto) => string;
  readonly error: (error: ApiError, params?: MessageParams) => string;
  readonly dateTime: (iso: string) => string;
  readonly time: (iso: string) => string;
}

export function createI18n(locale: string, formatLocale: string, currency: string, t: Translate): I18n {
  const dateTime = new Intl.DateTimeFormat(formatLocale, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(formatLocale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return {
    locale,
    formatLocale,
    currency,
    t,
    // the till's one currency: "¥12.50" in English too, not "CN¥12.50"
    money: (money) => formatMoney(money, formatLocale, 'narrowSymbol'),
    error: (error, params) => errorText(t, error, params),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    time: (iso) => time.format(new Date(iso)),
  };
}

export const I18nContext = createContext<I18n>(createI18n('en', 'en', 'USD', createTranslator(en)));

export const useI18n = (): I18n => useContext(I18nContext);
