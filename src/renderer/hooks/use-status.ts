import { useEffect, useState } from 'react';
import type { StatusDto } from '../../shared/dto.js';
import { useApi } from './api-context.js';

/** status.get once, then every 'status.changed' event (outbox size, network state). */
export function useStatus(): StatusDto | null {
  const api = useApi();
  const [status, setStatus] = useState<StatusDto | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('status.changed', (next) => {
      if (live) setStatus(next);
    });
    void api['status.get']({}).then((result) => {
      if (live && result.ok) setStatus(result.value);
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return status;
}
