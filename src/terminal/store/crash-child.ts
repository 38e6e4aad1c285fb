/**
 * The process the crash test kills (crash.int.test.ts bundles it with esbuild and runs it with plain node).
 * It completes sales forever on the data folder given as argv[2] and reports each one on stdout only after
 * sale.complete has returned, i.e. after the commit. Anything it reported must survive a SIGKILL.
 */
import { openTerminal } from '../terminal.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child <dataDir> [seed]');

const terminal = await openTerminal({ dataDir });
const h = terminal.handlers;
const products = await h['catalog.search']({ query: '', limit: 500 });
process.stdout.write('ready\n');

let seed = Number(process.argv[3] ?? 1) >>> 0 || 1;
const random = (n: number) => {
  // xorshift32 from the seed the test draws for each run (argv[3]): SEED=<n> on the test replays the sales
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};

for (;;) {
  // sale.start answers the ticket a killed run left open, so that one is finished too.
  const sale = await h['sale.start']({});
  let open = sale;
  for (let i = 1 + random(4); i > 0; i--) {
    const product = products[random(products.length)]!;
    open = await h['sale.addProduct']({ saleId: sale.id, productId: product.id, quantity: 1 + random(3) });
  }
  if (random(5) === 0)
    open = await h['sale.setTicketDiscount']({ saleId: sale.id, discount: { kind: 'percent', bps: 500 } });
  const done = await h['sale.complete']({
    saleId: sale.id,
    tender: { method: 'cash', tendered: open.totals.total.amount + random(1_000) },
  });
  process.stdout.write(
    `${JSON.stringify({ id: done.id, number: done.number, total: done.totals.total.amount, lines: done.lines.length })}\n`,
  );
}
