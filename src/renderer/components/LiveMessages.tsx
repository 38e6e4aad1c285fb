import { useI18n } from '../hooks/i18n-context.js';

interface LiveMessagesProps {
  readonly info: string;
  readonly alert: string;
  readonly onDismiss: () => void;
}

/**
 * The polite status region is always in the page so screen readers track it (WAI-ARIA 1.2 live regions);
 * the alert appears only while there is something to act on, which role="alert" announces on insertion.
 */
export function LiveMessages({ info, alert, onDismiss }: LiveMessagesProps) {
  const { t } = useI18n();
  return (
    <div className="messages">
      <p role="status" className="message-info">
        {info}
      </p>
      {alert && (
        <div className="message-alert">
          <p role="alert">{alert}</p>
          <button type="button" className="button-quiet" onClick={onDismiss}>
            {t('message.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
