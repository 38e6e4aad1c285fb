import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PRINTERS_FILE_NAME } from '../terminal/print/print-config.js';
import { startPrinterSim } from '../terminal/print/printer-sim.js';
import { CliFailure, exitCodes, type ExitCode } from './cli-failure.js';
import { localeFromEnvironment } from './i18n/cli-locale.js';
import { cliMessage } from './i18n/translate.js';

export interface PrinterSimCommandOptions {
  port: number;
  /** each job also appended to this file as a JSON line */
  out?: string;
  /** start without paper (DLE EOT answers paper end; jobs are refused until "paper-in") */
  paperOut: boolean;
  /** a till's data folder: gets a printers.json pointing at this printer when it has none */
  dataDir?: string;
}

/**
 * `tillpoint printer-sim`: a virtual ESC/POS network printer on 127.0.0.1 for demos and tests. Prints
 * "Tillpoint printer: 127.0.0.1:<port>" when ready, then one JSON line per job (text, qr, pulses, cuts).
 * Lines typed on stdin change its state: paper-out, paper-in, cover-open, cover-close, drawer-open,
 * drawer-close. Ends on Ctrl+C.
 */
export async function printerSimCommand(opts: PrinterSimCommandOptions): Promise<ExitCode> {
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  let sim;
  try {
    sim = await startPrinterSim({
      port: opts.port,
      state: { paperOut: opts.paperOut },
      ...(opts.out === undefined ? {} : { out: opts.out }),
      onJob: (job) => process.stdout.write(`${JSON.stringify(job)}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(
      code === 'EADDRINUSE'
        ? { key: 'failure.portInUse', args: { port: opts.port } }
        : { key: 'failure.listen', args: { port: opts.port, reason: (error as Error).message } },
      exitCodes.failure,
    );
  }
  if (opts.dataDir !== undefined) {
    const file = join(opts.dataDir, PRINTERS_FILE_NAME);
    if (!existsSync(file)) {
      mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
      const printer = {
        id: 'sim',
        kind: 'tcp',
        host: '127.0.0.1',
        port: sim.port,
        command: 'generic',
        cpl: 42,
      };
      writeFileSync(
        file,
        `${JSON.stringify({ printers: [{ ...printer, drawer: true, receipts: true }] }, null, 2)}\n`,
      );
      const note = cliMessage(localeFromEnvironment() ?? 'en', {
        key: 'printerSim.configWritten',
        args: { file },
      });
      process.stderr.write(`${note}\n`);
    }
  }
  process.stdout.write(`Tillpoint printer: 127.0.0.1:${sim.port}\n`);
  const controls: Record<string, Parameters<typeof sim.set>[0]> = {
    'paper-out': { paperOut: true },
    'paper-in': { paperOut: false },
    'cover-open': { coverOpen: true },
    'cover-close': { coverOpen: false },
    'drawer-open': { drawerOpen: true },
    'drawer-close': { drawerOpen: false },
  };
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const change = controls[line.trim()];
    if (change) sim.set(change);
  });
  await stopRequested;
  input.close();
  await sim.close();
  return exitCodes.ok;
}
