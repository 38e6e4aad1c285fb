import { useState } from 'react';
import type { StaffSessionDto } from '../../shared/staff-dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { PinPad } from './PinPad.js';
import { useBadgeTap } from './use-badge-tap.js';

/** The till's lock screen: sign in by PIN (pad or keyboard) or a badge tap
 * (any other card tapped here is not a badge, and the screen says so). The open ticket waits. */
export function LockScreen({ onSignedIn }: { readonly onSignedIn: (session: StaffSessionDto) => void }) {
  const api = useApi();
  const { t, error: errorText } = useI18n();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [notBadge, setNotBadge] = useState(false);
  const signIn = async (credential: { pin: string } | { badgeTap: string }) => {
    setBusy(true);
    setNotBadge(false);
    const result = await api['staff.signIn'](credential);
    setBusy(false);
    setPin('');
    if (result.ok) {
      setProblem(null);
      onSignedIn(result.value);
    } else setProblem(result.error);
  };
  const submit = (typed: string) => !busy && void signIn({ pin: typed });
  useBadgeTap({
    badge: (badgeTap) => void signIn({ badgeTap }),
    other: () => {
      setProblem(null);
      setNotBadge(true);
    },
  });
  const until = (problem?.details as { until?: string } | undefined)?.until;
  return (
    <main className="lock-screen">
      <h1>{t('staff.lock.title')}</h1>
      <p>{t('staff.lock.prompt')}</p>
      <PinPad pin={pin} onPin={setPin} onSubmit={submit} submitLabel={t('staff.signIn')} keyboard />
      <p className="lock-hint">{t('staff.lock.badgeHint')}</p>
      {notBadge && (
        <p role="alert" className="lock-error">
          {t('staff.badge.notBadge')}
        </p>
      )}
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
