/**
 * The terminal sync-faults.int.test.ts kills with SIGKILL. argv: dataDir hubUrl mode [enrollCode].
 * - sell: opens the terminal (the sync client starts on its own), enrolls first if a code is given, then
 *   rings up and completes cash sales one after another, printing each sale's id after its commit, until
 *   it is killed. The sync backoff is shortened (base 20 ms, cap 400 ms) so thousands of sales fit in a test.
 * - steady: like sell, but at the pace of a busy till (one sale every 50 ms) for STEADY_SELL_MS (default
 *   40 s), with the sync client's real backoff (base 1 s, cap 5 min), then keeps syncing until killed. The
 *   latency bound of the fault suite is measured on it; prints "done" when it stops selling. Batches are
 *   small (10 entries) so that a few seconds' backlog takes as many requests per round as a day's backlog
 *   takes with the hub's 500: what matters for the backoff is how many requests a round makes.
 * - drain: opens the terminal and waits until nothing is queued, prints "drained" and exits 0.
 */
import { openTerminal } from '../terminal.js';

const [dataDir, hubUrl, mode, code] = process.argv.slice(2);
if (!dataDir || !hubUrl || !mode) throw new Error('usage: sync-fault-child <dataDir> <hubUrl> <mode> [code]');

const steady = mode === 'steady';
const terminal = await openTerminal({
  dataDir,
  log: () => {},
  sync: steady
    ? { hubTimeoutMs: 2_000, maxItems: 10 }
    : { hubTimeoutMs: 1_000, idleIntervalMs: 200, backoff: { baseMs: 20, capMs: 400 }, maxItems: 50 },
});
const h = terminal.handlers;
if (code) await h['sync.enroll']({ hubUrl, code });
process.stdout.write('ready\n');

const barcodes = ['6901234567892', '6914074011135', '6914111012262'];
async function sellOne(i: number): Promise<void> {
  const sale = await h['sale.start']({});
  await h['sale.scan']({ saleId: sale.id, barcode: barcodes[i % barcodes.length]! });
  if (i % 3 === 0) await h['sale.scan']({ saleId: sale.id, barcode: barcodes[(i + 1) % barcodes.length]! });
  await h['sale.complete']({ saleId: sale.id, tender: { method: 'cash', tendered: 100_000 } });
  process.stdout.write(`sold ${sale.id}\n`);
}

if (mode === 'sell') {
  for (let i = 0; ; i += 1) {
    await sellOne(i);
    // a till rings up a sale every few ms here; yield so the sync client gets the event loop
    await new Promise((r) => setImmediate(r));
  }
} else if (steady) {
  const until = Date.now() + Number(process.env.STEADY_SELL_MS ?? 40_000);
  for (let i = 0; Date.now() < until; i += 1) {
    await sellOne(i);
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stdout.write('done\n');
  // the sync client's timers are unref'd (a till is kept alive by its windows and servers): without this the
  // process would end during a backoff wait with entries still queued
  setInterval(() => {}, 60_000);
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
