import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the cashier UI into <repo>/dist/renderer. The host (loopback HTTP) and Electron serve these files
 * under a strict CSP, so the build must not need inline scripts or styles, nor anything from the network.
 * JSX goes through Vite's built-in Oxc transform (no @vitejs/plugin-react).
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  // The decode worker is started as a module worker (`type: 'module'`), so emit it as an ES module too.
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome120',
    // The polyfill would be an inline script; Chromium and Electron support modulepreload natively.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
