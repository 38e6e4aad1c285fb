import { createContext, useContext } from 'react';

/** Shop data with an optional second name: products and categories (`altName`, the English beside the Chinese). */
export interface Named {
  readonly name: string;
  readonly altName?: string | null;
}

/**
 * The name a customer reads: the shop's own `name` in the terminal's language, the second name in the other
 * one when the shop gave one (older catalogs have none: then the name as written).
 */
export const localName = (item: Named, otherLanguage: boolean): string =>
  otherLanguage ? (item.altName ?? item.name) : item.name;

/** The customer picked the language the terminal does not speak: names come from `altName`. */
export const OtherLanguageContext = createContext(false);

export function useLocalName(): (item: Named) => string {
  const other = useContext(OtherLanguageContext);
  return (item) => localName(item, other);
}

/**
 * The language picker's choices, each named in its own language whatever the screen's language (as language
 * pickers do, so a customer finds theirs): data, not catalog messages.
 */
export const kioskLanguages = [
  { locale: 'zh-CN', endonym: '中文' },
  { locale: 'en', endonym: 'English' },
] as const;
