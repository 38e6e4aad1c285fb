/**
 * The terminal sync-faults.int.test.ts kills with SIGKILL. argv: dataDir hubUrl mode [enrollCode].
 * - sell: opens the terminal (the sync client starts on its own), enrolls first if a code is given, then
 *   rings up and completes cash sales one after another, printing each sale's id after its commit, until
 *   it is killed.
 * - drain: opens the terminal and waits until nothing is queued, prints "drained" and exits 0.
 * The sync backoff is shortened (base 20 ms, cap 400 ms) so thousands of sales fit in a test.
 */
import { openTerminal } from '../terminal.js';

const [dataDir, hubUrl, mode, code] = process.argv.slice(2);
if (!dataDir || !hubUrl || !mode) throw new Error('usage: sync-fault-child <dataDir> <hubUrl> <mode> [code]');

const terminal = await openTerminal({
  dataDir,
  log: () => {},
  sync: { hubTimeoutMs: 1_000, idleIntervalMs: 200, backoff: { baseMs: 20, capMs: 400 }, maxItems: 50 },
});
const h = terminal.handlers;
if (code) await h['sync.enroll']({ hubUrl, code });
process.stdout.write('ready\n');

if (mode === 'sell') {
  const barcodes = ['6901234567892', '6914074011135', '6914111012262'];
  for (let i = 0; ; i += 1) {
    const sale = await h['sale.start']({});
    await h['sale.scan']({ saleId: sale.id, barcode: barcodes[i % barcodes.length]! });
    if (i % 3 === 0) await h['sale.scan']({ saleId: sale.id, barcode: barcodes[(i + 1) % barcodes.length]! });
    await h['sale.complete']({ saleId: sale.id, tender: { method: 'cash', tendered: 100_000 } });
    process.stdout.write(`sold ${sale.id}\n`);
    // a till rings up a sale every few ms here; yield so the sync client gets the event loop
    await new Promise((r) => setImmediate(r));
  }
} else {
  for (;;) {
    const health = h['sync.status']({});
    const s = health instanceof Promise ? await health : health;
    if (s.queued === 0 && s.network === 'online') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stdout.write('drained\n');
  await terminal.close();
  process.exit(0);
}
