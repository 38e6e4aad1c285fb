import { useId, useState } from 'react';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';

/**
 * The Settings screen. Support first: "Make diagnostics file" writes the support archive (versions,
 * configuration without secrets, database check, sync and reader state, the newest logs) into the till's data
 * folder and shows where, so the cashier can read the path to support on the phone or copy the file.
 */
export function SettingsScreen() {
  const api = useApi();
  const { t, formatLocale, error: errorText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<{ file: string; bytes: number } | null>(null);
  const [problem, setProblem] = useState('');
  const titleId = useId();

  const make = async () => {
    setBusy(true);
    setProblem('');
    setMade(null);
    const result = await api['diagnostics.create']({});
    setBusy(false);
    if (result.ok) setMade(result.value);
    else setProblem(errorText(result.error));
  };

  const size = (bytes: number) =>
    new Intl.NumberFormat(formatLocale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(
      Math.max(1, Math.ceil(bytes / 1024)),
    );

  return (
    <div className="settings-screen">
      <section aria-labelledby={titleId} className="settings-support">
        <h2 id={titleId}>{t('settings.support')}</h2>
        <p>{t('settings.diagnostics.explain')}</p>
        <button type="button" className="button-primary" disabled={busy} onClick={() => void make()}>
          {busy ? t('settings.diagnostics.making') : t('settings.diagnostics.make')}
        </button>
        {made && (
          <p role="status" className="settings-diagnostics-file">
            {t('settings.diagnostics.made', { size: size(made.bytes) })} <code>{made.file}</code>
          </p>
        )}
        {problem && <p role="alert">{problem}</p>}
      </section>
    </div>
  );
}
