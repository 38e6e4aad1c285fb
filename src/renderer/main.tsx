import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/get-api.js';
import { App } from './App.js';
import { ApiContext } from './hooks/api-context.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ApiContext.Provider value={getApi()}>
      <App />
    </ApiContext.Provider>
  </StrictMode>,
);
