import { useId, useState } from 'react';
import type { ApiError } from '../../shared/result.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { PinPad } from './PinPad.js';
import { useStaff } from './StaffGate.js';

type Step =
  { readonly kind: 'name' } | { readonly kind: 'pin' } | { readonly kind: 'again'; readonly first: string };

/** The dialog: the manager's name, then the PIN twice on the pad (typed twice, so a slip is caught). */
function FirstManagerDialog({ onClose }: { readonly onClose: () => void }) {
  const api = useApi();
  const { changed } = useStaff();
  const { t, error: errorText } = useI18n();
  const [name, setName] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'name' });
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const nameId = useId();

  const add = async (chosen: string) => {
    setBusy(true);
    const result = await api['staff.addFirstManager']({ name: name.trim(), pin: chosen });
    setBusy(false);
    setPin('');
    if (result.ok) changed(result.value);
    else {
      setProblem(result.error);
      setStep({ kind: result.error.code === 'invalid_params' ? 'name' : 'pin' });
    }
  };
  const submitPin = (typed: string) => {
    setProblem(null);
    if (step.kind === 'pin') {
      setMismatch(false);
      setStep({ kind: 'again', first: typed });
      setPin('');
    } else if (step.kind === 'again') {
      if (typed === step.first) void add(typed);
      else {
        setMismatch(true);
        setPin('');
        setStep({ kind: 'pin' });
      }
    }
  };

  return (
    <Dialog title={t('staff.firstRun.open')} onClose={onClose} className="approval-pad">
      {step.kind === 'name' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim() !== '') setStep({ kind: 'pin' });
          }}
        >
          <label htmlFor={nameId}>{t('staff.firstRun.name')}</label>
          <input
            id={nameId}
            value={name}
            maxLength={80}
            autoComplete="off"
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button-primary" disabled={name.trim() === ''}>
            {t('staff.firstRun.next')}
          </button>
        </form>
      ) : (
        <>
          <p>
            {step.kind === 'pin'
              ? t('staff.firstRun.pinPrompt', { name: name.trim() })
              : t('staff.firstRun.againPrompt')}
          </p>
          <PinPad
            key={step.kind}
            pin={pin}
            onPin={setPin}
            onSubmit={submitPin}
            submitLabel={step.kind === 'pin' ? t('staff.firstRun.next') : t('staff.firstRun.add')}
            disabled={busy}
            keyboard
          />
        </>
      )}
      {mismatch && <p role="alert">{t('staff.firstRun.mismatch')}</p>}
      {problem && (
        <p role="alert">{errorText(problem, (problem.details ?? {}) as Record<string, string | number>)}</p>
      )}
      <button type="button" onClick={onClose}>
        {t('staff.firstRun.cancel')}
      </button>
    </Dialog>
  );
}

/**
 * Settings → Staff. On a till with no staff: "Add the first manager" (the till then locks and asks for
 * sign-in). With staff: where they are managed.
 */
export function StaffSettings() {
  const { t } = useI18n();
  const { session } = useStaff();
  const [open, setOpen] = useState(false);
  const titleId = useId();
  if (session === null) return null;
  return (
    <section aria-labelledby={titleId} className="settings-staff">
      <h2 id={titleId}>{t('staff.firstRun.title')}</h2>
      {session.staffEnabled ? (
        <p>{t('staff.firstRun.hasStaff')}</p>
      ) : (
        <>
          <p>{t('staff.firstRun.explain')}</p>
          <button type="button" className="button-primary" onClick={() => setOpen(true)}>
            {t('staff.firstRun.open')}
          </button>
          {open && <FirstManagerDialog onClose={() => setOpen(false)} />}
        </>
      )}
    </section>
  );
}
