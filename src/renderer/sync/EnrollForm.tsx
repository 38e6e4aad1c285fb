import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { readEnrollForm } from './enroll-form.js';

/**
 * "Connect to hub": the hub's URL, the one-time code its operator read out and, for an https hub, the
 * pairing code the hub shows (sync.enroll). A refused or
 * unreachable hub is said in the catalog's words (error.sync.*); the form goes away when status.changed
 * reports the till enrolled.
 */
export function EnrollForm({ onInform }: { readonly onInform: (text: string) => void }) {
  const api = useApi();
  const { t, error: errorText } = useI18n();
  const [hubUrl, setHubUrl] = useState('');
  const [code, setCode] = useState('');
  const [pairing, setPairing] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const hintId = useId();
  const urlId = useId();
  const codeId = useId();
  const pairingId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const form = readEnrollForm(hubUrl, code);
    if (!form.ok) return setProblem(t(form.problem));
    setBusy(true);
    setProblem('');
    // the hub's pairing code pins its certificate (it may also follow the code after a slash)
    const pairingCode = pairing.trim();
    const result = await api['sync.enroll']({
      hubUrl: form.hubUrl,
      code: form.code,
      ...(pairingCode === '' ? {} : { pairingCode }),
    });
    setBusy(false);
    if (!result.ok) return setProblem(errorText(result.error));
    setCode('');
    onInform(t('sync.enroll.done', { url: result.value.hubUrl ?? form.hubUrl }));
  };

  return (
    <section aria-labelledby={titleId} className="sync-enroll">
      <h2 id={titleId}>{t('sync.enroll.title')}</h2>
      {/* noValidate: the form's own check names the mistake in the catalog's words */}
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <p id={hintId} className="hint">
          {t('sync.enroll.hint')}
        </p>
        <div className="field">
          <label htmlFor={urlId}>{t('sync.enroll.url')}</label>
          <input
            id={urlId}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            maxLength={300}
            placeholder={t('sync.enroll.urlHint')}
            value={hubUrl}
            onChange={(event) => setHubUrl(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={codeId}>{t('sync.enroll.code')}</label>
          <input
            id={codeId}
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={64}
            placeholder={t('sync.enroll.codeHint')}
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={pairingId}>{t('sync.enroll.pairing')}</label>
          <input
            id={pairingId}
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={40}
            placeholder={t('sync.enroll.pairingHint')}
            value={pairing}
            onChange={(event) => setPairing(event.target.value)}
          />
        </div>
        {problem && <p role="alert">{problem}</p>}
        <button type="submit" className="button-primary" aria-describedby={hintId} disabled={busy}>
          {busy ? t('sync.enroll.working') : t('sync.enroll.submit')}
        </button>
      </form>
    </section>
  );
}
