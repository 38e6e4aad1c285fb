/**
 * `npm run bench`: one table of medians and p95s, each beside the peer it is compared with, in one run.
 * Bundled by src/build/bench.mjs (the store's migrations are .sql text) and run with plain node.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAlipay } from './alipay.js';
import { benchCatalogSearch } from './catalog-search.js';
import { benchColdStartAndMemory } from './cold-start.js';
import { benchCustomerDisplay } from './customer-display.js';
import { benchKiosk } from './kiosk.js';
import { benchHubIngest } from './hub-ingest.js';
import { benchSyncDrain } from './sync-drain.js';
import { benchNfc } from './nfc.js';
import { benchQrDecode } from './qr-decode.js';
import { benchReceiptPrint } from './receipt-print.js';
import { benchReconcile } from './reconcile.js';
import { benchSaleCommit } from './sale-commit.js';
import { benchScanToCharge } from './scan-to-charge.js';
import { benchShiftReport } from './shift-report.js';

export interface Row {
  readonly measure: string;
  readonly n: number;
  readonly median: string;
  readonly p95: string;
  readonly p99?: string;
  readonly goal: string;
  readonly peer: string;
}

/** Each bench by name, in table order; `npm run bench -- hub-ingest nfc` runs only those. */
const benches: Record<string, (scratch: string) => Row[] | Promise<Row[]>> = {
  'sale-commit': benchSaleCommit,
  'catalog-search': () => benchCatalogSearch(),
  'cold-start': benchColdStartAndMemory,
  'qr-decode': () => benchQrDecode(),
  'scan-to-charge': benchScanToCharge,
  'customer-display': benchCustomerDisplay,
  kiosk: benchKiosk,
  nfc: benchNfc,
  'hub-ingest': benchHubIngest,
  'sync-drain': benchSyncDrain,
  'receipt-print': () => benchReceiptPrint(),
  'shift-report': benchShiftReport,
  reconcile: benchReconcile,
  alipay: benchAlipay,
};
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !Object.hasOwn(benches, name));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), 'tillpoint-bench-'));
const rows: Row[] = [];
try {
  for (const [name, bench] of Object.entries(benches)) {
    if (chosen.length === 0 || chosen.includes(name)) rows.push(...(await bench(scratch)));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const headers = ['measure', 'n', 'median', 'p95', 'p99', 'goal', 'compared with (same run)'] as const;
const cells = rows.map((r) => [r.measure, String(r.n), r.median, r.p95, r.p99 ?? '', r.goal, r.peer]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(headers));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const c of cells) console.log(line(c));
