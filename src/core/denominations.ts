/**
 * The notes and coins a cash drawer holds, per currency, largest first, in minor units of that currency.
 * The count pad shows one row per denomination; a currency without a row here cannot be counted by
 * denomination (the till says so rather than guess).
 */
export interface Denomination {
  /** minor units: 10000 is ¥100 in CNY (exponent 2), 1000 is ¥1000 in JPY (exponent 0) */
  readonly value: number;
  readonly kind: 'note' | 'coin';
}

const note = (value: number): Denomination => ({ value, kind: 'note' });
const coin = (value: number): Denomination => ({ value, kind: 'coin' });

/**
 * What a shop's drawer is laid out for, not every legal tender (no ¥2 or ¥0.2 in CNY, no $2 bill): the
 * series in everyday circulation. Sources: People's Bank of China (renminbi 5th series: ¥100, 50, 20, 10, 5,
 * 1, jiao 5 and 1; the fen coins are no longer handed out), US Federal Reserve (notes $100 to $1, coins 50¢
 * to 1¢), ECB (€500 to €5 notes, €2 to 1 cent coins; €500 is no longer issued but kept: it is still legal
 * tender), HKMA (HK$1000 to HK$10 notes, HK$10 to 10 cents coins), Bank of Japan (¥10000 to ¥1000 notes,
 * ¥500 to ¥1 coins; the ¥2000 note is rare in tills and left out).
 */
export const denominationTable: Readonly<Record<string, readonly Denomination[]>> = {
  CNY: [note(10_000), note(5_000), note(2_000), note(1_000), note(500), coin(100), coin(50), coin(10)],
  USD: [
    note(10_000),
    note(5_000),
    note(2_000),
    note(1_000),
    note(500),
    note(100),
    coin(50),
    coin(25),
    coin(10),
    coin(5),
    coin(1),
  ],
  EUR: [
    note(50_000),
    note(20_000),
    note(10_000),
    note(5_000),
    note(2_000),
    note(1_000),
    note(500),
    coin(200),
    coin(100),
    coin(50),
    coin(20),
    coin(10),
    coin(5),
    coin(2),
    coin(1),
  ],
  HKD: [
    note(100_000),
    note(50_000),
    note(10_000),
    note(5_000),
    note(2_000),
    note(1_000),
    coin(500),
    coin(200),
    coin(100),
    coin(50),
    coin(20),
    coin(10),
  ],
  JPY: [note(10_000), note(5_000), note(1_000), coin(500), coin(100), coin(50), coin(10), coin(5), coin(1)],
};

/** The denominations of a currency, largest first; null when the till has no table for it. */
export function denominationsOf(currency: string): readonly Denomination[] | null {
  return Object.hasOwn(denominationTable, currency) ? (denominationTable[currency] ?? null) : null;
}
