import { useI18n } from '../hooks/i18n-context.js';

const KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '00'] as const;

/** A cash-register keypad: digits shift in as minor units; Clear and Backspace edit the entry. */
export function Keypad({ onKey }: { readonly onKey: (key: string) => void }) {
  const { t } = useI18n();
  return (
    <div role="group" aria-label={t('cash.keypad')} className="keypad">
      {KEYS.map((key) => (
        <button key={key} type="button" onClick={() => onKey(key)}>
          {key}
        </button>
      ))}
      <button type="button" aria-label={t('cash.backspace')} onClick={() => onKey('backspace')}>
        ⌫
      </button>
      <button type="button" className="keypad-wide" onClick={() => onKey('clear')}>
        {t('cash.clear')}
      </button>
    </div>
  );
}
