import { useCallback, useEffect, useState } from 'react';
import type { TerminalInfoDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from './api-context.js';

export type TerminalInfoState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly info: TerminalInfoDto }
  | { readonly kind: 'failed'; readonly error: ApiError };

/** terminal.info decides locale and currency before anything else renders. */
export function useTerminalInfo(): { state: TerminalInfoState; retry: () => void } {
  const api = useApi();
  const [state, setState] = useState<TerminalInfoState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    void api['terminal.info']({}).then((result) => {
      if (!live) return;
      setState(result.ok ? { kind: 'ready', info: result.value } : { kind: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [api, attempt]);
  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return { state, retry };
}
