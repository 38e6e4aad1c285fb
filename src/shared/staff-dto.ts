import { z } from 'zod';
import { permissions, staffRoles } from '../core/permissions.js';
import { uuid } from './dto.js';

export const staffRoleDto = z.enum(staffRoles);
export const permissionDto = z.enum(permissions);

/** A PIN as typed: checked for its form by the staff service (staff.pin_format), not here, so it is named. */
export const staffPinParam = z.string().max(16);
/** A badge's card UID as the reader gives it (hex). */
export const badgeParam = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f:]{4,40}$/);
/** The one-time token staff.approve answers; the retried call carries it as `approval`. */
export const approvalToken = z.string().min(16).max(100);

/**
 * The one-time token an nfc.tap of kind staff-badge carries instead of the badge's UID: the screen that
 * wants the tap (a lock screen, an approval pad) signs in or approves with it; it lapses after seconds.
 */
export const badgeTapToken = z.string().min(16).max(100);

/** A PIN typed, a badge's UID (the CLI, tests), or a badge tapped on the reader: exactly one. */
export const staffCredential = z.union([
  z.object({ pin: staffPinParam }).strict(),
  z.object({ badge: badgeParam }).strict(),
  z.object({ badgeTap: badgeTapToken }).strict(),
]);

/** A member of staff as shown: never a PIN, never a hash. */
export const staffMemberDto = z.object({
  id: uuid,
  name: z.string(),
  role: staffRoleDto,
  hasBadge: z.boolean(),
  addedAt: z.iso.datetime(),
  /** added on this till, or published by the hub (`tillpoint hub staff`) */
  source: z.enum(['local', 'hub']),
});
export type StaffMemberDto = z.infer<typeof staffMemberDto>;

/** Who is signed in on this screen, or why nobody. */
export const staffSessionDto = z.object({
  /** false: the till has no staff, everything is open (the status bar says "No staff set up") */
  staffEnabled: z.boolean(),
  signedIn: z
    .object({ id: uuid, name: z.string(), role: staffRoleDto, permissions: z.array(permissionDto) })
    .nullable(),
  /** idle this long and the screen locks itself */
  idleLockS: z.number().int().positive(),
  /** sign-in is locked after too many wrong PINs, until then */
  lockedUntil: z.iso.datetime().nullable(),
});
export type StaffSessionDto = z.infer<typeof staffSessionDto>;

export const approvalDto = z.object({
  token: approvalToken,
  permission: permissionDto,
  subject: z.string(),
  expiresAt: z.iso.datetime(),
  approver: z.object({ id: uuid, name: z.string(), role: staffRoleDto }),
});
export type ApprovalDto = z.infer<typeof approvalDto>;

export const journalEntryDto = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  saleId: z.string().nullable(),
  data: z.unknown(),
});
export type JournalEntryDto = z.infer<typeof journalEntryDto>;
