import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { currentRoute, hasCredentials } from './api/get-api.js';
import { CashierScreen } from './cashier/CashierScreen.js';
import { StaffGate } from './staff/StaffGate.js';
import { createI18n, I18nContext } from './hooks/i18n-context.js';
import { useTerminalInfo } from './hooks/use-terminal-info.js';
import { catalogLocales, createTranslator, errorText, loadCatalog, pickCatalog } from './i18n/translate.js';

/**
 * Before the till has said its language (starting, or refused without a token): the browser's, so a kiosk set
 * up in Chinese does not flash English; English when there is no catalog for it. main.tsx loads that
 * catalog before the first render.
 */
export const browserLocale = typeof navigator === 'undefined' ? 'en' : navigator.language;

/** Loaded only on `#/kiosk`: the cashier's bundle does not carry the kiosk's screens and keyboard layouts. */
const KioskApp = lazy(() => import('./kiosk/KioskApp.js'));
/** Its own chunk too: only the customer-facing window shows it. */
const CustomerDisplayScreen = lazy(() =>
  import('./customer-display/CustomerDisplayScreen.js').then((m) => ({ default: m.CustomerDisplayScreen })),
);

/**
 * Asks the terminal who it is (locale, currency), then shows the cashier screen in that language, or the
 * customer display for `#/customer` (its own window in Electron loads that route too), or the self-service
 * kiosk for `#/kiosk` (which switches language per customer itself).
 */
export function App() {
  const [route] = useState(currentRoute);
  const { state, retry } = useTerminalInfo();
  const info = state.kind === 'ready' ? state.info : null;
  const fallback = useMemo(() => pickCatalog(browserLocale), []);
  const fallbackT = useMemo(() => createTranslator(fallback.catalog, fallback.locale), [fallback]);
  // The till's catalog (the kiosk's: every language, its customers pick one per visit), fetched once its
  // locale is known; a catalog that cannot be fetched leaves English, which is always there.
  const [catalogsFor, setCatalogsFor] = useState<string | null>(null);
  useEffect(() => {
    if (!info) return;
    let live = true;
    const wanted = route === 'kiosk' ? catalogLocales : [info.locale];
    const done = () => live && setCatalogsFor(info.locale);
    Promise.all(wanted.map(loadCatalog)).then(done, done);
    return () => {
      live = false;
    };
  }, [info, route]);
  const i18n = useMemo(() => {
    if (!info || catalogsFor !== info.locale) return null;
    const { locale, catalog } = pickCatalog(info.locale);
    return createI18n(locale, info.locale, info.currency, createTranslator(catalog, locale));
  }, [info, catalogsFor]);

  useEffect(() => {
    document.documentElement.lang = i18n?.locale ?? fallback.locale;
    document.title = (i18n?.t ?? fallbackT)('app.title');
  }, [i18n, fallback, fallbackT]);

  if (state.kind === 'failed') {
    // Without a token the host refuses the socket, which looks like a dropped connection; say what helps.
    const reason = hasCredentials() ? errorText(fallbackT, state.error) : fallbackT('error.unauthorized');
    return (
      <main className="startup">
        <p role="alert">{fallbackT('app.startFailed', { message: reason })}</p>
        <button type="button" className="button-primary" onClick={retry}>
          {fallbackT('app.retry')}
        </button>
      </main>
    );
  }
  if (!info || !i18n) {
    return (
      <main className="startup">
        <p role="status">{fallbackT('app.loading')}</p>
      </main>
    );
  }
  const loading = (
    <main className="startup">
      <p role="status">{i18n.t('app.loading')}</p>
    </main>
  );
  return (
    <I18nContext.Provider value={i18n}>
      {route === 'kiosk' ? (
        <Suspense fallback={loading}>
          <KioskApp info={info} />
        </Suspense>
      ) : route === 'customer' ? (
        <Suspense fallback={loading}>
          <CustomerDisplayScreen shop={info.terminalName} />
        </Suspense>
      ) : (
        <StaffGate>
          <CashierScreen info={info} />
        </StaffGate>
      )}
    </I18nContext.Provider>
  );
}
