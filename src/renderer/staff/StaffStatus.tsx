import { useI18n } from '../hooks/i18n-context.js';
import { useStaff } from './StaffGate.js';

/** The status bar's staff item: who is signed in and the Lock button, or that the till has no staff. */
export function StaffStatus() {
  const { t } = useI18n();
  const { session, lock } = useStaff();
  if (!session) return null;
  if (!session.staffEnabled) return <span className="staff-status">{t('staff.noStaff')}</span>;
  if (!session.signedIn) return null;
  return (
    <span className="staff-status">
      <span>{t('staff.signedInAs', { name: session.signedIn.name })}</span>
      <button type="button" onClick={lock}>
        {t('staff.lockButton')}
      </button>
    </span>
  );
}
