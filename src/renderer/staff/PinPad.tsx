import { useLayoutEffect, useRef } from 'react';
import { useI18n } from '../hooks/i18n-context.js';

const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const maxDigits = 6;

interface PinPadProps {
  readonly pin: string;
  readonly onPin: (pin: string) => void;
  /** the PIN as typed, which may be ahead of the `pin` prop when keys came faster than a render */
  readonly onSubmit: (pin: string) => void;
  readonly submitLabel: string;
  readonly disabled?: boolean;
  /** listen to the hardware keyboard's digits, Backspace and Enter (the lock screen; a dialog has focus) */
  readonly keyboard?: boolean;
}

/** A PIN pad with 64 px keys: the digits never show, only how many were typed. */
export function PinPad({ pin, onPin, onSubmit, submitLabel, disabled, keyboard }: PinPadProps) {
  const { t } = useI18n();
  const add = (d: string) => pin.length < maxDigits && onPin(pin + d);
  // The hardware keyboard's keys go through one listener that reads the latest PIN from a ref, set as each key
  // lands: a listener remade per render would hold the PIN of its render, and a fast typist's second digit,
  // arriving before React re-rendered, would overwrite the first. Attached before paint (layout effect), so a
  // PIN typed the moment the lock screen shows is not lost either.
  const latest = useRef({ pin, onPin, onSubmit });
  latest.current = { pin, onPin, onSubmit };
  useLayoutEffect(() => {
    if (!keyboard) return;
    const onKey = (event: KeyboardEvent) => {
      const now = latest.current;
      let next = now.pin;
      if (/^\d$/.test(event.key)) next = now.pin.length < maxDigits ? now.pin + event.key : now.pin;
      else if (event.key === 'Backspace') next = now.pin.slice(0, -1);
      else if (event.key === 'Enter' && now.pin.length >= 4) {
        event.preventDefault();
        now.onSubmit(now.pin);
        return;
      } else return;
      event.preventDefault();
      if (next === now.pin) return;
      latest.current = { ...now, pin: next };
      now.onPin(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard]);
  return (
    <div className="pin-pad">
      <p className="pin-dots" role="status" aria-label={t('staff.pin.label')}>
        <span aria-hidden="true">{'●'.repeat(pin.length) + '○'.repeat(Math.max(0, 4 - pin.length))}</span>
        <span className="visually-hidden">{t('staff.pin.entered', { count: pin.length })}</span>
      </p>
      <div className="keypad pin-keys">
        {digits.map((d) => (
          <button key={d} type="button" onClick={() => add(d)} disabled={disabled}>
            {d}
          </button>
        ))}
        <button type="button" onClick={() => onPin('')} disabled={disabled}>
          {t('staff.pin.clear')}
        </button>
        <button type="button" onClick={() => add('0')} disabled={disabled}>
          0
        </button>
        <button
          type="button"
          aria-label={t('staff.pin.delete')}
          onClick={() => onPin(pin.slice(0, -1))}
          disabled={disabled}
        >
          ⌫
        </button>
      </div>
      <button
        type="button"
        className="button-primary pin-submit"
        onClick={() => onSubmit(pin)}
        disabled={disabled || pin.length < 4}
      >
        {submitLabel}
      </button>
    </div>
  );
}
