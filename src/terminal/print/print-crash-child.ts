/**
 * The process print-crash.int.test.ts kills. argv: dataDir printerPort. Opens the terminal with one TCP
 * receipt printer (and its drawer) on 127.0.0.1:printerPort, completes a cash sale, prints
 * {"committed": saleId, "receiptCode": ...} once the sale is committed, then idles until it is killed.
 */
import { openTerminal } from '../terminal.js';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) throw new Error('usage: print-crash-child <dataDir> <printerPort>');

const terminal = await openTerminal({
  dataDir,
  demo: true,
  print: {
    printers: {
      printers: [
        {
          id: 'front',
          kind: 'tcp',
          host: '127.0.0.1',
          port: Number(port),
          command: 'generic',
          cpl: 42,
          drawer: true,
          receipts: true,
        },
      ],
      problems: [],
    },
    retry: { baseMs: 100, capMs: 200 },
    statusIntervalMs: 100,
    timeouts: { connectMs: 300, writeMs: 60_000 },
  },
  log: (line) => process.stderr.write(`${line}\n`),
});
const h = terminal.handlers;
const sale = await h['sale.start']({});
await h['sale.scan']({ saleId: sale.id, barcode: '6901234567892' });
const done = await h['sale.complete']({ saleId: sale.id, tender: { method: 'cash', tendered: 500 } });
process.stdout.write(`${JSON.stringify({ committed: done.id, receiptCode: done.receiptCode })}\n`);
setInterval(() => {}, 60_000);
