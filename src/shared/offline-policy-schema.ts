import { z } from 'zod';
import { DEFAULT_AGE_LIMIT_S, type OfflinePolicy, type OfflineTender } from '../core/offline-policy.js';

/**
 * The merchant's offline risk policy (src/core/offline-policy.ts) as JSON: `<dataDir>/offline-policy.json` on
 * a terminal, and the value of the hub's `config.set` key `offline.policy`. One schema, so the hub refuses
 * what a terminal would refuse. Amounts are minor units of the terminal's currency.
 */
const positiveAmount = z.number().int().min(1);

export const offlineTenderLimitsSchema = z
  .object({
    maxAmount: positiveAmount.optional(),
    maxCount: z.number().int().min(1).max(1_000_000).optional(),
    maxTotal: positiveAmount.optional(),
    /** at least a minute: a shorter age would refuse the tender whenever one sync round is slow */
    maxAgeS: z
      .number()
      .int()
      .min(60)
      .max(365 * 86_400)
      .optional(),
  })
  .strict();

export const offlinePolicySchema = z
  .object({
    ageLimitS: z
      .number()
      .int()
      .min(60)
      .max(365 * 86_400)
      .default(DEFAULT_AGE_LIMIT_S),
    pastLimit: z.enum(['warn', 'refuse-non-cash']).default('warn'),
    /** cash is not a key: it is never limited */
    tenders: z
      .object({
        wallet: offlineTenderLimitsSchema.optional(),
        'static-qr': offlineTenderLimitsSchema.optional(),
        'stored-value': offlineTenderLimitsSchema.optional(),
      } satisfies Record<OfflineTender, unknown>)
      .strict()
      .default({}),
    /** partial returns of sales the hub has not received yet: the cash they may pay out per shift (0: none) */
    unsyncedCashRefundsPerShift: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    /** issuer-signed offline payment codes: caps on what is not settled yet, and the clock skew allowed */
    offlineCodes: z
      .strictObject({
        perUserUnsettled: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        tillUnsettled: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        skewS: z.number().int().min(0).max(3600).optional(),
      })
      .optional(),
    /** bill prepayments taken offline, waiting for their biller (maxAmount, maxCount, maxTotal) */
    billPrepayments: offlineTenderLimitsSchema.optional(),
  })
  .strict();

/** The hub's terminal_config key that holds a policy of this shape. */
export const OFFLINE_POLICY_CONFIG_KEY = 'offline.policy';

/** Why a policy was refused: the path of the first mistake and zod's issues (for logs). */
export interface OfflinePolicyProblem {
  readonly where: string;
  readonly message: string;
  readonly issues: readonly z.core.$ZodIssue[];
}

/** Validates a policy; the result is the core type, defaults filled in. */
export function parseOfflinePolicy(
  json: unknown,
): { ok: true; policy: OfflinePolicy } | { ok: false; problem: OfflinePolicyProblem } {
  const parsed = offlinePolicySchema.safeParse(json);
  if (parsed.success) return { ok: true, policy: parsed.data };
  const first = parsed.error.issues[0];
  return {
    ok: false,
    problem: {
      where: first ? first.path.join('.') || '(top level)' : '(top level)',
      message: first?.message ?? 'unknown problem',
      issues: parsed.error.issues,
    },
  };
}
