import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bundles a test's child-process entry (a terminal the test kills) into `outDir`, to run with plain node
 * (no tsx per kill). Packages stay external, imported by absolute path so the bundle can live in a temp
 * folder outside the project; the store's migrations are .sql text.
 */
export async function bundleChild(entryUrl: URL, outDir: string): Promise<string> {
  const entry = fileURLToPath(entryUrl);
  const require = createRequire(entry);
  const outfile = join(outDir, `${entry.split('/').pop()!.replace(/\.ts$/, '')}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    loader: { '.sql': 'text' },
    logLevel: 'error',
    plugins: [
      {
        name: 'packages-by-absolute-path',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:')
              ? { external: true }
              : { path: require.resolve(args.path), external: true },
          );
        },
      },
    ],
  });
  return outfile;
}
