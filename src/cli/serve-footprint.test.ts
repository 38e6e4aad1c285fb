import { build, type Metafile } from 'esbuild';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from './cli-bundle.test-util.js';

/**
 * `tillpoint serve` is the cashier's host and runs all day beside the renderer, so what it loads is memory
 * the till holds (the goal: host + renderer at or under 200 MB, e2e/bench/cold-start.ts). The CLI is split
 * into a chunk per command (src/build/build.mjs); this checks which npm packages serve's chunks import
 * before any code runs, so a static import of the hub, the gateway or the reconciliation from main.ts or
 * from the terminal brings their packages back into every till and fails here.
 */

/** The packages a command's chunks import statically: the entry, the command's chunk, what they import. */
function staticPackages(meta: Metafile, commandSource: string): Set<string> {
  const outputs = meta.outputs;
  const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint !== undefined);
  const command = Object.keys(outputs).find((o) => commandSource in outputs[o]!.inputs);
  if (entry === undefined || command === undefined) throw new Error(`no chunk holds ${commandSource}`);
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const imp of outputs[output]!.imports) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) {
        if (!imp.path.startsWith('node:')) packages.add(imp.path);
      } else visit(imp.path);
    }
  };
  visit(entry);
  visit(command);
  return packages;
}

async function cliMetafile(): Promise<Metafile> {
  const result = await build({
    absWorkingDir: repo,
    entryPoints: { tillpoint: path.join(repo, 'src/cli/main.ts') },
    outdir: path.join(repo, 'node_modules', '.cache', 'tillpoint-serve-footprint'),
    write: false,
    metafile: true,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    loader: { '.sql': 'text' },
    logLevel: 'error',
  });
  return result.metafile;
}

describe('what `tillpoint serve` loads at start', () => {
  it('imports the till and its host, and none of the hub, the gateway or the reconciliation packages', async () => {
    const meta = await cliMetafile();
    const serve = staticPackages(meta, 'src/cli/serve.ts');
    // the till's own: its store, its host's WebSocket, its logs
    expect(serve).toContain('better-sqlite3');
    expect(serve).toContain('ws');
    expect(serve).toContain('pino');
    // the hub's PostgreSQL client, the bills' parsers, the printer simulator's QR reader: other commands'
    for (const other of ['pg', 'csv-parse/sync', 'fflate', 'iconv-lite', 'jsqr']) {
      expect(serve, other).not.toContain(other);
    }
    // ReceiptLine comes with the first receipt (src/terminal/print/render.ts), the SM2 library with the first
    // offline code (src/terminal/offline-codes/signature-check.ts), not with the till's start; the bill slips'
    // barcodes are the sandbox biller's
    for (const later of ['receiptline', 'sm-crypto-v2', 'bwip-js']) expect(serve, later).not.toContain(later);
    // and the hub itself does load its client: the check can see a package when it is there
    expect(staticPackages(meta, 'src/cli/hub.ts')).toContain('pg');
  });
});
