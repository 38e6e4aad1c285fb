import { useCallback, useEffect, useRef, useState } from 'react';
import { idlePhase, type IdlePhase } from './idle-phase.js';

interface IdleOptions {
  /** only a basket with items (or a payment) is watched; an empty one has nothing to give up */
  readonly enabled: boolean;
  readonly idleS: number;
  readonly countdownS: number;
  /** the countdown reached zero: give the basket up (called once per expiry) */
  readonly onExpire: () => void;
}

/** What counts as the customer still being there: a touch, a click, a key (a wedge scan is keys too). */
const activityEvents = ['pointerdown', 'keydown', 'touchstart'] as const;

/**
 * The idle watch: no activity for idleS seconds → asking, countdownS seconds later → onExpire. Runs on
 * setInterval and Date.now() (never performance.now()), so Playwright's page.clock drives it in tests.
 */
export function useIdle({ enabled, idleS, countdownS, onExpire }: IdleOptions): {
  readonly phase: IdlePhase;
  readonly stillHere: () => void;
} {
  const [last, setLast] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const expired = useRef(false);
  // While "Are you still there?" is up only its button answers: a touch that closed the dialog on
  // pointerdown would land its click on whatever lies beneath (a product tile).
  const asking = useRef(false);
  const onExpireRef = useRef(onExpire);
  useEffect(() => {
    onExpireRef.current = onExpire;
  }, [onExpire]);

  const stillHere = useCallback(() => {
    const at = Date.now();
    expired.current = false;
    setLast(at);
    setNow(at);
  }, []);

  useEffect(() => {
    // watching starts fresh: the first item's touch is the last activity
    stillHere();
    if (!enabled) return;
    const onActivity = () => {
      if (!expired.current && !asking.current) setLast(Date.now());
    };
    for (const name of activityEvents) window.addEventListener(name, onActivity, true);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      for (const name of activityEvents) window.removeEventListener(name, onActivity, true);
      clearInterval(timer);
    };
  }, [enabled, stillHere]);

  const phase: IdlePhase = enabled ? idlePhase(last, now, idleS, countdownS) : { kind: 'active' };
  useEffect(() => {
    asking.current = phase.kind === 'asking';
  }, [phase.kind]);
  useEffect(() => {
    if (phase.kind === 'expired' && !expired.current) {
      expired.current = true;
      onExpireRef.current();
    }
  }, [phase.kind]);

  return { phase, stillHere };
}
