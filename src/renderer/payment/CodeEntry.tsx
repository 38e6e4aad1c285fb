import { useId, useState } from 'react';
import { Keypad } from '../cashier/Keypad.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useKeypadKeys } from '../hooks/use-keypad-keys.js';

/** Payment codes are 16-24 digits; the contract takes up to 128 characters. */
const MAX_DIGITS = 32;

function press(current: string, key: string): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return current.slice(0, -1);
  return /^\d+$/.test(key) ? (current + key).slice(0, MAX_DIGITS) : current;
}

/**
 * Typing the digits printed under the customer's payment code when the camera and the scanner both fail
 * (QQ Wallet's "enter the number" fallback). A hardware keyboard types into the field or, with focus
 * elsewhere, into the keypad.
 */
export function CodeEntry({
  disabled,
  onCharge,
}: {
  readonly disabled: boolean;
  readonly onCharge: (code: string) => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const fieldId = useId();
  const hintId = useId();
  const submit = () => {
    if (code.length === 0) return;
    onCharge(code);
    setCode('');
  };
  // With the field focused the browser types into it; with focus anywhere else in the dialog, the keypad does.
  useKeypadKeys({
    value: code,
    onChange: setCode,
    press,
    onEnter: () => {
      if (disabled || code.length === 0) return false;
      submit();
      return true;
    },
  });
  return (
    <form
      className="code-entry"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={fieldId}>{t('qrpay.enterCode')}</label>
      <input
        id={fieldId}
        aria-describedby={hintId}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_DIGITS}
        value={code}
        onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, MAX_DIGITS))}
      />
      <p id={hintId} className="hint">
        {t('qrpay.enterCodeHint')}
      </p>
      <Keypad onKey={(key) => setCode((current) => press(current, key))} />
      <button type="submit" className="button-primary" disabled={disabled || code.length === 0}>
        {t('qrpay.charge')}
      </button>
    </form>
  );
}
