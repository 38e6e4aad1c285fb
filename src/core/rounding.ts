import { TillpointError } from './errors.js';

/**
 * Named rounding modes. "half-up" is half AWAY from zero (the commercial rule, IEEE 754 roundTiesToAway);
 * "half-down" is half toward zero; "half-even" is banker's rounding (IEEE 754 roundTiesToEven);
 * "up"/"down" are away from / toward zero; "floor"/"ceil" are toward -infinity / +infinity.
 */
export type RoundingMode = 'half-up' | 'half-even' | 'half-down' | 'up' | 'down' | 'floor' | 'ceil';

export const roundingModes: readonly RoundingMode[] = [
  'half-up',
  'half-even',
  'half-down',
  'up',
  'down',
  'floor',
  'ceil',
];

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/**
 * Exact rounded division on BigInt; the single place every rounding rule lives, so no float ever touches
 * money. `denominator` must not be zero.
 */
export function divideBigRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) {
    throw new TillpointError('internal', 'Division by zero in a money calculation.', {
      numerator,
      denominator,
    });
  }
  const quotient = numerator / denominator; // BigInt division truncates toward zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const sign = numerator < 0n !== denominator < 0n ? -1n : 1n;
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return quotient + sign;
    case 'floor':
      return sign < 0n ? quotient - 1n : quotient;
    case 'ceil':
      return sign > 0n ? quotient + 1n : quotient;
    default: {
      const twice = 2n * abs(remainder);
      const divisor = abs(denominator);
      if (twice > divisor) return quotient + sign;
      if (twice < divisor) return quotient;
      if (mode === 'half-up') return quotient + sign;
      if (mode === 'half-down') return quotient;
      return quotient % 2n === 0n ? quotient : quotient + sign;
    }
  }
}

export function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new TillpointError('money.not_integer', `${what} must be a whole number of minor units.`, {
      value,
    });
  }
}

export function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new TillpointError('money.overflow', 'The amount is too large for the till.', {
      value: String(value),
    });
  }
  return Number(value);
}

/** numerator / denominator rounded by `mode`, exact for any safe integers. */
export function divideRounded(numerator: number, denominator: number, mode: RoundingMode): number {
  assertSafeInteger(numerator, 'The numerator');
  assertSafeInteger(denominator, 'The denominator');
  return toSafeNumber(divideBigRounded(BigInt(numerator), BigInt(denominator), mode));
}

/** amount * factor / denominator rounded by `mode`, with the product kept in BigInt so it never loses digits. */
export function scaleRounded(
  amount: number,
  factor: number,
  denominator: number,
  mode: RoundingMode,
): number {
  assertSafeInteger(amount, 'The amount');
  assertSafeInteger(factor, 'The factor');
  assertSafeInteger(denominator, 'The denominator');
  return toSafeNumber(divideBigRounded(BigInt(amount) * BigInt(factor), BigInt(denominator), mode));
}
