import { z } from 'zod';
import { cashRoundingRules, cashRoundingStep, type CashRoundingRule } from '../core/cash-rounding.js';
import { TillpointError } from '../core/errors.js';
import { readShopJson, SHOP_FILE_NAME } from './print/print-config.js';

/** Rules by ISO 4217 code; a currency not named rounds nothing. */
export type CashRoundingConfig = Readonly<Record<string, CashRoundingRule>>;

const configSchema = z.record(
  z.string().regex(/^[A-Z]{3}$/, 'a currency is three capital letters, e.g. CNY'),
  z.enum(cashRoundingRules as [CashRoundingRule, ...CashRoundingRule[]]),
);

/** The demo shop writes the fen off cash totals, as most Chinese corner shops do. */
export const demoCashRounding: CashRoundingConfig = { CNY: 'down-0.10' };

/**
 * shop.json's `cashRounding` ({ "CNY": "down-0.10" }). Absent: the demo's rule in demo mode, else none. A
 * bad value is a typed error (tender.cash_rounding_invalid) the caller logs at start; the till then runs
 * without rounding rather than not at all.
 */
export function loadCashRounding(
  dataDir: string,
  demo: boolean,
): { config: CashRoundingConfig; problem: TillpointError | null } {
  const fallback = demo ? demoCashRounding : {};
  const read = readShopJson(dataDir);
  if (!('json' in read)) return { config: fallback, problem: null };
  const value = (read.json as { cashRounding?: unknown } | null)?.cashRounding;
  if (value === undefined) return { config: fallback, problem: null };
  return parseCashRounding(value, SHOP_FILE_NAME);
}

export function parseCashRounding(
  value: unknown,
  source: string,
): { config: CashRoundingConfig; problem: TillpointError | null } {
  const parsed = configSchema.safeParse(value);
  const invalid = (why: string) => ({
    config: {},
    problem: new TillpointError(
      'tender.cash_rounding_invalid',
      `${source}: cashRounding is not valid (${why}); cash totals are not rounded.`,
      { source, why },
    ),
  });
  if (!parsed.success) {
    return invalid(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; '),
    );
  }
  for (const [currency, rule] of Object.entries(parsed.data)) {
    try {
      cashRoundingStep(rule, currency);
    } catch (error) {
      return invalid(error instanceof Error ? error.message : String(error));
    }
  }
  return { config: parsed.data, problem: null };
}

export const ruleFor =
  (config: CashRoundingConfig) =>
  (currency: string): CashRoundingRule =>
    config[currency] ?? 'none';

/** At start: the rules to use, with a bad value logged (the till runs with none). */
export function startCashRounding(
  dataDir: string,
  demo: boolean,
  log: (line: string, details?: unknown) => void,
): CashRoundingConfig {
  const { config, problem } = loadCashRounding(dataDir, demo);
  if (problem) log(problem.message, { code: problem.code, details: problem.details });
  return config;
}
