import { z } from 'zod';
import type { Permission } from '../core/permissions.js';
import { uuid } from './dto.js';
import { approvalToken } from './staff-dto.js';

/**
 * Who may call a method: 'read' methods are open to a read-only caller (the customer display), 'write'
 * methods only to a full one (the cashier). A read method changes nothing and shows nothing a customer at
 * the counter may not see (no other sales, no members, no sync). The dispatcher checks it (dispatch.ts).
 */
export type MethodAccess = 'read' | 'self' | 'write';
export const method = <P extends z.ZodType, R extends z.ZodType, A extends MethodAccess>(
  access: A,
  params: P,
  result: R,
) => ({ access, params, result });
/** Open to a read-only caller (the customer display): changes nothing, shows only what the customer may see. */
export const read = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) =>
  method('read', params, result);
/**
 * Open to a self-service caller (the kiosk) and the cashier: what a customer serving themselves may do to
 * their own basket and its payment, never another sale, a refund, a discount or the till's settings.
 */
export const self = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) =>
  method('self', params, result);
/** Only for a full caller (the cashier): changes something, or shows what a customer may not see. */
export const write = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) =>
  method('write', params, result);
export const none = z.object({}).strict();
export const saleRef = { saleId: uuid };

/**
 * What the permission rules may ask of the till: its discount limit, and a discount's share of what it
 * applies to (an amount off is judged against the line's or the ticket's gross).
 */
export interface PermissionLimits {
  readonly largeDiscountBps: number;
  /** the amount's share of the line (lineId) or the whole ticket (null), in basis points */
  amountShareBps(saleId: string, lineId: string | null, amount: number): number;
}
/** A permission a method always needs, or one its params decide (a discount over the limit). */
export type PermissionRule<P> = Permission | ((params: P, limits: PermissionLimits) => Permission | null);
/**
 * Declares the permission a method needs and what an approval for it is bound to (the sale, the entry):
 * its params take an optional `approval` token from staff.approve. The dispatcher checks it (dispatch.ts).
 */
export const needs = <S extends z.ZodRawShape, R extends z.ZodType, A extends MethodAccess>(
  access: A,
  shape: S,
  result: R,
  permission: PermissionRule<z.output<z.ZodObject<S>>>,
  subject: (params: z.output<z.ZodObject<S>>) => string = () => '',
) => ({
  ...method(access, z.object({ ...shape, approval: approvalToken.optional() }).strict(), result),
  permission: permission as PermissionRule<unknown>,
  subject: subject as (params: unknown) => string,
});
/** Callable with nobody signed in on a till with staff (sign-in itself, and what the lock screen shows). */
export const signedOut = <S extends object>(spec: S) => ({ ...spec, signedOut: true as const });
export const bySale = (p: { saleId: string }) => p.saleId;
/** A discount over the till's limit needs discount.large; removing one never does. */
export const largeDiscount =
  (line: boolean) =>
  (
    p: {
      saleId: string;
      lineId?: string;
      discount: { kind: 'percent'; bps: number } | { kind: 'amount'; amount: number } | null;
    },
    limits: PermissionLimits,
  ): Permission | null => {
    if (p.discount === null) return null;
    const bps =
      p.discount.kind === 'percent'
        ? p.discount.bps
        : limits.amountShareBps(p.saleId, line ? (p.lineId ?? null) : null, p.discount.amount);
    return bps > limits.largeDiscountBps ? 'discount.large' : null;
  };
