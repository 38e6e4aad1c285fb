import { isLuhnValid } from './pan.js';

/** `body` (12 to 18 digits) with its Luhn check digit appended: a card number of 13 to 19 digits. */
export const withLuhnCheck = (body: string): string =>
  `${body}${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((d) => isLuhnValid(`${body}${d}`))}`;
