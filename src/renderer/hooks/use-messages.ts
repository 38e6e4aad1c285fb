import { useCallback, useMemo, useState } from 'react';

export interface Messages {
  /** Polite news for role="status": "Added Green Tea". */
  readonly info: string;
  /** Something the cashier must act on, for role="alert". Empty when there is none. */
  readonly alert: string;
  readonly inform: (text: string) => void;
  readonly warn: (text: string) => void;
  readonly dismiss: () => void;
  /** Both regions empty: another screen opened, and the last one's news is not about it. */
  readonly clear: () => void;
}

/** The cashier screen's two live regions; a new info clears a stale alert so old errors do not linger. */
export function useMessages(): Messages {
  const [info, setInfo] = useState('');
  const [alert, setAlert] = useState('');
  const inform = useCallback((text: string) => {
    setAlert('');
    setInfo(text);
  }, []);
  const warn = useCallback((text: string) => setAlert(text), []);
  const dismiss = useCallback(() => setAlert(''), []);
  const clear = useCallback(() => {
    setAlert('');
    setInfo('');
  }, []);
  return useMemo(
    () => ({ info, alert, inform, warn, dismiss, clear }),
    [info, alert, inform, warn, dismiss, clear],
  );
}
