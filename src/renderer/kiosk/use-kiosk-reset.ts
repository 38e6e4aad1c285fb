import { useCallback, useEffect, useRef, useState } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { isAttemptFinal } from '../payment/attempt-progress.js';

/** If a payment.changed was lost (a reconnect), asking is the safety net while a reversal runs. */
const POLL_MS = 2_000;

export interface KioskReset {
  /** a payment is being reversed before the basket can go: "Cancelling your payment…" */
  readonly reversing: boolean;
  readonly problem: ApiError | null;
  readonly reset: (reason: 'idle' | 'customer') => Promise<void>;
}

interface ResetHandlers {
  /** the basket was voided, or there was none: back to the attract screen */
  readonly onGone: () => void;
  /** the payment went through after all: the thank-you for this sale */
  readonly onCompleted: (sale: SaleDto) => void;
}

/**
 * Giving up a basket (idle, or the customer's Cancel order) through kiosk.reset, which never voids while a
 * payment attempt may still take money: it answers 'reversing', the kiosk says "Cancelling your payment…",
 * waits for the attempt to be final (payment.changed, polled as a safety net) and asks again.
 */
export function useKioskReset(saleId: string | null, handlers: ResetHandlers): KioskReset {
  const api = useApi();
  const [waitingFor, setWaitingFor] = useState<{ attemptId: string; reason: 'idle' | 'customer' } | null>(
    null,
  );
  const [problem, setProblem] = useState<ApiError | null>(null);
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  }, [handlers]);

  const reset = useCallback(
    async (reason: 'idle' | 'customer') => {
      if (saleId === null) return handlersRef.current.onGone();
      const result = await api['kiosk.reset']({ saleId, reason });
      if (!result.ok) {
        // the basket is already gone (completed or voided elsewhere): nothing is left to give up
        if (result.error.code === 'sale.not_found') return handlersRef.current.onGone();
        setProblem(result.error);
        return;
      }
      setProblem(null);
      const { outcome, sale, attempt } = result.value;
      if (outcome === 'reversing' && attempt) setWaitingFor({ attemptId: attempt.id, reason });
      else if (outcome === 'completed' && sale) handlersRef.current.onCompleted(sale);
      else {
        setWaitingFor(null);
        handlersRef.current.onGone();
      }
    },
    [api, saleId],
  );

  useEffect(() => {
    if (waitingFor === null) return;
    let done = false;
    const settle = () => {
      if (done) return;
      done = true;
      setWaitingFor(null);
      void reset(waitingFor.reason);
    };
    const off = api.on('payment.changed', (attempt) => {
      if (attempt.id === waitingFor.attemptId && isAttemptFinal(attempt)) settle();
    });
    const timer = setInterval(() => {
      void api['payment.get']({ attemptId: waitingFor.attemptId }).then((result) => {
        if (result.ok && isAttemptFinal(result.value)) settle();
      });
    }, POLL_MS);
    return () => {
      done = true;
      off();
      clearInterval(timer);
    };
  }, [api, reset, waitingFor]);

  return { reversing: waitingFor !== null, problem, reset };
}
