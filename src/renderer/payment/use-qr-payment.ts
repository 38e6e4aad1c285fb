import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PaymentAttemptDto, PaymentOptionsDto } from '../../shared/dto.js';
import type { ApiError, Result } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { isAttemptFinal, latestReport } from './attempt-progress.js';

export type CodeSource = 'camera' | 'scanner' | 'typed';

export interface QrPayment {
  readonly options: PaymentOptionsDto | null;
  /** The attempt on screen, as the terminal last reported it. */
  readonly attempt: PaymentAttemptDto | null;
  /** The last call's error (shown with role=alert); cleared by the next call. */
  readonly problem: ApiError | null;
  readonly busy: boolean;
  readonly chargeCode: (code: string, source: CodeSource) => Promise<void>;
  /** A QR for the customer; a pending one is cancelled first (the "New code" button). */
  readonly showQr: (providerId: string) => Promise<void>;
  readonly cancel: () => Promise<void>;
  readonly confirmByCashier: () => Promise<void>;
}

/** If an event was lost (a WebSocket reconnect), asking is the safety net: the terminal holds the truth. */
const POLL_MS = 2_000;
const SETTLE_TIMEOUT_MS = 20_000;

/**
 * One sale's wallet payment: the options, the current attempt and the calls on it. Every state shown comes
 * from the terminal (answers and payment.changed events), never from the screen's own guess.
 */
export function useQrPayment(saleId: string, onSucceeded: (attempt: PaymentAttemptDto) => void): QrPayment {
  const api = useApi();
  const [options, setOptions] = useState<PaymentOptionsDto | null>(null);
  const [attempt, setAttemptState] = useState<PaymentAttemptDto | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const current = useRef<PaymentAttemptDto | null>(null);
  const seen = useRef(new Map<string, PaymentAttemptDto>());
  const succeeded = useRef(false);
  const onSucceededRef = useRef(onSucceeded);
  useEffect(() => {
    onSucceededRef.current = onSucceeded;
  }, [onSucceeded]);

  const show = useCallback((next: PaymentAttemptDto) => {
    const best = latestReport(next, seen.current.get(next.id));
    seen.current.set(best.id, best);
    current.current = best;
    setAttemptState(best);
    if (best.state === 'succeeded' && !succeeded.current) {
      succeeded.current = true;
      onSucceededRef.current(best);
    }
  }, []);

  useEffect(() => {
    let live = true;
    const off = api.on('payment.changed', (changed) => {
      if (!live || changed.saleId !== saleId) return;
      seen.current.set(changed.id, latestReport(changed, seen.current.get(changed.id)));
      if (current.current?.id === changed.id) show(changed);
    });
    void api['payment.options']({ saleId }).then((result) => {
      if (!live) return;
      if (result.ok) setOptions(result.value);
      else setProblem(result.error);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, saleId, show]);

  const attemptId = attempt?.id;
  const attemptFinal = attempt ? isAttemptFinal(attempt) : true;
  useEffect(() => {
    if (!attemptId || attemptFinal) return;
    const timer = setInterval(() => {
      void api['payment.get']({ attemptId }).then((result) => {
        if (result.ok && current.current?.id === attemptId) show(result.value);
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, attemptId, attemptFinal, show]);

  const call = useCallback(
    async (task: () => Promise<Result<PaymentAttemptDto>>) => {
      setBusy(true);
      setProblem(null);
      try {
        const result = await task();
        if (result.ok) show(result.value);
        else setProblem(result.error);
      } finally {
        setBusy(false);
      }
    },
    [show],
  );

  /** Cancels a pending attempt and waits until the terminal reports it final (reversed, or paid after all). */
  const settle = useCallback(async (): Promise<boolean> => {
    const pending = current.current;
    if (!pending || isAttemptFinal(pending)) return true;
    const cancelled = await api['payment.cancel']({ attemptId: pending.id });
    if (!cancelled.ok) {
      setProblem(cancelled.error);
      return false;
    }
    show(cancelled.value);
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (current.current && !isAttemptFinal(current.current) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const fresh = await api['payment.get']({ attemptId: pending.id });
      if (fresh.ok) show(fresh.value);
    }
    return (
      current.current !== null && current.current.state !== 'succeeded' && isAttemptFinal(current.current)
    );
  }, [api, show]);

  const chargeCode = useCallback(
    (code: string, source: CodeSource) => call(() => api['payment.chargeCode']({ saleId, code, source })),
    [api, call, saleId],
  );

  const showQr = useCallback(
    async (providerId: string) => {
      setBusy(true);
      const ready = await settle();
      setBusy(false);
      if (ready) await call(() => api['payment.showQr']({ saleId, providerId }));
    },
    [api, call, saleId, settle],
  );

  const cancel = useCallback(async () => {
    const pending = current.current;
    if (!pending || isAttemptFinal(pending)) return;
    await call(() => api['payment.cancel']({ attemptId: pending.id }));
  }, [api, call]);

  const confirmByCashier = useCallback(async () => {
    const pending = current.current;
    if (!pending) return;
    await call(() => api['payment.confirmByCashier']({ attemptId: pending.id }));
  }, [api, call]);

  return useMemo(
    () => ({ options, attempt, problem, busy, chargeCode, showQr, cancel, confirmByCashier }),
    [options, attempt, problem, busy, chargeCode, showQr, cancel, confirmByCashier],
  );
}
