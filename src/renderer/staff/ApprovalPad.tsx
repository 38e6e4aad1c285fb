import { useState } from 'react';
import type { ApiError } from '../../shared/result.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import type { MessageKey } from '../i18n/en.js';
import { PinPad } from './PinPad.js';
import type { ApprovalRequest } from './staff-api.js';
import { useBadgeTap } from './use-badge-tap.js';

interface ApprovalPadProps {
  readonly request: ApprovalRequest;
  readonly onDone: (token: string | null) => void;
}

/** Opened when the signed-in cashier lacks a permission: someone who has it approves with their PIN
 * or a tap of their badge. */
export function ApprovalPad({ request, onDone }: ApprovalPadProps) {
  const api = useApi();
  const { t, error: errorText } = useI18n();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [notBadge, setNotBadge] = useState(false);
  const action = t(`staff.permission.${request.permission}` as MessageKey);
  const approve = async (credential: { pin: string } | { badgeTap: string }) => {
    setBusy(true);
    setNotBadge(false);
    const result = await api['staff.approve']({
      credential,
      permission: request.permission,
      subject: request.subject,
    });
    setBusy(false);
    setPin('');
    if (result.ok) onDone(result.value.token);
    else setProblem(result.error);
  };
  useBadgeTap({
    badge: (badgeTap) => void approve({ badgeTap }),
    other: () => {
      setProblem(null);
      setNotBadge(true);
    },
  });
  return (
    <Dialog title={t('staff.approval.title')} onClose={() => onDone(null)} className="approval-pad">
      <p>{t('staff.approval.prompt', { action })}</p>
      <PinPad
        pin={pin}
        onPin={setPin}
        onSubmit={(typed) => void approve({ pin: typed })}
        submitLabel={t('staff.approval.approve')}
        disabled={busy}
        keyboard
      />
      <p className="lock-hint">{t('staff.approval.badgeHint')}</p>
      {notBadge && <p role="alert">{t('staff.badge.notBadge')}</p>}
      {problem && (
        <p role="alert">{errorText(problem, (problem.details ?? {}) as Record<string, string | number>)}</p>
      )}
      <button type="button" onClick={() => onDone(null)}>
        {t('staff.approval.cancel')}
      </button>
    </Dialog>
  );
}
