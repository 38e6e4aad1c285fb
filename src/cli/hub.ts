import { journalReport } from '../hub/journal-report.js';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { TillpointError, type ErrorCode } from '../core/errors.js';
import { pairingCodeOf } from '../shared/hub-pairing.js';
import { HubStoreTooNew, HubStoreUnavailable } from '../hub/hub-store.js';
import { startHub } from '../hub/hub-server.js';
import type { EntryLimits } from '../hub/entry-checks.js';
import { issueEnrollCode } from '../hub/enroll-code.js';
import { salesReport } from '../hub/sales-report.js';
import { paymentsReport } from '../hub/payments-report.js';
import { shiftsReport } from '../hub/shifts-report.js';
import { PublishError, publishChanges, readPublishFile } from '../hub/catalog-publish.js';
import type { PaymentFilter } from '../hub/hub-store.js';
import type { IssuerLink } from '../hub/offline-code-settle.js';
import { describeHubStorage, openHubStore, type HubStorageConfig } from '../hub/open-hub-store.js';
import { createNodeLogger } from '../terminal/log/logger.js';
import { CliFailure, exitCodes, usageError, type ExitCode } from './cli-failure.js';
import { localeFromEnvironment } from './i18n/cli-locale.js';
import { cliMessage, type CliMessage } from './i18n/translate.js';

/** A note for the person at the console (stderr), in the environment's language: a hub has none of its own. */
const say = (message: CliMessage) => cliMessage(localeFromEnvironment() ?? 'en', message);

export interface HubCommandOptions extends HubStorageConfig {
  readonly port: number;
  /** the address to listen on (default 127.0.0.1) */
  readonly host?: string;
  /** PEM files of the hub's certificate (its chain may follow) and private key: https */
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
  /** plain http on a non-loopback address: a TLS-terminating reverse proxy is in front (README) */
  readonly insecureBehindProxy?: boolean;
  /** what an entry may hold (src/hub/entry-checks.ts) */
  readonly limits?: Partial<EntryLimits>;
  /** rotating JSON log files (default `<data>/logs`); the same lines also go to stderr */
  readonly logDir?: string;
  /** settle offline payment codes with this issuer in the background */
  readonly offlineIssuer?: IssuerLink;
}

export async function open(config: HubStorageConfig) {
  try {
    return await openHubStore(config);
  } catch (error) {
    if (error instanceof HubStoreTooNew) {
      throw CliFailure.of(error, exitCodes.databaseRefused);
    }
    // the driver's own words (ECONNREFUSED, a bad password ...) tell the operator more than a summary
    const reason = (error as Error).message;
    throw CliFailure.wrapping(
      error,
      { key: 'hub.openFailed', args: { storage: describeHubStorage(config), reason } },
      exitCodes.failure,
    );
  }
}

/** The last fingerprint the hub served with, for `hub enroll-code` to print the pairing code beside the code. */
const fingerprintFile = (dataDir: string) => path.join(dataDir, 'tls-fingerprint');

/** Reads --tls-cert / --tls-key and checks that they make a certificate and its key; undefined without. */
export function readHubTls(
  certFile: string | undefined,
  keyFile: string | undefined,
): { certPem: string; keyPem: string; fingerprint256: string } | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  const unreadable = (message: string) =>
    CliFailure.of(new TillpointError('hub.tls_unreadable', message), exitCodes.failure);
  if (certFile === undefined || keyFile === undefined) {
    throw unreadable('TLS needs both --tls-cert FILE and --tls-key FILE.');
  }
  let certPem: string;
  let keyPem: string;
  try {
    certPem = readFileSync(certFile, 'utf8');
    keyPem = readFileSync(keyFile, 'utf8');
  } catch (error) {
    throw unreadable(`The TLS certificate or key cannot be read: ${(error as Error).message}`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) {
      throw new Error(`the key in ${keyFile} is not the key of the certificate in ${certFile}`);
    }
  } catch (error) {
    throw unreadable(`The TLS certificate and key cannot be used: ${(error as Error).message}`);
  }
  return { certPem, keyPem, fingerprint256: cert.fingerprint256.replace(/:/g, '').toLowerCase() };
}

/**
 * `tillpoint hub`: the hub's HTTP JSON API on 127.0.0.1 (https with --tls-cert/--tls-key on any --host). Prints "Tillpoint hub: <url>" on stdout when ready;
 * resolves on SIGINT/SIGTERM after closing the server and the database.
 */
export async function hubCommand(opts: HubCommandOptions): Promise<ExitCode> {
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // refused before anything opens: no TLS off loopback, a certificate that cannot be used
  const tls = readHubTls(opts.tlsCertFile, opts.tlsKeyFile);
  const store = await open(opts);
  const logDir = path.resolve(opts.logDir ?? path.join(opts.dataDir, 'logs'));
  let logger;
  try {
    logger = await createNodeLogger({ source: 'hub', logDir });
  } catch (error) {
    await store.close();
    throw new CliFailure(
      { key: 'failure.logFolder', args: { folder: logDir, reason: (error as Error).message } },
      exitCodes.failure,
    );
  }
  // the password of a DATABASE_URL never reaches a log line
  if (opts.databaseUrl) {
    const password = safeUrlPassword(opts.databaseUrl);
    if (password) logger.addSecret(password);
  }
  let hub;
  try {
    hub = await startHub({
      port: opts.port,
      store,
      log: logger.log,
      ...(opts.host === undefined ? {} : { host: opts.host }),
      ...(tls === undefined ? {} : { tls }),
      ...(opts.insecureBehindProxy ? { insecureBehindProxy: true } : {}),
      ...(opts.limits === undefined ? {} : { limits: opts.limits }),
      ...(opts.offlineIssuer === undefined ? {} : { offlineIssuer: opts.offlineIssuer }),
    });
  } catch (error) {
    await store.close();
    await logger.close();
    if (error instanceof TillpointError) throw CliFailure.of(error, exitCodes.failure);
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(
      code === 'EADDRINUSE'
        ? { key: 'failure.portInUse', args: { port: opts.port } }
        : { key: 'failure.listen', args: { port: opts.port, reason: (error as Error).message } },
      exitCodes.failure,
    );
  }
  logger.log(`hub listening on ${hub.url}`, { storage: describeHubStorage(opts), logDir });
  process.stdout.write(`Tillpoint hub: ${hub.url}\n`);
  if (opts.host === '0.0.0.0' || opts.host === '::') {
    // the wildcard is no address a till can use: the machine's own, for the operator to read out
    const scheme = hub.url.startsWith('https:') ? 'https' : 'http';
    for (const a of Object.values(networkInterfaces()).flat()) {
      if (a && !a.internal && (a.family === 'IPv4' || opts.host === '::')) {
        const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
        process.stdout.write(`Tills connect to: ${scheme}://${host}:${hub.port}\n`);
      }
    }
  }
  if (hub.fingerprint256 !== null && hub.pairingCode !== null) {
    // what the operator reads off the hub to pair a till (and what `hub enroll-code` appends to a code)
    process.stdout.write(
      `TLS certificate SHA-256: ${hub.fingerprint256}\nPairing code: ${hub.pairingCode}\n`,
    );
    logger.log('hub TLS certificate', { fingerprint256: hub.fingerprint256, pairingCode: hub.pairingCode });
    try {
      writeFileSync(fingerprintFile(opts.dataDir), `${hub.fingerprint256}\n`, { mode: 0o600 });
    } catch (error) {
      logAtWarn(logger.log, 'cannot note the certificate fingerprint for hub enroll-code', error);
    }
  }
  const signal = await stopRequested;
  logger.log(`${signal}: closing`);
  await hub.close();
  await store.close();
  await logger.close();
  return exitCodes.ok;
}

function logAtWarn(log: (message: string, details?: unknown) => void, message: string, error: unknown) {
  log(message, { error: (error as Error).message });
}

function safeUrlPassword(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).password) || null;
  } catch {
    return null;
  }
}

/**
 * `tillpoint hub enroll-code`: prints one one-time enrollment code (good for 24 h) on stdout. For a hub with
 * TLS (--tls-cert, or the certificate the hub last started with) the code carries its pairing code after a
 * `/`, so a till given it pins that hub's certificate.
 */
export async function hubEnrollCodeCommand(
  config: HubStorageConfig,
  opts: { tlsCertFile?: string } = {},
): Promise<ExitCode> {
  let fingerprint: string | null = null;
  if (opts.tlsCertFile !== undefined) {
    try {
      fingerprint = new X509Certificate(readFileSync(opts.tlsCertFile)).fingerprint256
        .replace(/:/g, '')
        .toLowerCase();
    } catch (error) {
      throw CliFailure.of(
        new TillpointError(
          'hub.tls_unreadable',
          `The TLS certificate cannot be read: ${(error as Error).message}`,
        ),
        exitCodes.failure,
      );
    }
  } else {
    try {
      const noted = readFileSync(fingerprintFile(config.dataDir), 'utf8').trim();
      if (/^[0-9a-f]{64}$/.test(noted)) fingerprint = noted;
    } catch {
      fingerprint = null;
    }
  }
  const store = await open(config);
  try {
    const code = await issueEnrollCode(store);
    process.stdout.write(fingerprint === null ? `${code}\n` : `${code}/${pairingCodeOf(fingerprint)}\n`);
    process.stderr.write(`${say({ key: 'hub.enrollCodeNote' })}\n`);
  } finally {
    await store.close();
  }
  return exitCodes.ok;
}

export interface HubReportOptions {
  /** the final state of every payment instead of the sales */
  readonly payments?: boolean;
  /** every closed shift's Z report (shift.closed) instead of the sales */
  readonly shifts?: boolean;
  /** every kept settlement reconciliation (hub reconcile) instead of the sales */
  readonly reconciliations?: boolean;
  /** every till's journal as the hub saw it (src/hub/journal-report.ts) instead of the sales */
  readonly journal?: boolean;
  /** --payments, --shifts: only this terminal (its id, or its name if only one terminal has it) */
  readonly terminal?: string;
  /** --payments: only this final state */
  readonly state?: string;
}

const paymentStates = ['succeeded', 'declined', 'reversed'] as const;

/**
 * `tillpoint hub report`: sales by terminal, day (in TZ) and tender, as JSON on stdout; with --payments the
 * final state of every payment (payment.final), oldest first, with totals per currency and state; with
 * --shifts every closed shift's Z report (shift.closed) in the order the hub accepted them.
 */
export async function hubReportCommand(
  config: HubStorageConfig,
  opts: HubReportOptions = {},
): Promise<ExitCode> {
  if ([opts.payments, opts.shifts, opts.reconciliations, opts.journal].filter(Boolean).length > 1) {
    throw usageError('usage.reportKinds');
  }
  if (
    (!opts.payments && !opts.shifts && opts.terminal !== undefined) ||
    (!opts.payments && opts.state !== undefined)
  ) {
    throw usageError('usage.reportFilters');
  }
  const state = paymentStates.find((s) => s === opts.state);
  if (opts.state !== undefined && state === undefined) {
    throw usageError('usage.state', { supported: paymentStates.join(', '), value: opts.state });
  }
  const store = await open(config);
  try {
    let report;
    if (opts.payments) {
      const filter: PaymentFilter = {
        ...(opts.terminal === undefined ? {} : { terminalId: await terminalIdOf(store, opts.terminal) }),
        ...(state === undefined ? {} : { state }),
      };
      report = await paymentsReport(store, filter);
    } else if (opts.journal) {
      report = await journalReport(store);
    } else if (opts.reconciliations) {
      report = (await store.reconciliations()).map((run) => ({
        ...run,
        counts: JSON.parse(run.counts) as unknown,
        findings: JSON.parse(run.findings) as unknown,
      }));
    } else if (opts.shifts) {
      report = await shiftsReport(
        store,
        opts.terminal === undefined ? undefined : await terminalIdOf(store, opts.terminal),
      );
    } else {
      report = await salesReport(store);
    }
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await store.close();
  }
  return exitCodes.ok;
}

async function terminalIdOf(store: Awaited<ReturnType<typeof open>>, given: string): Promise<string> {
  const terminals = await store.terminals();
  if (terminals.some((t) => t.id === given)) return given;
  const named = terminals.filter((t) => t.name === given);
  if (named.length === 1 && named[0] !== undefined) return named[0].id;
  throw new CliFailure(
    named.length === 0
      ? { key: 'hub.noTerminal', args: { terminal: given } }
      : {
          key: 'hub.ambiguousTerminal',
          args: { count: named.length, terminal: given, ids: named.map((t) => t.id).join(', ') },
        },
    exitCodes.failure,
  );
}

const printError = (code: ErrorCode, message: string, details?: unknown) =>
  process.stdout.write(
    `${JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }) } })}\n`,
  );

/**
 * `tillpoint hub publish FILE`: checks the whole file, then publishes its changes in one transaction and
 * prints `{"published": n, "cursor": "<seq>"}`. A bad file prints `{"error": {code, message, details?}}` and
 * exits 1 with nothing written.
 */
export async function hubPublishCommand(config: HubStorageConfig, file: string): Promise<ExitCode> {
  let changes;
  try {
    changes = readPublishFile(file);
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    printError(error.code, error.message, error.details);
    return exitCodes.failure;
  }
  const store = await open(config);
  try {
    const outcome = await publishChanges(store, changes);
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    process.stderr.write(
      `${say({ key: 'hub.published', args: { count: outcome.published, cursor: outcome.cursor } })}\n`,
    );
    return exitCodes.ok;
  } catch (error) {
    if (!(error instanceof HubStoreUnavailable)) throw error;
    printError(
      'hub.unavailable',
      `The hub's database is not answering; nothing was published. ${error.message}`,
    );
    return exitCodes.failure;
  } finally {
    await store.close();
  }
}
