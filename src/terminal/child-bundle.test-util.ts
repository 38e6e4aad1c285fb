import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bundles a test's child-process entry (a terminal the test kills) into `outDir`, to run with plain node
 * (no tsx per kill). Packages stay external, imported by absolute path so the bundle can live in a temp
 * folder outside the project; the store's migrations are .sql text. The path is the one an `import` gets
 * (the package's "import" export): a CommonJS build whose named exports Node cannot detect (pinyin-pro's)
 * would fail where the real `tillpoint` command, which imports the package by name, does not.
 */
/** Marks this plugin's own resolve call, so it is answered by esbuild rather than by the plugin again. */
const RESOLVING = Symbol('resolving');

export async function bundleChild(entryUrl: URL, outDir: string): Promise<string> {
  const entry = fileURLToPath(entryUrl);
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
    // A package bundled in for a lazy require (ReceiptLine, see print/render.ts) looks for Node by
    // `typeof require` and needs it to load its encodings (GB18030); Node's CLI has one there, so give the
    // child the same. The bundled packages' own require calls still go to their bundled copies.
    banner: {
      js: "import { createRequire as __childCreateRequire } from 'node:module'; const require = __childCreateRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'packages-by-absolute-path',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.path.startsWith('node:')) return { external: true };
            if (args.pluginData === RESOLVING) return undefined;
            // a package loaded lazily with require (pinyin-pro, see catalog-index.ts) is bundled in: an
            // ES module bundle has no require of its own, and its fallback resolves from the bundle's
            // temp folder, where no node_modules is
            if (args.kind === 'require-call') return undefined;
            const { path, errors } = await b.resolve(args.path, {
              kind: args.kind,
              importer: args.importer,
              resolveDir: args.resolveDir,
              pluginData: RESOLVING,
            });
            return errors.length > 0 ? { errors } : { path, external: true };
          });
        },
      },
    ],
  });
  return outfile;
}
