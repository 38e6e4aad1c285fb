import { useState } from 'react';
import type { KioskStatusDto } from '../../shared/kiosk-dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { PinPad } from './PinPad.js';
import type { KioskStatus } from './use-kiosk-status.js';

/**
 * Help at the kiosk: "Call staff" always there; while a help request is open, the banner "Staff are on the
 * way" and the Staff button that opens the PIN pad (kiosk.staffClear clears the request and approves the
 * items that need a staff check).
 */
export function HelpBar({ kiosk }: { readonly kiosk: KioskStatus }) {
  const { t, error: errorText } = useI18n();
  const api = useApi();
  const [pad, setPad] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [calling, setCalling] = useState(false);
  const help = kiosk.status?.help ?? null;

  const call = async () => {
    setCalling(true);
    const result = await api['kiosk.callStaff']({});
    setCalling(false);
    if (result.ok) {
      kiosk.update(result.value);
      setProblem(null);
    } else setProblem(result.error);
  };

  return (
    <div className="kiosk-help">
      {help && (
        <p role="status" className="kiosk-help-banner">
          {t(help.reason === 'needsStaff' ? 'kiosk.help.checkComing' : 'kiosk.help.coming')}
        </p>
      )}
      {problem && <p role="alert">{errorText(problem)}</p>}
      <button
        type="button"
        className="kiosk-call"
        disabled={calling || help !== null}
        onClick={() => void call()}
      >
        {t('kiosk.help.call')}
      </button>
      {help && (
        <button type="button" onClick={() => setPad(true)}>
          {t('kiosk.help.staff')}
        </button>
      )}
      {pad && (
        <PinPad
          title={t('kiosk.help.pinTitle')}
          submit={(pin) => api['kiosk.staffClear']({ pin })}
          status={kiosk.status}
          refresh={kiosk.refresh}
          onDone={(status: KioskStatusDto) => {
            kiosk.update(status);
            setPad(false);
          }}
          onClose={() => setPad(false)}
        />
      )}
    </div>
  );
}
