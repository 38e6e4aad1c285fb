import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that run the real `tillpoint` command. */
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles src/cli/main.ts the way src/build/build.mjs does and answers the file. Inside the repo
 * (node_modules/.cache), so the bundle's external packages resolve from its node_modules; one file per
 * test file and process, so parallel test files never share one.
 */
export async function bundleCli(name: string): Promise<string> {
  const outfile = path.join(
    repo,
    'node_modules',
    '.cache',
    'tillpoint-cli-test',
    `${name}-${process.pid}.mjs`,
  );
  await build({
    entryPoints: [path.join(repo, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    loader: { '.sql': 'text' },
    logLevel: 'error',
  });
  return outfile;
}
