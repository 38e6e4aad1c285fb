import { useEffect, useRef, useState } from 'react';
import type { SvSessionDto } from '../../shared/nfc-dto.js';
import { sessionStep, type SessionStep } from './sv-session.js';
import { useSvSession, type SvSession } from './use-sv-session.js';

export interface SvDialog {
  readonly sv: SvSession;
  /** what the session allows now (confirm, cancel), null before it exists */
  readonly step: SessionStep | null;
  readonly cancelling: boolean;
  /** closes at once before a session exists; otherwise cancels it (never during a write) */
  readonly cancel: () => Promise<void>;
}

/**
 * What the card payment and top-up dialogs share: one session, closed through `onDone` when it is done and
 * through `onClose` when it is cancelled or the terminal no longer knows it.
 */
export function useSvDialog(onDone: (session: SvSessionDto) => void, onClose: () => void): SvDialog {
  const onDoneRef = useRef(onDone);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onDoneRef.current = onDone;
    onCloseRef.current = onClose;
  }, [onDone, onClose]);
  const sv = useSvSession((final) => {
    if (final.state === 'done') onDoneRef.current(final);
    else onCloseRef.current();
  });
  const [cancelling, setCancelling] = useState(false);
  const step = sv.session ? sessionStep(sv.session) : null;

  const cancel = async () => {
    if (!sv.session) return onCloseRef.current();
    if (step && !step.canCancel) return;
    setCancelling(true);
    const outcome = await sv.cancel();
    setCancelling(false);
    // A cancelled session closes through onFinal; one the terminal no longer knows closes here.
    if (outcome === 'gone') onCloseRef.current();
  };

  return { sv, step, cancelling, cancel };
}
