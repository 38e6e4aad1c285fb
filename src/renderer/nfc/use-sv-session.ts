import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SvSessionDto } from '../../shared/nfc-dto.js';
import type { ApiError, Result } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { isSessionFinal, latestSession } from './sv-session.js';

export interface SvSession {
  /** The session as the terminal last reported it (answers and svcard.changed events), or null. */
  readonly session: SvSessionDto | null;
  /** The last call's error (role=alert); cleared by the next call. */
  readonly problem: ApiError | null;
  readonly busy: boolean;
  /** svcard.payBegin or svcard.topUpBegin */
  readonly begin: (task: () => Promise<Result<SvSessionDto>>) => Promise<void>;
  readonly confirm: () => Promise<void>;
  /**
   * Cancels the session. 'final': it is over and onFinal has run (cancelled, or done after all); 'gone': the
   * terminal no longer knows it, so there is nothing left to cancel; 'open': it goes on (the error is shown).
   */
  readonly cancel: () => Promise<'final' | 'gone' | 'open'>;
}

/** If an event was lost (a WebSocket reconnect), asking is the safety net: the terminal holds the truth. */
const POLL_MS = 2_000;

/**
 * One stored-value session (pay or top-up). Every state shown comes from the terminal; `onFinal` runs once
 * when the session is done or cancelled.
 */
export function useSvSession(onFinal: (session: SvSessionDto) => void): SvSession {
  const api = useApi();
  const [session, setSession] = useState<SvSessionDto | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const current = useRef<SvSessionDto | null>(null);
  // Events that arrive before the begin call's answer names the session.
  const seen = useRef(new Map<string, SvSessionDto>());
  const finished = useRef(false);
  const onFinalRef = useRef(onFinal);
  useEffect(() => {
    onFinalRef.current = onFinal;
  }, [onFinal]);

  const show = useCallback((next: SvSessionDto) => {
    const best = latestSession(next, seen.current.get(next.id));
    seen.current.set(best.id, best);
    current.current = best;
    setSession(best);
    if (isSessionFinal(best) && !finished.current) {
      finished.current = true;
      onFinalRef.current(best);
    }
  }, []);

  useEffect(() => {
    let live = true;
    const off = api.on('svcard.changed', (changed) => {
      if (!live) return;
      if (current.current?.id === changed.id) show(changed);
      else if (!current.current)
        seen.current.set(changed.id, latestSession(changed, seen.current.get(changed.id)));
    });
    return () => {
      live = false;
      off();
    };
  }, [api, show]);

  // Leaving the dialog must not leave the terminal waiting for a tap: the open session would stand in the
  // way of the next one. A write in progress is the card's business and finishes on its own.
  const mounted = useRef(true);
  const abandon = useCallback(
    (open: SvSessionDto | null) => {
      if (open && !isSessionFinal(open) && open.state !== 'writing') {
        void api['svcard.cancel']({ sessionId: open.id });
      }
    },
    [api],
  );
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      abandon(current.current);
    };
  }, [abandon]);

  const sessionId = session?.id;
  const final = session ? isSessionFinal(session) : true;
  useEffect(() => {
    if (!sessionId || final) return;
    const timer = setInterval(() => {
      void api['svcard.get']({ sessionId }).then((result) => {
        if (result.ok && current.current?.id === sessionId) show(result.value);
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, sessionId, final, show]);

  const call = useCallback(
    async (task: () => Promise<Result<SvSessionDto>>): Promise<Result<SvSessionDto>> => {
      setBusy(true);
      setProblem(null);
      try {
        const result = await task();
        // The answer to a begin that came after the dialog closed: nobody will confirm it.
        if (!mounted.current) abandon(result.ok ? result.value : null);
        else if (result.ok) show(result.value);
        else setProblem(result.error);
        return result;
      } finally {
        setBusy(false);
      }
    },
    [abandon, show],
  );

  const begin = useCallback(
    async (task: () => Promise<Result<SvSessionDto>>) => {
      await call(task);
    },
    [call],
  );

  const confirm = useCallback(async () => {
    const open = current.current;
    if (!open || isSessionFinal(open)) return;
    await call(() => api['svcard.confirm']({ sessionId: open.id }));
  }, [api, call]);

  const cancel = useCallback(async (): Promise<'final' | 'gone' | 'open'> => {
    const open = current.current;
    if (!open) return 'gone';
    if (isSessionFinal(open)) return 'final';
    const result = await call(() => api['svcard.cancel']({ sessionId: open.id }));
    if (result.ok) return current.current && isSessionFinal(current.current) ? 'final' : 'open';
    // The terminal no longer knows it (ended, or the till restarted): nothing is left to cancel.
    return result.error.code === 'card.session_not_found' ? 'gone' : 'open';
  }, [api, call]);

  return useMemo(
    () => ({ session, problem, busy, begin, confirm, cancel }),
    [session, problem, busy, begin, confirm, cancel],
  );
}
