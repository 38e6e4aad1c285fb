import { HubStoreTooNew, HubStoreUnavailable } from '../hub/hub-store.js';
import { startHub } from '../hub/hub-server.js';
import { issueEnrollCode } from '../hub/enroll-code.js';
import { salesReport } from '../hub/sales-report.js';
import { describeHubStorage, openHubStore, type HubStorageConfig } from '../hub/open-hub-store.js';
import { CliFailure, exitCodes, type ExitCode } from './cli-failure.js';

export interface HubCommandOptions extends HubStorageConfig {
  readonly port: number;
}

async function open(config: HubStorageConfig) {
  try {
    return await openHubStore(config);
  } catch (error) {
    if (error instanceof HubStoreTooNew) throw new CliFailure(error.message, exitCodes.databaseRefused);
    const reason = error instanceof HubStoreUnavailable ? error.message : (error as Error).message;
    throw new CliFailure(
      `Cannot open the hub database (${describeHubStorage(config)}): ${reason}`,
      exitCodes.failure,
    );
  }
}

/**
 * `tillpoint hub`: the hub's HTTP JSON API on 127.0.0.1. Prints "Tillpoint hub: <url>" on stdout when ready;
 * resolves on SIGINT/SIGTERM after closing the server and the database.
 */
export async function hubCommand(opts: HubCommandOptions): Promise<ExitCode> {
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const store = await open(opts);
  let hub;
  try {
    hub = await startHub({
      port: opts.port,
      store,
      log: (line) => process.stderr.write(`tillpoint hub: ${line}\n`),
    });
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(
      code === 'EADDRINUSE'
        ? `Port ${opts.port} is already in use; choose another with --port.`
        : `Could not listen on 127.0.0.1:${opts.port}: ${(error as Error).message}`,
      exitCodes.failure,
    );
  }
  process.stderr.write(`tillpoint hub: storage ${describeHubStorage(opts)}\n`);
  process.stdout.write(`Tillpoint hub: ${hub.url}\n`);
  const signal = await stopRequested;
  process.stderr.write(`tillpoint hub: ${signal}: closing\n`);
  await hub.close();
  await store.close();
  return exitCodes.ok;
}

/** `tillpoint hub enroll-code`: prints one one-time enrollment code (good for 24 h) on stdout. */
export async function hubEnrollCodeCommand(config: HubStorageConfig): Promise<ExitCode> {
  const store = await open(config);
  try {
    const code = await issueEnrollCode(store);
    process.stdout.write(`${code}\n`);
    process.stderr.write('tillpoint hub: one-time enrollment code, good for 24 hours\n');
  } finally {
    await store.close();
  }
  return exitCodes.ok;
}

/** `tillpoint hub report`: sales by terminal, day (in TZ) and tender, as JSON on stdout. */
export async function hubReportCommand(config: HubStorageConfig): Promise<ExitCode> {
  const store = await open(config);
  try {
    process.stdout.write(`${JSON.stringify(await salesReport(store), null, 2)}\n`);
  } finally {
    await store.close();
  }
  return exitCodes.ok;
}
