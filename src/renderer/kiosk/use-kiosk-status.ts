import { useCallback, useEffect, useState } from 'react';
import type { KioskStatusDto } from '../../shared/kiosk-dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';

/** Timings when the terminal has not answered kiosk.status (yet): the kiosk still works, a little slower to reset. */
export const defaultTimings = { idleS: 90, countdownS: 30, thankYouS: 15 } as const;

export interface KioskStatus {
  /** the terminal's last word (kiosk.status, kiosk.changed, or a kiosk call's answer), null before it */
  readonly status: KioskStatusDto | null;
  /** why kiosk.status failed (kiosk.not_enabled on a till not started as a kiosk) */
  readonly problem: ApiError | null;
  readonly idleS: number;
  readonly countdownS: number;
  readonly thankYouS: number;
  /** a kiosk call answered a fresh status: show it at once, before the event */
  readonly update: (status: KioskStatusDto) => void;
  /** ask again (after a refused PIN: the tries left and lockout changed) */
  readonly refresh: () => Promise<KioskStatusDto | null>;
}

/** The kiosk's help request, staff checks and PIN lockout, from kiosk.status and the kiosk.changed events. */
export function useKioskStatus(): KioskStatus {
  const api = useApi();
  const [status, setStatus] = useState<KioskStatusDto | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);

  const refresh = useCallback(async () => {
    const result = await api['kiosk.status']({});
    if (result.ok) {
      setStatus(result.value);
      setProblem(null);
      return result.value;
    }
    setProblem(result.error);
    return null;
  }, [api]);

  useEffect(() => {
    const off = api.on('kiosk.changed', setStatus);
    void refresh();
    return off;
  }, [api, refresh]);

  return {
    status,
    problem,
    idleS: status?.idleS ?? defaultTimings.idleS,
    countdownS: status?.countdownS ?? defaultTimings.countdownS,
    thankYouS: status?.thankYouS ?? defaultTimings.thankYouS,
    update: setStatus,
    refresh,
  };
}
