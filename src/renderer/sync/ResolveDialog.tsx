import { useId, useState, type FormEvent } from 'react';
import type { OutboxEntryDto } from '../../shared/dto.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';

interface ResolveDialogProps {
  readonly entry: OutboxEntryDto;
  /** what the entry is called on screen ("Sale No. 12") */
  readonly label: string;
  readonly onResolved: (entry: OutboxEntryDto) => void;
  readonly onClose: () => void;
}

/**
 * Resolving a parked entry cannot be undone and means it never reaches the hub, so the dialog says that
 * and asks for the manager's note (sync.resolve keeps it with the entry). Focus starts in the note.
 */
export function ResolveDialog({ entry, label, onResolved, onClose }: ResolveDialogProps) {
  const api = useApi();
  const { t, error: errorText } = useI18n();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const noteId = useId();
  const explainId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (note.trim() === '') return setProblem(t('sync.resolve.badNote'));
    setBusy(true);
    setProblem('');
    const result = await api['sync.resolve']({ entryId: entry.id, note: note.trim() });
    setBusy(false);
    if (!result.ok) return setProblem(errorText(result.error));
    onResolved(result.value);
  };

  return (
    <Dialog title={t('sync.resolve.title', { entry: label })} onClose={onClose}>
      <form onSubmit={(event) => void onSubmit(event)}>
        <p id={explainId}>{t('sync.resolve.explain')}</p>
        <div className="field">
          <label htmlFor={noteId}>{t('sync.resolve.note')}</label>
          <textarea
            id={noteId}
            aria-describedby={explainId}
            autoFocus
            maxLength={500}
            rows={3}
            placeholder={t('sync.resolve.noteHint')}
            value={note}
            onChange={(event) => {
              setNote(event.target.value);
              setProblem('');
            }}
          />
        </div>
        {problem && <p role="alert">{problem}</p>}
        <div className="dialog-actions">
          <button type="button" className="button-quiet" onClick={onClose}>
            {t('sync.resolve.keep')}
          </button>
          <button type="submit" className="button-danger" disabled={busy}>
            {busy ? t('sync.resolve.working') : t('sync.resolve.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
