import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TillpointError } from '../core/errors.js';
import { demoMerchant, startGateway, type GatewayDialect, type Merchant } from '../gateway/gateway.js';
import { createNodeLogger } from '../terminal/log/logger.js';
import { LedgerFileError } from '../gateway/ledger-file.js';
import { CliFailure, exitCodes, type ExitCode } from './cli-failure.js';

export interface GatewayCommandOptions {
  port: number;
  /** Accept scripted behaviours and /sandbox/clock (tests only). */
  test: boolean;
  /** JSON file: [{ "id": "m-shop", "key": "..." }] */
  merchantsFile?: string;
  /** SQLite file for the books (created if missing); absent: in memory. */
  ledgerFile?: string;
  /** rotating JSON log files; absent: stderr only */
  logDir?: string;
  /** the protocol spoken (default sandbox) */
  dialect?: GatewayDialect;
  /** alipay: the folder of the simulator's key pairs (made on first start; default ./.tillpoint-alipay-sim) */
  keysDir?: string;
  /** https with this certificate and key */
  tls?: { certFile: string; keyFile: string };
}

/** --tls-cert / --tls-key as PEM text, or a failure naming the file. */
function readTls(tls: { certFile: string; keyFile: string }): { cert: string; key: string } {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw CliFailure.of(
        new TillpointError('gateway.tls_invalid', `Cannot read ${file}: ${(error as Error).message}`, {
          file,
        }),
        exitCodes.failure,
      );
    }
  };
  return { cert: read(tls.certFile), key: read(tls.keyFile) };
}

const merchantsSchema = z
  .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), key: z.string().min(8).max(256) }))
  .max(1000);

/** Reads --merchants FILE, or says in one line what is wrong with it. */
export function readMerchants(file: string): Merchant[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliFailure(
      { key: 'gateway.merchantsUnreadable', args: { file, reason: (error as Error).message } },
      exitCodes.failure,
      'gateway.merchants_invalid',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliFailure(
      { key: 'gateway.merchantsNotJson', args: { file } },
      exitCodes.failure,
      'gateway.merchants_invalid',
    );
  }
  const parsed = merchantsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const place = issue?.path.join('.');
    throw new CliFailure(
      {
        key: 'gateway.merchantsInvalid',
        args: {
          file,
          place: place ? place : { key: 'gateway.merchantsTop' },
          problem: issue?.message ?? 'invalid',
        },
      },
      exitCodes.failure,
      'gateway.merchants_invalid',
    );
  }
  return parsed.data;
}

/**
 * `tillpoint gateway`: the sandbox payment gateway on 127.0.0.1. Prints one stdout line with its URL when
 * ready; resolves on SIGINT/SIGTERM after closing the server.
 */
export async function gatewayCommand(opts: GatewayCommandOptions): Promise<ExitCode> {
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const merchants = opts.merchantsFile === undefined ? [] : readMerchants(opts.merchantsFile);
  let logger;
  try {
    logger = await createNodeLogger({
      source: 'gateway',
      ...(opts.logDir === undefined ? {} : { logDir: opts.logDir }),
    });
  } catch (error) {
    throw new CliFailure(
      { key: 'failure.logFolder', args: { folder: opts.logDir ?? '', reason: (error as Error).message } },
      exitCodes.failure,
    );
  }
  // a merchant key signs payments: it never reaches a log line, whatever line mentions it
  for (const m of [demoMerchant, ...merchants]) logger.addSecret(m.key);
  let gateway;
  try {
    gateway = await startGateway({
      port: opts.port,
      test: opts.test,
      merchants,
      ...(opts.ledgerFile === undefined ? {} : { ledgerFile: path.resolve(opts.ledgerFile) }),
      ...(opts.dialect === undefined ? {} : { dialect: opts.dialect }),
      // a till is configured with these files once: they are kept (default ./.tillpoint-alipay-sim)
      ...(opts.dialect === 'alipay'
        ? { keysDir: path.resolve(opts.keysDir ?? '.tillpoint-alipay-sim') }
        : {}),
      ...(opts.tls === undefined ? {} : { tls: readTls(opts.tls) }),
      log: logger.log,
    });
  } catch (error) {
    await logger.close();
    if (error instanceof CliFailure) throw error;
    if (error instanceof LedgerFileError) throw CliFailure.of(error, exitCodes.failure);
    if (error instanceof TillpointError) throw CliFailure.of(error, exitCodes.failure);
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(
      code === 'EADDRINUSE'
        ? { key: 'failure.portInUse', args: { port: opts.port } }
        : { key: 'failure.listen', args: { port: opts.port, reason: (error as Error).message } },
      exitCodes.failure,
    );
  }
  logger.log(`gateway listening on ${gateway.url}`, { test: opts.test });
  if (opts.test) logger.log('test mode (scripted behaviours and clock)');
  process.stdout.write(`Tillpoint gateway: ${gateway.url}\n`);
  // after the URL line, which programs read first
  if (gateway.alipay) {
    // the app id and where the till's two key files are: what providers.json needs (never a key's bytes)
    const where = gateway.alipay.keysDir ?? '(in memory)';
    logger.log(`alipay dialect: app id ${gateway.alipay.appId}, keys in ${where}`);
    process.stdout.write(`Alipay app id: ${gateway.alipay.appId}\nAlipay keys: ${where}\n`);
  }
  const signal = await stopRequested;
  logger.log(`${signal}: closing`);
  await gateway.close();
  await logger.close();
  return exitCodes.ok;
}
