// `npm run build` (and `prepare`, so npm install/ci builds too). Six outputs, from the repo root:
//   dist/renderer/           the React UI (Vite, config src/renderer/vite.config.ts)
//   dist/cli/tillpoint.mjs   the `tillpoint` command (ESM for Node 20; npm packages stay external), its
//                            commands in chunk-*.mjs beside it
//   dist/electron/main.cjs   Electron main (CommonJS; electron and the native better-sqlite3 stay external)
//   dist/electron/preload.cjs  the sandboxed preload (CommonJS, everything but electron bundled in: a
//                            sandboxed preload can only require('electron'))
//   dist/electron/customer-display.cjs  the customer display window's preload (read methods only)
//   dist/electron/kiosk.cjs  the self-service kiosk window's preload (read and self methods only)
// SQL migrations are imported as text and JSON imports are inlined, so no output reads src/ or assets/.
import { build as esbuild } from 'esbuild';
import { chmod, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiOnlyFiles } from './ascii-only.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const at = (p) => path.join(root, p);
const started = performance.now();
const elapsed = (since) => `${((performance.now() - since) / 1000).toFixed(2)} s`;

const fail = (message) => {
  console.error(`build: ${message}`);
  process.exit(1);
};

const electronVersion = JSON.parse(await readFile(at('node_modules/electron/package.json'), 'utf8')).version;
// Electron 45 ships Node 22 and Chromium 140 (https://releases.electronjs.org/release/v45.0.0).
const electronMajor = Number(electronVersion.split('.')[0]);

const shared = {
  bundle: true,
  loader: { '.sql': 'text' },
  logLevel: 'warning',
  legalComments: 'none',
  absWorkingDir: root,
};

/** CommonJS has no import.meta; give bundled code a real file URL instead of esbuild's empty object. */
const cjsImportMeta = {
  banner: { js: "const __tillpointImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__tillpointImportMetaUrl' },
};

const targets = {
  cli: {
    ...shared,
    // Each command in its own chunk beside tillpoint.mjs (main.ts imports a command's module when it runs), so
    // `serve` keeps only its own code and packages in memory; the chunks sit in dist/cli so import.meta.url
    // (app-dir.ts, createRequire) means the same folder in every one of them.
    entryPoints: { tillpoint: at('src/cli/main.ts') },
    outdir: at('dist/cli'),
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    outfile: at('dist/cli/tillpoint.mjs'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  },
  main: {
    ...shared,
    ...cjsImportMeta,
    entryPoints: [at('electron/main/main.ts')],
    outfile: at('dist/electron/main.cjs'),
    platform: 'node',
    format: 'cjs',
    target: electronMajor >= 45 ? 'node22' : 'node20',
    external: ['electron', 'better-sqlite3'],
  },
  preload: {
    ...shared,
    entryPoints: [at('electron/preload/preload.ts')],
    outfile: at('dist/electron/preload.cjs'),
    platform: 'browser',
    format: 'cjs',
    target: electronMajor >= 45 ? 'chrome140' : 'chrome120',
    external: ['electron'],
    // zod and the contract's schemas come along; minified, the preload parses faster in every window.
    minify: true,
  },
};
// The customer display window's own preload: the contract's read methods and events only (windows.ts).
targets.displayPreload = {
  ...targets.preload,
  entryPoints: [at('electron/preload/customer-display.ts')],
  outfile: at('dist/electron/customer-display.cjs'),
};
// The kiosk window's own preload: the contract's read and self methods and events only (windows.ts).
targets.kioskPreload = {
  ...targets.preload,
  entryPoints: [at('electron/preload/kiosk.ts')],
  outfile: at('dist/electron/kiosk.cjs'),
};

async function buildRenderer() {
  const configFile = at('src/renderer/vite.config.ts');
  if (!existsSync(configFile) || !existsSync(at('src/renderer/index.html'))) {
    fail(
      'the renderer is missing (src/renderer/vite.config.ts and src/renderer/index.html); cannot build the UI.',
    );
  }
  const { build } = await import('vite');
  const t = performance.now();
  await build({ configFile, logLevel: 'warn' });
  // one-byte script sources in the page's memory (ascii-only.mjs); the stylesheets keep their characters
  const assets = at('dist/renderer/assets');
  await asciiOnlyFiles(
    (await readdir(assets)).filter((f) => f.endsWith('.js')).map((f) => path.join(assets, f)),
  );
  console.log(`build: renderer -> dist/renderer (${elapsed(t)})`);
}

async function buildBundle(name) {
  const t = performance.now();
  const target = targets[name];
  // a split bundle names its folder (outdir), its entry stays the outfile the rest of this script reports
  const options = target.splitting ? { ...target, outfile: undefined } : target;
  if (target.splitting) await rm(target.outdir, { recursive: true, force: true }); // no stale chunks
  await esbuild(options);
  // one-byte script sources in the host's memory (ascii-only.mjs): every file this target wrote
  const written = target.splitting
    ? (await readdir(target.outdir)).map((f) => path.join(target.outdir, f))
    : [target.outfile];
  await asciiOnlyFiles(written);
  console.log(`build: ${name} -> ${path.relative(root, targets[name].outfile)} (${elapsed(t)})`);
}

// `node src/build/build.mjs [renderer|cli|main|preload ...]` builds only those; no argument builds all.
const wanted = process.argv.slice(2);
const all = ['renderer', 'cli', 'main', 'preload', 'displayPreload', 'kioskPreload'];
for (const name of wanted) if (!all.includes(name)) fail(`unknown part "${name}"; parts: ${all.join(', ')}`);
const parts = wanted.length > 0 ? wanted : all;

try {
  // Vite first and alone: it empties dist/renderer; the esbuild bundles then run in parallel.
  if (parts.includes('renderer')) await buildRenderer();
  await Promise.all(parts.filter((p) => p !== 'renderer').map(buildBundle));
  if (parts.includes('cli')) await chmod(targets.cli.outfile, 0o755);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
console.log(`build: done in ${elapsed(started)}`);
