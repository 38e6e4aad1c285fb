import { TillpointError } from '../../core/errors.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { KioskStore, PinTries } from './kiosk-store.js';
import { checkPinFormat, DEMO_STAFF_PIN, hashPin, pinMatches, type PinHash } from './staff-pin.js';

export interface PinCheckDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: KioskStore;
  /** wrong PINs in a row that lock the PIN pad, and for how long */
  readonly maxTries: number;
  readonly lockoutS: number;
  /** demo mode: without a PIN of its own the kiosk takes the public demo PIN */
  readonly demo: boolean;
  readonly now: () => Date;
  /** after a commit that changed the tries or the lockout (the kiosk announces kiosk.changed) */
  readonly changed: () => void;
}

/**
 * The staff PIN: one counter of wrong tries for every use (clearing a help request, leaving kiosk mode).
 * The count and the lockout are committed before the kiosk is answered, so neither a restart nor a kill
 * gives tries back; while locked even the right PIN is refused. A PIN that is not 4-8 digits is a typing
 * slip, refused without counting.
 */
export function createPinCheck(deps: PinCheckDeps) {
  const { db, file, store } = deps;
  let demoHash: Promise<PinHash> | null = null;

  const readPin = () => withStoreErrors(file, 'read', () => store.readPin());
  /** the tries as they count now: a lockout that has ended gives the full number of tries again */
  function effective(tries: PinTries, now: Date): { failures: number; lockedUntil: string | null } {
    if (tries.lockedUntil === null) return tries;
    if (Date.parse(tries.lockedUntil) > now.getTime()) return tries;
    return { failures: 0, lockedUntil: null };
  }
  const lockedError = (until: string) =>
    new TillpointError('kiosk.pin_locked', `Too many wrong PINs. The PIN pad is locked until ${until}.`, {
      until,
    });

  function status(): { lockedUntil: string | null; triesLeft: number } {
    const tries = effective(
      withStoreErrors(file, 'read', () => store.readTries()),
      deps.now(),
    );
    if (tries.lockedUntil !== null) return { lockedUntil: tries.lockedUntil, triesLeft: 0 };
    return { lockedUntil: null, triesLeft: Math.max(0, deps.maxTries - tries.failures) };
  }

  return {
    status,
    hasPin: (): boolean => readPin() !== null,
    /** the kiosk runs on the public demo PIN (demo mode, no PIN set): staff are told so */
    demoPin: (): boolean => deps.demo && readPin() === null,

    /** Sets (or replaces) the staff PIN; a lockout ends with it. */
    async set(pin: string): Promise<void> {
      const hashed = await hashPin(pin);
      withStoreErrors(file, 'change', () =>
        db
          .transaction(() => {
            const at = deps.now().toISOString();
            store.writePin(hashed, at);
            store.writeTries({ failures: 0, lockedUntil: null }, null);
            store.journal('kiosk.pin_set', null, {}, at);
          })
          .immediate(),
      );
      deps.changed();
    },

    /**
     * Checks a staff PIN. Right: the tries start again and `onRight` runs in the same transaction (what the
     * PIN allows, with its journal row); answers the time of that commit. Wrong: kiosk.pin_wrong with
     * `details.triesLeft`, or kiosk.pin_locked with `details.until` when this try used the last one.
     */
    async verify(pin: string, onRight: (at: string) => void): Promise<string> {
      checkPinFormat(pin);
      const before = status();
      if (before.lockedUntil !== null) throw lockedError(before.lockedUntil);
      let stored = readPin();
      if (stored === null) {
        if (!deps.demo) {
          throw new TillpointError(
            'kiosk.no_staff_pin',
            'No staff PIN is set for this kiosk. Set one with tillpoint kiosk set-pin.',
          );
        }
        demoHash ??= hashPin(DEMO_STAFF_PIN);
        stored = await demoHash;
      }
      const right = await pinMatches(pin, stored);
      // checked again in the write: another try may have locked the pad while this one was hashing
      const outcome = withStoreErrors(file, 'change', () =>
        db
          .transaction(() => {
            const now = deps.now();
            const at = now.toISOString();
            const tries = effective(store.readTries(), now);
            if (tries.lockedUntil !== null) return { kind: 'locked' as const, until: tries.lockedUntil };
            if (right) {
              store.writeTries({ failures: 0, lockedUntil: null }, null);
              onRight(at);
              return { kind: 'right' as const, at };
            }
            const failures = tries.failures + 1;
            if (failures >= deps.maxTries) {
              const until = new Date(now.getTime() + deps.lockoutS * 1000).toISOString();
              store.writeTries({ failures, lockedUntil: until }, at);
              store.journal('kiosk.pin_locked', null, { until, failures }, at);
              return { kind: 'locked' as const, until };
            }
            store.writeTries({ failures, lockedUntil: null }, at);
            return { kind: 'wrong' as const, triesLeft: deps.maxTries - failures };
          })
          .immediate(),
      );
      if (outcome.kind === 'right') {
        if (before.triesLeft !== deps.maxTries) deps.changed();
        return outcome.at;
      }
      deps.changed();
      if (outcome.kind === 'locked') throw lockedError(outcome.until);
      throw new TillpointError('kiosk.pin_wrong', 'Wrong staff PIN.', { triesLeft: outcome.triesLeft });
    },
  };
}

export type PinCheck = ReturnType<typeof createPinCheck>;
