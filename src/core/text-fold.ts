/**
 * Search folding: compatibility decomposition (Unicode UAX #15 NFKD) so "ｃａｆé" and "café" meet, combining
 * marks dropped so "cafe" finds "Café", then lower case. A few Latin letters have no decomposition
 * (ø, ł, đ, ß, æ, œ) and are folded by hand, the way ICU's "Latin-ASCII" transliterator does.
 */
const MARKS = /\p{M}+/gu;
const SPACE_OR_CONTROL = /[\s\p{Cc}]+/gu;
const NO_DECOMPOSITION: Readonly<Record<string, string>> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
};
const NO_DECOMPOSITION_RE = /[øłđðþßæœı]/g;

/** Folded text with runs of whitespace and control characters collapsed to one space, trimmed. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .normalize('NFKD') // lower-casing can produce new marks (İ -> i + U+0307)
    .replace(MARKS, '')
    .replace(NO_DECOMPOSITION_RE, (c) => NO_DECOMPOSITION[c] ?? c)
    .replace(SPACE_OR_CONTROL, ' ')
    .trim();
}
