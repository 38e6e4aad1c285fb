import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { StaffSessionDto } from '../../shared/staff-dto.js';
import { ApiContext, useApi } from '../hooks/api-context.js';
import { ApprovalPad } from './ApprovalPad.js';
import { LockScreen } from './LockScreen.js';
import { withStaff, type ApprovalRequest } from './staff-api.js';

/** how often the screen asks who is signed in: the till locks an idle screen, this shows it */
const pollMs = 15_000;

interface StaffState {
  readonly session: StaffSessionDto | null;
  readonly lock: () => void;
  /** a call answered a new session (the first manager added): the gate shows what it means */
  readonly changed: (session: StaffSessionDto) => void;
}
const StaffContext = createContext<StaffState>({ session: null, lock: () => {}, changed: () => {} });
export const useStaff = (): StaffState => useContext(StaffContext);

/**
 * Around the cashier's screen: the lock screen while nobody is signed in on a till with staff, the
 * approval pad when a call needs someone else's permission, and the API that opens them. A till
 * without staff shows the screen as it always did.
 */
export function StaffGate({ children }: { readonly children: ReactNode }) {
  const raw = useApi();
  const [session, setSession] = useState<StaffSessionDto | null>(null);
  const [asking, setAsking] = useState<{ request: ApprovalRequest; done: (t: string | null) => void } | null>(
    null,
  );
  const rawRef = useRef(raw);
  rawRef.current = raw;

  const refresh = useCallback(async () => {
    const result = await rawRef.current['staff.current']({});
    if (result.ok) setSession(result.value);
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(timer);
  }, [refresh]);

  const api = useMemo(
    () =>
      withStaff(raw, {
        approve: (request) => new Promise((resolve) => setAsking({ request, done: resolve })),
        signedOut: () => void refresh(),
      }),
    [raw, refresh],
  );
  const lock = useCallback(() => {
    void raw['staff.lock']({}).then((result) => result.ok && setSession(result.value));
  }, [raw]);
  const state = useMemo(() => ({ session, lock, changed: setSession }), [session, lock]);

  if (session === null) return null;
  if (session.staffEnabled && session.signedIn === null) {
    return <LockScreen onSignedIn={setSession} />;
  }
  return (
    <StaffContext.Provider value={state}>
      <ApiContext.Provider value={api}>
        {children}
        {asking && (
          <ApprovalPad
            request={asking.request}
            onDone={(token) => {
              asking.done(token);
              setAsking(null);
            }}
          />
        )}
      </ApiContext.Provider>
    </StaffContext.Provider>
  );
}
