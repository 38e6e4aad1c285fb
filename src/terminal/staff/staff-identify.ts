import { randomBytes } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import { badgeKey, checkStaffPinFormat, staffPinMatches } from './staff-pin-hash.js';
import type { StaffConfig } from './staff-config.js';
import { noTries, type StaffRow, type StaffStore, type StaffTries } from './staff-store.js';

export type StaffCredential =
  { readonly pin: string } | { readonly badge: string } | { readonly badgeTap: string };

export interface IdentifyDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: StaffStore;
  readonly pepper: () => Buffer;
  /** the hub's staff key (hub staff are HMACed with it), null until the till has fetched it */
  readonly orgPepper: () => Buffer | null;
  readonly config: StaffConfig;
  readonly now: () => Date;
}

/** How long a badge tap's token waits for the screen that wants it (the renderer answers in milliseconds). */
export const badgeTapTtlMs = 30_000;

/** The longest lockout, however many follow each other. */
const maxLockoutMs = 24 * 3600 * 1000;

/**
 * Who a PIN or badge belongs to. A PIN names its owner (PINs are unique per till), so it is checked against
 * every member of staff at once. Wrong PINs count on one counter per till; the count and the lockout are
 * committed before the answer, so a restart gives no tries back, and while locked even a right PIN is
 * refused. Each lockout in a row lasts twice the one before (the back-off).
 */
export function createStaffIdentify(deps: IdentifyDeps) {
  const { db, file, store } = deps;

  function effective(tries: StaffTries, now: Date): StaffTries {
    if (tries.lockedUntil === null || Date.parse(tries.lockedUntil) > now.getTime()) return tries;
    // a lockout that ended gives the tries back, and remembers it happened (the next one is longer)
    return { failures: 0, lockouts: tries.lockouts, lockedUntil: null };
  }
  const lockedError = (until: string) =>
    new TillpointError('staff.pin_locked', `Too many wrong PINs. Sign-in is locked until ${until}.`, {
      until,
    });

  function lockedUntil(): string | null {
    return effective(
      withStoreErrors(file, 'read', () => store.readTries()),
      deps.now(),
    ).lockedUntil;
  }

  /**
   * Every member whose PIN this is, each checked under their own pepper (the till's, or the hub's staff key
   * for hub staff). Hub staff cannot be checked while the till has no staff key: `unchecked` says so.
   */
  async function owners(
    pin: string,
    among: readonly StaffRow[],
  ): Promise<{ found: StaffRow[]; unchecked: boolean }> {
    const tillPepper = deps.pepper();
    const orgPepper = among.some((s) => s.pinPepper === 'org') ? deps.orgPepper() : null;
    const checkable = among.filter((s) => s.pinPepper === 'till' || orgPepper !== null);
    const matches = await Promise.all(
      checkable.map((s) => staffPinMatches(s.pinPepper === 'org' ? orgPepper! : tillPepper, pin, s.pin)),
    );
    return { found: checkable.filter((_, i) => matches[i]), unchecked: checkable.length < among.length };
  }

  /** The member whose PIN this is, without counting anything (the duplicate check at `staff add`). */
  async function owner(pin: string, among: readonly StaffRow[] = store.all()): Promise<StaffRow | null> {
    return (await owners(pin, among)).found[0] ?? null;
  }

  async function byPin(pin: string): Promise<StaffRow> {
    checkStaffPinFormat(pin);
    const before = lockedUntil();
    if (before !== null) throw lockedError(before);
    const { found: all, unchecked } = await owners(
      pin,
      withStoreErrors(file, 'read', () => store.all()),
    );
    // A PIN must name one person. The till refuses its own duplicates, but a PIN the hub published may equal
    // a local one (the hub cannot see them): signing in as either could give the wrong role, so neither does.
    if (all.length > 1) {
      withStoreErrors(file, 'change', () =>
        store.journal(
          'staff.pin_ambiguous',
          null,
          { staff: all.map((s) => ({ id: s.id, name: s.name, source: s.source })) },
          deps.now().toISOString(),
        ),
      );
      throw new TillpointError(
        'staff.pin_ambiguous',
        'This PIN belongs to more than one member of staff on this till; a manager gives one of them a new PIN.',
        { staff: all.map((s) => s.id) },
      );
    }
    const found = all[0] ?? null;
    // checked again in the write: another try may have locked sign-in while this one was hashing
    const outcome = withStoreErrors(file, 'change', () =>
      db
        .transaction(() => {
          const now = deps.now();
          const at = now.toISOString();
          const tries = effective(store.readTries(), now);
          if (tries.lockedUntil !== null) return { kind: 'locked' as const, until: tries.lockedUntil };
          if (found) {
            if (tries.failures > 0 || tries.lockouts > 0) store.writeTries(noTries, null);
            return { kind: 'right' as const };
          }
          const failures = tries.failures + 1;
          if (failures >= deps.config.maxTries) {
            const ms = Math.min(maxLockoutMs, deps.config.lockoutS * 1000 * 2 ** tries.lockouts);
            const until = new Date(now.getTime() + ms).toISOString();
            store.writeTries({ failures, lockouts: tries.lockouts + 1, lockedUntil: until }, at);
            store.journal('staff.pin_locked', null, { until, failures }, at);
            return { kind: 'locked' as const, until };
          }
          store.writeTries({ failures, lockouts: tries.lockouts, lockedUntil: null }, at);
          return { kind: 'wrong' as const, triesLeft: deps.config.maxTries - failures };
        })
        .immediate(),
    );
    if (outcome.kind === 'right' && found) return found;
    if (outcome.kind === 'locked') throw lockedError(outcome.until);
    const triesLeft = outcome.kind === 'wrong' ? outcome.triesLeft : 0;
    // counted like any wrong PIN (an uncounted answer would let anyone guess the till's own PINs freely)
    if (unchecked) {
      throw new TillpointError(
        'staff.hub_key_missing',
        'Wrong PIN, or a PIN published by the hub: this till has not got the hub staff key to check those yet. Sync with the hub and try again.',
        { triesLeft },
      );
    }
    throw new TillpointError('staff.pin_wrong', 'Wrong PIN.', { triesLeft });
  }

  /** The member whose badge this is: the UID under the till's pepper, then under the hub's staff key. */
  function badgeLookup(uid: string): StaffRow | null {
    const local = store.byBadge(badgeKey(deps.pepper(), uid));
    if (local !== null || !store.anyHub()) return local;
    const org = deps.orgPepper();
    return org === null ? null : store.byBadge(badgeKey(org, uid));
  }

  function byBadge(uid: string): StaffRow {
    const found = withStoreErrors(file, 'read', () => badgeLookup(uid));
    if (found) return found;
    // journaled with the UID's last digits only: enough to find the card, not to copy it
    const tail = uid
      .replace(/[^0-9a-f]/gi, '')
      .slice(-4)
      .toUpperCase();
    withStoreErrors(file, 'change', () =>
      store.journal('staff.unknown_badge', null, { badgeEnds: tail }, deps.now().toISOString()),
    );
    throw new TillpointError('staff.unknown_badge', 'Nobody on this till owns this badge.', {
      badgeEnds: tail,
    });
  }

  // A tapped badge's UID stays in the terminal: every screen hears nfc.tap (the customer display too), so the
  // event carries a one-time token for the member instead, kept here in memory only.
  const taps = new Map<string, { readonly staffId: string; readonly expiresAt: number }>();

  // a till without staff has no badges: no pepper is read (or made) for every card on the reader
  const badgeOwner = (uid: string): StaffRow | null =>
    withStoreErrors(file, 'read', () => (store.any() ? badgeLookup(uid) : null));

  /** A token for the member whose badge this UID is, or null when it is nobody's badge (not journaled). */
  function badgeTap(uid: string): string | null {
    const found = badgeOwner(uid);
    if (found === null) return null;
    const now = deps.now().getTime();
    for (const [token, tap] of taps) if (tap.expiresAt < now) taps.delete(token);
    const token = randomBytes(24).toString('base64url');
    taps.set(token, { staffId: found.id, expiresAt: now + badgeTapTtlMs });
    return token;
  }

  /** whether this UID is a member of staff's badge (the reader's status then leaves the UID out) */
  const isBadge = (uid: string): boolean => badgeOwner(uid) !== null;

  function byBadgeTap(token: string): StaffRow {
    const tap = taps.get(token);
    // one use only: a screen that heard the same tap later cannot sign in with it too
    taps.delete(token);
    const member =
      tap && tap.expiresAt >= deps.now().getTime()
        ? withStoreErrors(file, 'read', () => store.byId(tap.staffId))
        : null;
    if (member === null) {
      throw new TillpointError('staff.badge_tap_expired', 'That badge tap has lapsed. Tap the badge again.');
    }
    return member;
  }

  return {
    lockedUntil,
    owner,
    badgeTap,
    isBadge,
    /** the member a PIN, a badge or a badge tap names; a wrong PIN counts towards the lockout */
    identify: (credential: StaffCredential): Promise<StaffRow> => {
      if ('pin' in credential) return byPin(credential.pin);
      if ('badge' in credential) return Promise.resolve(byBadge(credential.badge));
      return Promise.resolve(byBadgeTap(credential.badgeTap));
    },
  };
}

export type StaffIdentify = ReturnType<typeof createStaffIdentify>;
