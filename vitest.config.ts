import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';

/** Loads `*.sql` as a default-exported string, like esbuild's `loader: { '.sql': 'text' }` in the build. */
const sqlText: Plugin = {
  name: 'tillpoint-sql-text',
  enforce: 'pre',
  load(id) {
    const file = id.split('?')[0] ?? id;
    if (!file.endsWith('.sql')) return null;
    return { code: `export default ${JSON.stringify(readFileSync(file, 'utf8'))};`, map: null };
  },
};

export default defineConfig({
  plugins: [sqlText],
  test: {
    include: ['src/**/*.test.ts', 'electron/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
