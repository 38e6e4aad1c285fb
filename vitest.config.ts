import { readFileSync } from 'node:fs';
import { configDefaults, defineConfig, type Plugin } from 'vitest/config';

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

/** Tests that start their own pcscd: one pcscd per machine (fixed socket and vpcd ports), so one at a time. */
const pcscTests = 'src/**/*.pcsc.int.test.ts';

export default defineConfig({
  plugins: [sqlText],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'electron/**/*.test.ts', 'e2e/**/*.test.ts'],
          exclude: [...configDefaults.exclude, pcscTests],
        },
      },
      {
        extends: true,
        test: { name: 'pcsc', include: [pcscTests], fileParallelism: false },
      },
    ],
  },
});
