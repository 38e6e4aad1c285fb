import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/get-api.js';
import { App, browserLocale } from './App.js';
import { ApiContext } from './hooks/api-context.js';
import { loadCatalog } from './i18n/translate.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// The browser's language for the first words on screen; English (always bundled) if it cannot be fetched.
await loadCatalog(browserLocale).catch(() => undefined);
createRoot(root).render(
  <StrictMode>
    <ApiContext.Provider value={getApi()}>
      <App />
    </ApiContext.Provider>
  </StrictMode>,
);
