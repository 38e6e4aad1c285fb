import { Dialog } from '../components/Dialog.js';
import { useI18n } from '../hooks/i18n-context.js';

/** "Are you still there?" with the seconds left before the basket is given up. */
export function StillThere({
  secondsLeft,
  onContinue,
}: {
  readonly secondsLeft: number;
  readonly onContinue: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog title={t('kiosk.idle.title')} onClose={onContinue} className="kiosk-dialog">
      <p role="timer" aria-live="off">
        {t('kiosk.idle.countdown', { count: secondsLeft })}
      </p>
      <div className="dialog-actions">
        <button type="button" className="button-primary" onClick={onContinue}>
          {t('kiosk.idle.continue')}
        </button>
      </div>
    </Dialog>
  );
}
