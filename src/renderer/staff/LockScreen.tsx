import { useState } from 'react';
import type { StaffSessionDto } from '../../shared/staff-dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { PinPad } from './PinPad.js';

/** The till's lock screen: sign in by PIN (pad or keyboard) or a badge tap. The open ticket waits. */
export function LockScreen({ onSignedIn }: { readonly onSignedIn: (session: StaffSessionDto) => void }) {
  const api = useApi();
  const { t, error: errorText } = useI18n();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const result = await api['staff.signIn']({ pin });
    setBusy(false);
    setPin('');
    if (result.ok) {
      setProblem(null);
      onSignedIn(result.value);
    } else setProblem(result.error);
  };
  const until = (problem?.details as { until?: string } | undefined)?.until;
  return (
    <main className="lock-screen">
      <h1>{t('staff.lock.title')}</h1>
      <p>{t('staff.lock.prompt')}</p>
      <PinPad
        pin={pin}
        onPin={setPin}
        onSubmit={() => void submit()}
        submitLabel={t('staff.signIn')}
        keyboard
      />
      <p className="lock-hint">{t('staff.lock.badgeHint')}</p>
      {problem && (
        <p role="alert" className="lock-error">
          {problem.code === 'staff.pin_locked' && until
            ? t('staff.lock.lockedUntil', { time: new Date(until).toLocaleTimeString() })
            : errorText(problem, (problem.details ?? {}) as Record<string, string | number>)}
        </p>
      )}
    </main>
  );
}
