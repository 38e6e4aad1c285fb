import { z } from 'zod';
import { paymentAttemptDto, saleDto, uuid } from './dto.js';

export { needsStaffDto, type NeedsStaffDto } from './dto.js';

/** Why a kiosk asks for the attendant: the customer pressed Call staff, or an item needs a staff check. */
export const helpReasonDto = z.enum(['customer', 'needsStaff']);
export type HelpReasonDto = z.infer<typeof helpReasonDto>;

/** A help request the kiosk shows until staff clear it with the staff PIN. */
export const helpRequestDto = z.object({
  id: uuid,
  reason: helpReasonDto,
  raisedAt: z.iso.datetime(),
  /** the sale's lines waiting for a staff check (needsStaff), empty for a plain Call staff */
  lineIds: z.array(uuid),
});
export type HelpRequestDto = z.infer<typeof helpRequestDto>;

/** The kiosk's state: its timings, the open help request, the staff PIN's lockout. */
export const kioskStatusDto = z.object({
  /** no touch for this long with items in the basket shows "Are you still there?" */
  idleS: z.number().int().positive(),
  /** how long "Are you still there?" counts down before the basket is given up */
  countdownS: z.number().int().positive(),
  /** how long the thank-you screen stays before the attract screen */
  thankYouS: z.number().int().positive(),
  /** the staff PIN is the public demo PIN (demo mode): the kiosk says so to staff */
  demoPin: z.boolean(),
  help: helpRequestDto.nullable(),
  /** lines of the open sale that need a staff check before paying (cleared by the staff PIN) */
  needsStaffLineIds: z.array(uuid),
  /** the staff PIN after wrong tries: locked until (kept in SQLite, a restart does not reset it) */
  pin: z.object({ lockedUntil: z.iso.datetime().nullable(), triesLeft: z.number().int().min(0) }),
});
export type KioskStatusDto = z.infer<typeof kioskStatusDto>;

/**
 * What giving up a kiosk basket did: voided it; or started reversing its payment attempt (call again when
 * the attempt is final; the basket is never voided while an attempt may still take money); or found it
 * paid (completed); or found no open basket.
 */
export const kioskResetDto = z.object({
  outcome: z.enum(['voided', 'reversing', 'completed', 'nothing']),
  sale: saleDto.nullable(),
  attempt: paymentAttemptDto.nullable(),
});
export type KioskResetDto = z.infer<typeof kioskResetDto>;

/** A staff PIN as typed on the kiosk's PIN pad; its format (4 to 8 digits) is checked by the terminal. */
export const staffPinParam = z.string().max(32);
