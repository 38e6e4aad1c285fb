import { useEffect, useMemo, useRef } from 'react';
import { KeyboardReact as Keyboard } from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import { useI18n } from '../hooks/i18n-context.js';
import { searchLayout } from './keyboard-layout.js';

interface SearchKeyboardProps {
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly onClose: () => void;
}

/** The keyboard's own keys and candidates are <div>/<li>: give them a button's role and name for touch readers. */
function labelKeys(root: HTMLElement, names: Readonly<Record<string, string>>): void {
  for (const key of root.querySelectorAll<HTMLElement>('[data-skbtn], .hg-candidate-box-list-item')) {
    const value = key.dataset['skbtn'];
    const name = value === undefined ? (key.textContent ?? '') : (names[value] ?? value);
    if (key.getAttribute('aria-label') !== name) key.setAttribute('aria-label', name);
    if (key.getAttribute('role') !== 'button') key.setAttribute('role', 'button');
  }
}

/**
 * The on-screen keyboard for the product search (a kiosk has no OS keyboard: the search field is read-only
 * with inputMode none). In Chinese the pinyin candidates appear as letters are typed.
 */
export function SearchKeyboard({ query, onQuery, onClose }: SearchKeyboardProps) {
  const { t, locale } = useI18n();
  const layout = useMemo(() => searchLayout(locale), [locale]);
  const keyboard = useRef<{ setInput(input: string): void; clearInput(): void } | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const names = useMemo(
    () => ({
      '{bksp}': t('kiosk.kb.backspace'),
      '{enter}': t('kiosk.kb.done'),
      '{space}': t('kiosk.kb.space'),
    }),
    [t],
  );

  // the field's text can change elsewhere (Clear): the keyboard's own buffer follows
  useEffect(() => {
    keyboard.current?.setInput(query);
  }, [query]);

  useEffect(() => {
    const root = wrapper.current;
    if (!root) return;
    labelKeys(root, names);
    const observer = new MutationObserver(() => labelKeys(root, names));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [names, layout]);

  return (
    <section aria-label={t('kiosk.kb.label')} className="kiosk-keyboard">
      <div ref={wrapper}>
        <Keyboard
          keyboardRef={(instance: { setInput(input: string): void; clearInput(): void }) => {
            keyboard.current = instance;
          }}
          layout={layout.layout}
          display={names}
          mergeDisplay
          enableLayoutCandidates={layout.candidates !== undefined}
          layoutCandidates={layout.candidates}
          onChange={(input: string) => onQuery(input)}
          onKeyPress={(button: string) => {
            if (button === '{enter}') onClose();
          }}
        />
      </div>
      <div className="kiosk-keyboard-actions">
        <button type="button" onClick={() => onQuery('')}>
          {t('kiosk.kb.clear')}
        </button>
        <button type="button" className="button-primary" onClick={onClose}>
          {t('kiosk.kb.close')}
        </button>
      </div>
    </section>
  );
}
