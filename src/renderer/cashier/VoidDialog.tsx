import { useState } from 'react';
import type { ApiError } from '../../shared/result.js';
import { Dialog } from '../components/Dialog.js';
import { useI18n } from '../hooks/i18n-context.js';

interface VoidDialogProps {
  readonly itemCount: number;
  readonly onVoid: () => Promise<ApiError | null>;
  readonly onClose: () => void;
}

/** Voiding cannot be undone, so it asks first; the default focus is on keeping the ticket. */
export function VoidDialog({ itemCount, onVoid, onClose }: VoidDialogProps) {
  const { t, error: errorText } = useI18n();
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    const error = await onVoid();
    setBusy(false);
    if (error) setProblem(errorText(error));
    else onClose();
  };
  return (
    <Dialog title={t('void.title')} onClose={onClose}>
      <p>{t('void.question', { count: itemCount })}</p>
      {problem && <p role="alert">{problem}</p>}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>
          {t('void.keep')}
        </button>
        <button type="button" className="button-danger" disabled={busy} onClick={() => void confirm()}>
          {t('void.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
