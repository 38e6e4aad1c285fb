// `npm run bench`: bundle e2e/bench/run.ts (the store imports its .sql migrations as text) and run it.
// `npm run bench -- hub-ingest` runs only the named benches (names in e2e/bench/run.ts).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

const outfile = 'dist/bench/run.mjs';
await build({
  entryPoints: ['e2e/bench/run.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  loader: { '.sql': 'text' },
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
