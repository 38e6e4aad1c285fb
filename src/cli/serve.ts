import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { isTillpointError } from '../core/errors.js';
import { startHost } from '../host/host.js';
import { createNodeLogger } from '../terminal/log/logger.js';
import { openTerminal } from '../terminal/terminal.js';
import { CliFailure, exitCodes, type ExitCode } from './cli-failure.js';
import { kioskBrowserCommand } from './kiosk-browser.js';

export interface ServeOptions {
  port: number;
  dataDir: string;
  terminalName?: string;
  /** --lang: the language of the screens and receipts, stored in the till's settings (zh-CN, en) */
  locale?: string;
  appDir: string;
  /** the sandbox gateway for the demo payment providers (when DIR/providers.json does not exist) */
  gatewayUrl?: string;
  /** read NFC cards through pcscd (default true; --no-nfc turns it off) */
  nfc?: boolean;
  /** rotating JSON log files (default `<data>/logs`); the same lines also go to stderr */
  logDir?: string;
  /** --demo: stored-value cards may use the public demo key (when DIR/stored-value.json does not exist) */
  demo?: boolean;
  /** --kiosk: the self-service kiosk instead of the cashier (no cashier token); ends on the staff's admin exit */
  kiosk?: boolean;
}

/** Maps a refused database to exit 2 with the terminal's own message plus what to do next. */
function openFailure(error: unknown, dataDir: string): CliFailure {
  // a kiosk nobody could leave or clear a help request on: refused before it shows a screen
  if (isTillpointError(error) && error.code === 'kiosk.no_staff_pin') {
    return CliFailure.wrapping(
      error,
      `This kiosk has no staff PIN. Set one with: tillpoint kiosk set-pin --data ${dataDir} ` +
        '(or try the kiosk with --demo and the demo PIN).',
      exitCodes.usage,
    );
  }
  // another process has the folder: its message names the folder, the process and what to do
  if (isTillpointError(error) && error.code === 'store.locked') {
    return CliFailure.wrapping(error, error.message, exitCodes.failure);
  }
  if (isTillpointError(error) && (error.code === 'store.corrupt' || error.code === 'store.newer_schema')) {
    const next =
      error.code === 'store.corrupt'
        ? 'The file was not changed; keep a copy for support and restore a backup, or use another --data folder.'
        : 'The file was not changed; run the newer Tillpoint that wrote it.';
    return CliFailure.wrapping(error, `${error.message} ${next}`, exitCodes.databaseRefused);
  }
  const message = error instanceof Error ? error.message : String(error);
  return CliFailure.wrapping(error, `Could not open the till in ${dataDir}: ${message}`, exitCodes.failure);
}

/**
 * `tillpoint serve`: the terminal behind the loopback host, for a kiosk browser or the e2e tests. Prints two
 * lines on stdout when ready, the cashier URL and the customer display's; everything else goes to stderr. Resolves on SIGINT/SIGTERM
 * after closing the host and the database cleanly.
 * With --kiosk: the kiosk's URL, the Chromium line to show it and the customer display's; it also resolves
 * (exit 0) when staff leave kiosk mode with the PIN (`kiosk.exit`), so a unit with Restart=on-failure stays
 * stopped then and a crash still restarts.
 */
export async function serve(opts: ServeOptions): Promise<ExitCode> {
  // Listen for the stop signal before anything else: a SIGTERM that arrives while the database opens, or
  // right after the URL line is printed, must still close cleanly instead of killing the process.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const dataDir = path.resolve(opts.dataDir);
  const rendererDir = path.join(opts.appDir, 'dist', 'renderer');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw openFailure(error, dataDir);
  }
  const logDir = path.resolve(opts.logDir ?? path.join(dataDir, 'logs'));
  let logger;
  try {
    logger = await createNodeLogger({ source: 'till', logDir });
  } catch (error) {
    throw new CliFailure(
      `Cannot write the log folder ${logDir}: ${(error as Error).message}. Choose another with --log-dir.`,
      exitCodes.failure,
    );
  }
  const log = logger.log;
  const terminal = await openTerminal({
    dataDir,
    logDir,
    ...(opts.terminalName === undefined ? {} : { terminalName: opts.terminalName }),
    ...(opts.locale === undefined ? {} : { locale: opts.locale }),
    ...(opts.gatewayUrl === undefined ? {} : { gatewayUrl: opts.gatewayUrl }),
    nfc: opts.nfc === false ? 'off' : 'pcsc',
    demo: opts.demo === true,
    kiosk: opts.kiosk === true,
    log,
    command: 'serve',
  }).catch(async (error: unknown) => {
    await logger.close();
    throw openFailure(error, dataDir);
  });

  // Subscribed before the host opens, so an admin exit cannot happen unheard.
  const adminExit = new Promise<'kiosk.exit'>((resolve) => {
    terminal.onEvent((...[event]) => {
      if (event === 'kiosk.exit') resolve(event);
    });
  });
  let host;
  try {
    host = await startHost({
      port: opts.port,
      dataDir,
      rendererDir,
      terminal,
      log,
      kiosk: opts.kiosk === true,
    });
  } catch (error) {
    await terminal.close();
    await logger.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new CliFailure(
        `Port ${opts.port} is already in use; choose another with --port.`,
        exitCodes.failure,
      );
    }
    throw new CliFailure(
      `Could not listen on 127.0.0.1:${opts.port}: ${(error as Error).message}`,
      exitCodes.failure,
    );
  }
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    log(`the cashier screen is not built (${rendererDir} is missing); run npm run build`);
  }
  logger.addSecret('token' in host ? host.token : host.kioskToken);
  logger.addSecret(host.displayToken);
  log(`serving the ${'token' in host ? 'cashier' : 'kiosk'} on 127.0.0.1:${host.port}`, { dataDir, logDir });
  // One write (atomic on a pipe below PIPE_BUF), so a reader that found one line has the others too. The
  // customer display's link is read-only: that screen follows the sale and cannot change it.
  process.stdout.write(
    'token' in host
      ? `Tillpoint cashier: ${host.url}\nTillpoint customer display: ${host.displayUrl}\n`
      : `Tillpoint kiosk: ${host.kioskUrl}\n` +
          `Tillpoint kiosk browser: ${kioskBrowserCommand(host.kioskUrl, dataDir)}\n` +
          `Tillpoint customer display: ${host.displayUrl}\n`,
  );

  const stop = await Promise.race([stopRequested, adminExit]);
  if (stop === 'kiosk.exit') {
    log('kiosk: staff left kiosk mode; closing');
    process.stdout.write('Tillpoint kiosk: closed by staff with the staff PIN.\n');
  } else {
    log(`${stop}: closing`);
  }
  await host.close();
  await terminal.close();
  await logger.close();
  return exitCodes.ok;
}
