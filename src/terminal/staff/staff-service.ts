import { randomBytes, randomUUID } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';
import { roleHas, rolePermissions, type Permission, type StaffRole } from '../../core/permissions.js';
import type { CallContext, CallSession, Handlers } from '../../shared/contract.js';
import type { StaffCheck, StaffGate } from '../../shared/dispatch.js';
import type {
  ApprovalDto,
  JournalEntryDto,
  StaffMemberDto,
  StaffSessionDto,
} from '../../shared/staff-dto.js';
import type { CatalogChange } from '../../shared/hub-api.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { StaffConfig } from './staff-config.js';
import { createStaffIdentify, type StaffCredential } from './staff-identify.js';
import { badgeKey, checkStaffPinFormat, hashStaffPin, type PinHashParams } from './staff-pin-hash.js';
import { createStaffStore, type StaffRow } from './staff-store.js';

export interface StaffServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  /** the device secret every PIN and badge is HMACed with (read on first use) */
  readonly pepper: () => Buffer;
  /** the hub's staff key, which hub staff's PINs and badges are HMACed with; null until fetched */
  readonly orgPepper: () => Buffer | null;
  readonly config: StaffConfig;
  readonly now: () => Date;
  /** a discount amount's share of its line or ticket, in basis points (the sale service knows the sale) */
  readonly amountShareBps: (saleId: string, lineId: string | null, amount: number) => number;
  /** tests lower the scrypt cost; the default is staffPinHashParams */
  readonly hashParams?: PinHashParams;
}

export interface NewStaff {
  readonly name: string;
  readonly role: StaffRole;
  readonly pin: string;
  readonly badge?: string;
}

export type HubStaffChange = Extract<CatalogChange, { kind: 'staff.upsert' | 'staff.remove' }>;

interface Approval {
  readonly permission: Permission;
  readonly subject: string;
  readonly expiresAt: number;
  readonly approver: { readonly id: string; readonly name: string; readonly role: StaffRole };
}

const alreadySetUp = () =>
  new TillpointError(
    'staff.already_set_up',
    'This till already has staff: a manager adds more with the tillpoint staff command.',
  );
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const who = (s: { id: string; name: string; role: StaffRole }) => ({ id: s.id, name: s.name, role: s.role });
const toMember = (s: StaffRow): StaffMemberDto => ({
  id: s.id,
  name: s.name,
  role: s.role,
  hasBadge: s.hasBadge,
  addedAt: s.addedAt,
  source: s.source,
});

/**
 * Staff on this till: who they are (the CLI adds them), who is signed in on each screen (the session the
 * transport keeps per WebSocket or window), what they may do, and one-time approvals by someone who may.
 * `gate` is what the dispatcher asks before every call from a cashier's screen.
 */
export function createStaffService(deps: StaffServiceDeps) {
  const { db, file, config } = deps;
  const store = createStaffStore(db);
  const who_ = createStaffIdentify({ ...deps, store });
  const approvals = new Map<string, Approval>();
  const journal = (kind: string, saleId: string | null, data: unknown) =>
    withStoreErrors(file, 'change', () => store.journal(kind, saleId, data, deps.now().toISOString()));
  const staffEnabled = () => withStoreErrors(file, 'read', () => store.any());

  /** The session as it stands now: an idle one, or one whose member was removed, is signed out. */
  function refresh(session: CallSession): CallSession['signedIn'] {
    const signed = session.signedIn;
    if (signed === null) return null;
    const idleMs = deps.now().getTime() - session.lastActiveAt;
    const member = withStoreErrors(file, 'read', () => store.byId(signed.staffId));
    if (idleMs > config.idleLockS * 1000 || member === null) {
      session.signedIn = null;
      return null;
    }
    return signed;
  }

  function sessionDto(session: CallSession | undefined): StaffSessionDto {
    const signed = session ? refresh(session) : null;
    return {
      staffEnabled: staffEnabled(),
      signedIn: signed
        ? {
            id: signed.staffId,
            name: signed.name,
            role: signed.role,
            permissions: [...rolePermissions[signed.role]],
          }
        : null,
      idleLockS: config.idleLockS,
      lockedUntil: who_.lockedUntil(),
    };
  }

  const gate: StaffGate = {
    limits: { largeDiscountBps: config.largeDiscountBps, amountShareBps: deps.amountShareBps },
    check(call: StaffCheck): void {
      if (!staffEnabled()) return;
      const signed = refresh(call.session);
      if (signed === null) {
        if (call.open) return;
        throw new TillpointError(
          'staff.signed_out',
          'Nobody is signed in on this screen. Sign in with your PIN.',
        );
      }
      // only calls that do something keep a screen awake: what a screen reads on its own does not
      if (!call.open) call.session.lastActiveAt = deps.now().getTime();
      if (call.needs === null || roleHas(signed.role, call.needs.permission)) return;
      const { permission, subject } = call.needs;
      if (call.approval === undefined) {
        throw new TillpointError(
          'staff.approval_needed',
          `This needs the ${permission} permission: ask a manager to approve.`,
          {
            permission,
            subject,
          },
        );
      }
      const approval = approvals.get(call.approval);
      // one use only, whatever the outcome: a token shown once cannot be tried against another action
      approvals.delete(call.approval);
      if (
        approval === undefined ||
        approval.expiresAt < deps.now().getTime() ||
        approval.permission !== permission ||
        approval.subject !== subject
      ) {
        throw new TillpointError(
          'staff.approval_invalid',
          'That approval has expired or was for something else.',
          {
            permission,
            subject,
          },
        );
      }
      journal('staff.approval_used', uuidPattern.test(subject) ? subject : null, {
        method: call.method,
        permission,
        subject,
        approver: approval.approver,
        cashier: { id: signed.staffId, name: signed.name, role: signed.role },
      });
    },
  };

  async function approve(
    credential: StaffCredential,
    permission: Permission,
    subject: string,
    session: CallSession | undefined,
  ): Promise<ApprovalDto> {
    const approver = await who_.identify(credential);
    const signed = session ? refresh(session) : null;
    const cashier = signed ? { id: signed.staffId, name: signed.name, role: signed.role } : null;
    const saleId = uuidPattern.test(subject) ? subject : null;
    if (!roleHas(approver.role, permission)) {
      journal('staff.approval_refused', saleId, { permission, subject, approver: who(approver), cashier });
      throw new TillpointError(
        'staff.approver_not_allowed',
        `${approver.name} may not approve ${permission}.`,
        {
          permission,
        },
      );
    }
    const token = randomBytes(24).toString('base64url');
    const expiresAt = deps.now().getTime() + config.approvalTtlS * 1000;
    approvals.set(token, { permission, subject, expiresAt, approver: who(approver) });
    journal('staff.approval', saleId, { permission, subject, approver: who(approver), cashier });
    return {
      token,
      permission,
      subject,
      expiresAt: new Date(expiresAt).toISOString(),
      approver: who(approver),
    };
  }

  async function add(member: NewStaff, how: { onlyFirst?: boolean } = {}): Promise<StaffMemberDto> {
    checkStaffPinFormat(member.pin);
    const name = member.name.trim();
    if (name.length < 1 || name.length > 80) {
      throw new TillpointError('invalid_params', 'A name is 1 to 80 characters.', { length: name.length });
    }
    if (how.onlyFirst && staffEnabled()) throw alreadySetUp();
    if ((await who_.owner(member.pin)) !== null) {
      throw new TillpointError('staff.pin_taken', 'Another member of staff already has this PIN.');
    }
    const badge = member.badge === undefined ? null : badgeKey(deps.pepper(), member.badge);
    if (badge !== null && withStoreErrors(file, 'read', () => store.byBadge(badge)) !== null) {
      throw new TillpointError('staff.badge_taken', 'This badge already belongs to another member of staff.');
    }
    const pin = await hashStaffPin(deps.pepper(), member.pin, deps.hashParams);
    const id = randomUUID();
    const at = deps.now().toISOString();
    withStoreErrors(file, 'change', () =>
      db
        .transaction(() => {
          // checked again in the write: another screen may have set the till up while this PIN was hashing
          if (how.onlyFirst && store.any()) throw alreadySetUp();
          store.insert({ id, name, role: member.role, pin, badgeKey: badge }, at);
          const by = how.onlyFirst ? { by: 'first-run' } : {};
          store.journal('staff.added', null, { staff: { id, name, role: member.role }, ...by }, at);
        })
        .immediate(),
    );
    return { id, name, role: member.role, hasBadge: badge !== null, addedAt: at, source: 'local' };
  }

  /**
   * One staff change pulled from the hub, inside the sync client's transaction. Answers null when applied, or
   * why it was skipped (logged; the changes after it still apply, like a catalog change that cannot).
   */
  function applyHub(change: HubStaffChange): string | null {
    const at = deps.now().toISOString();
    const { id } = change.payload;
    if (change.kind === 'staff.remove') {
      if (store.removeHub(id, at)) store.journal('staff.removed', null, { staff: { id }, by: 'hub' }, at);
      return null;
    }
    const p = change.payload;
    const before = store.sourceOf(id);
    if (before?.source === 'local') return `a member of this till's own staff has the id ${id}`;
    if (p.badgeKey !== null && store.badgeTakenBy(p.badgeKey, id) !== null) {
      return `the badge of ${p.name} belongs to another member of staff on this till`;
    }
    store.upsertHub(
      {
        id,
        name: p.name,
        role: p.role,
        pin: {
          hash: Buffer.from(p.pinHash.hash, 'base64'),
          salt: Buffer.from(p.pinHash.salt, 'base64'),
          params: p.pinHash.params,
        },
        badgeKey: p.badgeKey,
      },
      at,
    );
    const kind = before === null || before.removed ? 'staff.added' : 'staff.changed';
    store.journal(kind, null, { staff: { id, name: p.name, role: p.role }, by: 'hub' }, at);
    return null;
  }

  const handlers = {
    'staff.signIn': async (credential, context?: CallContext) => {
      const member = await who_.identify(credential);
      const session = context?.session ?? { signedIn: null, lastActiveAt: 0 };
      session.signedIn = { staffId: member.id, name: member.name, role: member.role };
      session.lastActiveAt = deps.now().getTime();
      journal('staff.sign_in', null, { staff: who(member), by: 'pin' in credential ? 'pin' : 'badge' });
      return sessionDto(session);
    },
    'staff.lock': (_params, context?: CallContext) => {
      if (context?.session) context.session.signedIn = null;
      return sessionDto(context?.session);
    },
    'staff.current': (_params, context?: CallContext) => sessionDto(context?.session),
    'staff.addFirstManager': async ({ name, pin }, context?: CallContext) => {
      await add({ name, role: 'manager', pin }, { onlyFirst: true });
      // the screen that set the till up signs in like any other: with the new PIN
      if (context?.session) context.session.signedIn = null;
      return sessionDto(context?.session);
    },
    'staff.approve': ({ credential, permission, subject }, context?: CallContext) =>
      approve(credential, permission, subject, context?.session),
    'journal.list': ({ kinds, limit }): JournalEntryDto[] =>
      withStoreErrors(file, 'read', () => {
        const filter = kinds ? `WHERE kind IN (${kinds.map(() => '?').join(', ')})` : '';
        const rows = db
          .prepare(`SELECT id, at, kind, sale_id, data FROM journal ${filter} ORDER BY id DESC LIMIT ?`)
          .all(...(kinds ?? []), limit ?? 100) as {
          id: number;
          at: string;
          kind: string;
          sale_id: string | null;
          data: string;
        }[];
        return rows.map((r) => ({
          id: r.id,
          at: r.at,
          kind: r.kind,
          saleId: r.sale_id,
          data: JSON.parse(r.data) as unknown,
        }));
      }),
  } satisfies Pick<
    Handlers,
    | 'staff.signIn'
    | 'staff.lock'
    | 'staff.current'
    | 'staff.addFirstManager'
    | 'staff.approve'
    | 'journal.list'
  >;

  return {
    handlers,
    gate,
    enabled: staffEnabled,
    list: (): StaffMemberDto[] => withStoreErrors(file, 'read', () => store.all()).map(toMember),
    /** `tillpoint staff add`: refuses a PIN or badge another member has (a PIN names its owner) */
    add: (member: NewStaff) => add(member),
    /** the token an nfc.tap of a staff badge carries, or null when the UID is nobody's badge */
    badgeTap: who_.badgeTap,
    isBadge: who_.isBadge,
    remove(id: string): void {
      const at = deps.now().toISOString();
      const removed = withStoreErrors(file, 'change', () =>
        db
          .transaction(() => {
            const ok = store.remove(id, at);
            if (ok) store.journal('staff.removed', null, { staff: { id } }, at);
            return ok;
          })
          .immediate(),
      );
      if (removed) return;
      const row = withStoreErrors(file, 'read', () => store.sourceOf(id));
      if (row?.source === 'hub' && !row.removed) {
        // the next pull would not bring them back, but every other till would keep them: the hub decides
        throw new TillpointError(
          'staff.from_hub',
          'This member of staff was published by the hub: remove them there with tillpoint hub staff remove.',
          { id },
        );
      }
      throw new TillpointError('staff.not_found', 'There is no such member of staff on this till.', { id });
    },
    applyHub,
    /** the till holds staff the hub published */
    hasHubStaff: (): boolean => withStoreErrors(file, 'read', () => store.anyHub()),
    /** The kiosk's staff PIN accepts a member who may leave kiosk mode (no count: the kiosk counts its own). */
    async kioskAdmin(pin: string): Promise<{ id: string; name: string } | null> {
      const members = withStoreErrors(file, 'read', () => store.all()).filter((s) =>
        roleHas(s.role, 'kiosk.admin'),
      );
      if (members.length === 0 || !/^\d{4,6}$/.test(pin)) return null;
      const found = await who_.owner(pin, members);
      return found ? { id: found.id, name: found.name } : null;
    },
    hasKioskAdmin: (): boolean =>
      withStoreErrors(file, 'read', () => store.all()).some((s) => roleHas(s.role, 'kiosk.admin')),
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
