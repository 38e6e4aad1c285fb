import { useId, useState } from 'react';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { decoderLabels } from '../scan/decoder-labels.js';
import { pageStorage, readDecoderSetting, writeDecoderSetting } from '../scan/decoder-setting.js';
import { decoderNames, isDecoderName, type DecoderName } from '../scan/frame-decoder.js';
import { StaffSettings } from '../staff/FirstManager.js';

/** Which library decodes camera frames: machine-specific, so a setting rather than a control in the payment. */
function CameraSettings() {
  const { t } = useI18n();
  const [decoder, setDecoder] = useState<DecoderName>(() => readDecoderSetting(pageStorage()));
  const [saved, setSaved] = useState<boolean | null>(null);
  const titleId = useId();
  const fieldId = useId();
  const choose = (next: DecoderName) => {
    setDecoder(next);
    setSaved(writeDecoderSetting(pageStorage(), next));
  };
  return (
    <section aria-labelledby={titleId} className="settings-camera">
      <h2 id={titleId}>{t('settings.camera')}</h2>
      <p>{t('settings.camera.explain')}</p>
      <label htmlFor={fieldId}>{t('camera.decoder')}</label>
      <select
        id={fieldId}
        value={decoder}
        onChange={(event) => {
          if (isDecoderName(event.target.value)) choose(event.target.value);
        }}
      >
        {decoderNames.map((name) => (
          <option key={name} value={name}>
            {decoderLabels[name]}
          </option>
        ))}
      </select>
      {saved !== null && (
        <p role="status">
          {t(saved ? 'settings.camera.saved' : 'settings.camera.notSaved', {
            decoder: decoderLabels[decoder],
          })}
        </p>
      )}
    </section>
  );
}

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
      <StaffSettings />
      <CameraSettings />
    </div>
  );
}
