import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TerminalInfoDto } from '../../shared/dto.js';
import { useApi } from '../hooks/api-context.js';
import { createI18n, I18nContext } from '../hooks/i18n-context.js';
import { createTranslator, pickCatalog } from '../i18n/translate.js';
import './kiosk.css';
import { OtherLanguageContext } from './kiosk-names.js';
import { KioskSession } from './KioskSession.js';
import { PinPad } from './PinPad.js';
import { useKioskStatus } from './use-kiosk-status.js';

/**
 * The self-service kiosk (`#/kiosk`, or the Electron kiosk window): one customer session after another,
 * each in the language the customer picks (the terminal's until they do), plus the staff's way out.
 */
export default function KioskApp({ info }: { readonly info: TerminalInfoDto }) {
  const api = useApi();
  const kiosk = useKioskStatus();
  const terminalLocale = pickCatalog(info.locale).locale;
  const [picked, setPicked] = useState<string | null>(null);
  const [visit, setVisit] = useState(0);
  const [staffMenu, setStaffMenu] = useState(false);
  const [closed, setClosed] = useState(false);
  const locale = picked ?? terminalLocale;

  const i18n = useMemo(() => {
    const chosen = pickCatalog(locale);
    return createI18n(
      chosen.locale,
      info.locale,
      info.currency,
      createTranslator(chosen.catalog, chosen.locale),
    );
  }, [locale, info]);
  useEffect(() => {
    document.documentElement.lang = i18n.locale;
    document.title = i18n.t('kiosk.title');
  }, [i18n]);
  useEffect(() => {
    document.documentElement.classList.add('kiosk-mode');
    return () => document.documentElement.classList.remove('kiosk-mode');
  }, []);
  useEffect(() => api.on('kiosk.exit', () => setClosed(true)), [api]);

  // The next customer starts with the terminal's language and a clean slate.
  const endVisit = useCallback(() => {
    setPicked(null);
    setVisit((n) => n + 1);
  }, []);

  const { t } = i18n;
  return (
    <I18nContext.Provider value={i18n}>
      <OtherLanguageContext.Provider value={i18n.locale !== terminalLocale}>
        <main aria-label={t('kiosk.label')} className="kiosk">
          {closed ? (
            <section className="kiosk-closed">
              <h1>{t('kiosk.closed')}</h1>
            </section>
          ) : (
            <>
              <KioskSession
                key={visit}
                info={info}
                kiosk={kiosk}
                locale={i18n.locale}
                otherLanguage={i18n.locale !== terminalLocale}
                onLocale={setPicked}
                onEnd={endVisit}
              />
              <button type="button" className="kiosk-staff-menu" onClick={() => setStaffMenu(true)}>
                {t('kiosk.staffMenu')}
              </button>
            </>
          )}
          {staffMenu && !closed && (
            <PinPad
              title={t('kiosk.exit.title')}
              submit={(pin) => api['kiosk.adminExit']({ pin })}
              status={kiosk.status}
              refresh={kiosk.refresh}
              onDone={(status) => {
                kiosk.update(status);
                setStaffMenu(false);
                setClosed(true);
              }}
              onClose={() => setStaffMenu(false)}
            />
          )}
        </main>
      </OtherLanguageContext.Provider>
    </I18nContext.Provider>
  );
}
