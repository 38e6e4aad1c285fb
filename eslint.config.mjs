// ESLint flat config. Besides typescript-eslint's recommended rules it enforces who may import whom
// (STYLE.md, the table under "Who may import whom"), like VS Code's `local/code-layering`: each folder names
// what it must never import, checked on the import string. Folder names are unique across layers (core,
// shared, terminal, host, hub, gateway, renderer, cli, build, electron), so `(../)+terminal/` can only mean
// src/terminal.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** node:fs and the bare spelling fs, fs/promises ... */
const nodeBuiltins = {
  regex: `^(node:|(${builtinModules.map(escape).join('|')})(/|$))`,
  message: 'Node built-ins are not available here (STYLE.md: who may import whom).',
};
/** Native addons load a platform binary; the terminal keeps them behind store/, nfc/ and print/. */
const nativeModuleNames = [
  'better-sqlite3',
  'nfc-pcsc',
  '@pokusew/pcsclite',
  'pcsclite',
  'serialport',
  'usb',
  'node-hid',
];
const nativeModules = {
  regex: `^(${nativeModuleNames.map(escape).join('|')}|@serialport/[^/]+)(/|$)`,
  message: 'Native modules are only imported in src/terminal/store, nfc and print (STYLE.md).',
};
const electronPackage = {
  regex: '^electron(/|$)',
  message: 'Only electron/main and electron/preload use Electron.',
};
const reactPackages = { regex: '^(react|react-dom)(/|$)', message: 'React belongs to src/renderer.' };

/** A relative import that reaches into one of our layers: ../terminal/x.js, ../../src/terminal/x.js. */
const layer = (name, why) => ({
  regex: `^(\\.\\./)+(src/)?${escape(name)}(/|$)`,
  message: `Importing ${name === 'electron' ? 'electron/' : `src/${name}`} from here breaks the layering: ${why}`,
});
const never = (names, why) => names.map((name) => layer(name, why));

const restrict = (files, patterns, extra = {}) => ({
  files,
  ignores: extra.ignores ?? [],
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

const tsFiles = ['**/*.{ts,tsx,mts,cts}'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.electron-native/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      '.tillpoint-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: [
      '**/*.{js,mjs,cjs}',
      'src/build/**',
      'e2e/**',
      'electron/main/**',
      '*.ts',
      'src/renderer/vite.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The two classic rules. v7's recommended set adds the React Compiler's rules (refs, set-state-in-effect),
    // which only pay off with the compiler, and we do not run it.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: tsFiles,
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },

  // --- who may import whom (STYLE.md). Integration tests (*.int.test.ts) follow their folder's rules too,
  // with the few allowances listed after the layers (what is on the other end of the wire); a test that wires
  // several layers together (the browser client against the real host) lives in e2e/.
  restrict(
    ['src/core/**'],
    [
      {
        regex: '^[^./]',
        message: 'src/core is pure TypeScript: no packages, no Node, no DOM, no native modules.',
      },
      ...never(
        [
          'shared',
          'terminal',
          'host',
          'hub',
          'gateway',
          'renderer',
          'cli',
          'build',
          'electron',
          'assets',
          'e2e',
        ],
        'src/core imports only src/core.',
      ),
    ],
    { ignores: ['src/core/**/*.test.ts'] },
  ),
  // Unit tests of the domain may use the test tools, nothing else.
  restrict(
    ['src/core/**/*.test.ts'],
    [
      { regex: '^(?!(vitest|fast-check)$)[^./]', message: 'Core tests use vitest and fast-check only.' },
      ...never(
        ['shared', 'terminal', 'host', 'hub', 'gateway', 'renderer', 'cli', 'build', 'electron'],
        'core tests stay pure.',
      ),
    ],
  ),
  restrict(
    ['src/shared/**'],
    [
      {
        regex: '^(?!(zod|vitest|fast-check)(/|$))[^./]',
        message: 'src/shared may import zod and src/core only.',
      },
      ...never(
        ['terminal', 'host', 'hub', 'gateway', 'renderer', 'cli', 'build', 'electron', 'assets'],
        'src/shared may import src/core only.',
      ),
    ],
  ),
  restrict(
    ['src/renderer/**'],
    [
      nodeBuiltins,
      electronPackage,
      nativeModules,
      { regex: '^ws(/|$)', message: 'The renderer uses the browser WebSocket.' },
      ...never(
        ['terminal', 'host', 'hub', 'gateway', 'cli', 'build', 'electron'],
        'the renderer talks to the terminal only through the contract (src/shared).',
      ),
    ],
    // vite.config.ts runs in Node at build time; it is not renderer code.
    { ignores: ['src/renderer/vite.config.ts'] },
  ),
  restrict(
    ['src/terminal/**'],
    [
      electronPackage,
      { ...nativeModules, allowTypeImports: true },
      ...never(
        ['renderer', 'host', 'hub', 'gateway', 'cli', 'build', 'electron'],
        'the terminal service is transport-free.',
      ),
    ],
    { ignores: ['src/terminal/{store,nfc,print}/**'] },
  ),
  restrict(
    ['src/terminal/{store,nfc,print}/**'],
    [
      electronPackage,
      ...never(
        ['renderer', 'host', 'hub', 'gateway', 'cli', 'build', 'electron'],
        'the terminal service is transport-free.',
      ),
    ],
  ),
  restrict(
    ['src/host/**'],
    [
      electronPackage,
      reactPackages,
      ...never(
        ['renderer', 'hub', 'gateway', 'cli', 'build', 'electron'],
        'the host serves the built renderer files and never imports renderer source.',
      ),
    ],
  ),
  restrict(
    ['src/hub/**', 'src/gateway/**'],
    [
      electronPackage,
      reactPackages,
      ...never(
        ['terminal', 'renderer', 'host', 'cli', 'build', 'electron'],
        'the hub and the gateway are separate servers.',
      ),
    ],
  ),
  restrict(
    ['src/cli/**'],
    [
      electronPackage,
      reactPackages,
      ...never(
        ['renderer', 'build', 'electron'],
        'the CLI composes the terminal, the host and the servers (hub, gateway).',
      ),
    ],
  ),
  // Integration tests of the domain may read test vectors from files and cross-check with node:crypto.
  restrict(
    ['src/core/**/*.int.test.ts'],
    [
      {
        regex: '^(?!(vitest|fast-check|node:.*)$)[^./]',
        message: 'Core tests use vitest, fast-check and node:*.',
      },
      ...never(
        ['shared', 'terminal', 'host', 'hub', 'gateway', 'renderer', 'cli', 'build', 'electron'],
        'core tests stay pure.',
      ),
    ],
  ),
  // Integration tests of the terminal talk to the real servers a till talks to (the sandbox gateway, the
  // hub, started in-process) and read the till's SQLite file; they never reach the layers above the
  // terminal (host, CLI, Electron, renderer). Their shared helpers (*.test-util.ts) likewise.
  restrict(
    ['src/terminal/**/*.int.test.ts', 'src/terminal/**/*.test-util.ts'],
    [
      electronPackage,
      ...never(
        ['renderer', 'host', 'cli', 'build', 'electron'],
        'a terminal test drives the terminal itself, not a transport or the CLI.',
      ),
    ],
  ),
  restrict(
    ['electron/preload/**'],
    [
      {
        regex: '^(?!electron$)[^./]',
        message: 'The sandboxed preload may only require electron (and bundled src/shared).',
      },
      { regex: '^(\\.\\./)+(main)(/|$)', message: 'The preload must not import electron/main.' },
      { regex: '^(\\.\\./)+src/(?!shared/)', message: 'The preload may import src/shared only.' },
    ],
  ),
  restrict(
    ['electron/main/**'],
    [
      reactPackages,
      ...never(
        ['renderer', 'host', 'hub', 'gateway', 'cli', 'build'],
        'main serves the built renderer over app://.',
      ),
    ],
  ),
);
