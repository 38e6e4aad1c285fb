import { useEffect, useState } from 'react';
import type { KioskStatusDto } from '../../shared/kiosk-dto.js';
import type { ApiError, Result } from '../../shared/result.js';
import { Dialog } from '../components/Dialog.js';
import { useI18n } from '../hooks/i18n-context.js';

/** The terminal checks the format (4 to 8 digits); the pad only stops at a length no PIN has. */
const MAX_DIGITS = 8;
const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

interface PinPadProps {
  readonly title: string;
  /** kiosk.staffClear or kiosk.adminExit with the PIN typed */
  readonly submit: (pin: string) => Promise<Result<KioskStatusDto>>;
  /** the lockout as the terminal last said it (tries left, locked until) */
  readonly status: KioskStatusDto | null;
  /** after a refused PIN: the terminal's fresh tries-left and lockout */
  readonly refresh: () => Promise<KioskStatusDto | null>;
  readonly onDone: (status: KioskStatusDto) => void;
  readonly onClose: () => void;
}

/**
 * The staff PIN pad: digits 0-9, Clear and OK as 64 px keys, and the hardware keyboard's digits, Backspace
 * and Enter. The digits are never shown, only how many; a wrong PIN says how many tries are left, a locked
 * pad until when.
 */
export function PinPad({ title, submit, status, refresh, onDone, onClose }: PinPadProps) {
  const { t, error: errorText, time } = useI18n();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);

  const ok = async () => {
    if (busy || pin.length === 0) return;
    setBusy(true);
    const result = await submit(pin);
    setPin('');
    if (result.ok) {
      setBusy(false);
      onDone(result.value);
      return;
    }
    setProblem(result.error);
    await refresh();
    setBusy(false);
  };

  // re-subscribed each render, so Enter always submits the digits on screen
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (/^\d$/.test(event.key)) setPin((p) => (p + event.key).slice(0, MAX_DIGITS));
      else if (event.key === 'Backspace') setPin((p) => p.slice(0, -1));
      else if (event.key === 'Enter') void ok();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const lockedUntil = status?.pin.lockedUntil ?? null;
  const locked = lockedUntil !== null && Date.parse(lockedUntil) > Date.now();
  let message: string | null = null;
  if (locked) message = t('kiosk.pin.locked', { time: time(lockedUntil) });
  else if (problem?.code === 'kiosk.pin_wrong')
    message = t('kiosk.pin.wrong', { count: status?.pin.triesLeft ?? 0 });
  else if (problem) message = errorText(problem);

  return (
    <Dialog title={title} onClose={onClose} className="kiosk-dialog pin-pad">
      <p className="pin-dots" aria-label={t('kiosk.pin.entered', { count: pin.length })} role="img">
        {'•'.repeat(pin.length) || '\u00a0'}
      </p>
      {message && <p role="alert">{message}</p>}
      {status?.demoPin && <p className="hint">{t('kiosk.demoPin')}</p>}
      <div role="group" aria-label={t('kiosk.pin.keys')} className="pin-keys">
        {digits.map((digit) => (
          <button
            key={digit}
            type="button"
            disabled={busy}
            onClick={() => setPin((p) => (p + digit).slice(0, MAX_DIGITS))}
          >
            {digit}
          </button>
        ))}
        <button type="button" disabled={busy} onClick={() => setPin('')}>
          {t('kiosk.pin.clear')}
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={busy || pin.length === 0}
          onClick={() => void ok()}
        >
          {t('kiosk.pin.ok')}
        </button>
      </div>
      <div className="dialog-actions">
        <button type="button" className="button-quiet" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
