/**
 * The process payment-crash.int.test.ts (and each provider's own crash test) kills. With a providers.json in
 * the data folder the till uses it instead of the sandbox gateway at gatewayUrl. argv: dataDir gatewayUrl mode timeoutMs [code | attemptIds].
 * - charge: opens the terminal, rings up one item and charges `code`; prints every payment.changed (sent
 *   after its commit) as a JSON line, then idles until it is killed.
 * - qr: likewise, but shows provider `arg`'s merchant QR (payment.showQr) instead of charging a code.
 * - resume: opens the terminal without starting it, listens, then starts it (which resumes unfinished
 *   attempts first), so every event of the resume is printed too; waits until the attempts given
 *   (comma-separated) are final, prints them and exits 0.
 * The terminal's log lines go to stderr, for the test to read.
 */
import { openTerminal } from '../terminal.js';

const [dataDir, gatewayUrl, mode, timeoutMs, arg] = process.argv.slice(2);
if (!dataDir || !gatewayUrl || !mode || !timeoutMs)
  throw new Error('usage: payment-crash-child <dataDir> <url> <mode> <ms> [arg]');
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

const terminal = await openTerminal({
  dataDir,
  gatewayUrl,
  paymentTimeoutMs: Number(timeoutMs),
  paymentPollIntervalsMs: [50, 100, 200],
  start: false,
  log: (line, details) => process.stderr.write(`${line} ${details === undefined ? '' : String(details)}\n`),
});
const h = terminal.handlers;
terminal.onEvent((event, payload) => {
  if (event === 'payment.changed') print({ id: payload.id, state: payload.state });
  else if (mode === 'resume') print({ event });
});
await terminal.start();

if (mode === 'charge' || mode === 'qr') {
  const sale = await h['sale.start']({});
  const open =
    sale.lines.length > 0 ? sale : await h['sale.scan']({ saleId: sale.id, barcode: '6901234567892' });
  process.stdout.write('ready\n');
  try {
    const attempt =
      mode === 'qr'
        ? await h['payment.showQr']({ saleId: open.id, providerId: arg ?? '' })
        : await h['payment.chargeCode']({ saleId: open.id, code: arg ?? '', source: 'scanner' });
    print({ answered: attempt.state });
  } catch (error) {
    print({ error: String(error) });
  }
  setInterval(() => {}, 60_000);
} else {
  const ids = (arg ?? '').split(',').filter(Boolean);
  for (const id of ids) {
    for (;;) {
      const a = await h['payment.get']({ attemptId: id });
      if (a.state === 'succeeded' || a.state === 'declined' || a.state === 'reversed') {
        print({ final: id, state: a.state });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  terminal.close();
  process.exit(0);
}
