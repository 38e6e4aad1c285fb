import { isTillpointError } from '../core/errors.js';
import { isTerminalLocale, terminalLocales } from '../core/locale.js';
import { parseArgs } from 'node:util';
import { findAppDir } from './app-dir.js';
import { CliFailure, exitCodes, usageError, type ExitCode } from './cli-failure.js';
import type { GatewayDialect } from '../gateway/gateway.js';
import { chooseCliLocale, type CliLocale } from './i18n/cli-locale.js';
import { enHelp, helpText } from './i18n/help-en.js';
import { zhCNHelp } from './i18n/help-zh-CN.js';
import { cliMessage, errorText } from './i18n/translate.js';

/**
 * The `tillpoint` command. Bundled to dist/cli/tillpoint.mjs by src/build/build.mjs, each command in its own
 * chunk: a command's module is imported when that command runs, so `serve` (the cashier's host, which stays
 * up all day) does not load the hub's pg, the reconciliation's csv-parse/fflate/iconv-lite, the printer
 * simulator's jsqr or the gateway's code (about 20 MB of the host's memory; see e2e/bench/cold-start.ts).
 */

const help: { readonly [L in CliLocale]: string } = { en: helpText(enHelp), 'zh-CN': helpText(zhCNHelp) };

/**
 * What decides the language of the messages, learnt while the command line is read: serve --lang, and the
 * data folder of the till a command works on (its language is the fallback when the environment is silent).
 */
const language: { flag?: CliLocale; tillDataDir?: string } = {};

const defaultDataDir = './.tillpoint-data';
const defaultHubDataDir = './.tillpoint-hub';

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw usageError('usage.port', { value });
  }
  return Number(value);
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 15;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1) {
    throw usageError('usage.timeout', { value });
  }
  return Number(value);
}

function parseGatewayUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError('usage.gatewayUrl', { value });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError('usage.gatewayProtocol', { value });
  }
  return url.origin;
}

/** gateway --dialect: the protocol the gateway speaks (default: the sandbox's own). */
function parseDialect(value: string | undefined, gatewayDialects: readonly GatewayDialect[]): GatewayDialect {
  if (value === undefined) return 'sandbox';
  if ((gatewayDialects as readonly string[]).includes(value)) return value as GatewayDialect;
  throw usageError('usage.dialect', { supported: gatewayDialects.join(', '), value });
}

/** A whole number from 1 to `max` for a hub limit flag. */
function parsePositive(option: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw usageError('usage.positiveNumber', { option, max, value });
  }
  return n;
}

/** serve --lang: one of the languages the till has catalogs for (src/core/locale.ts). */
function parseLang(value: string): CliLocale {
  if (isTerminalLocale(value)) return value;
  throw usageError('usage.lang', { supported: terminalLocales.join(', '), value });
}

export async function run(argv: readonly string[]): Promise<ExitCode | number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      allowNegative: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        data: { type: 'string' },
        name: { type: 'string' },
        test: { type: 'boolean' },
        merchants: { type: 'string' },
        ledger: { type: 'string' },
        gateway: { type: 'string' },
        nfc: { type: 'boolean' },
        timeout: { type: 'string' },
        text: { type: 'string' },
        lang: { type: 'string' },
        uri: { type: 'string' },
        payments: { type: 'boolean' },
        shifts: { type: 'boolean' },
        terminal: { type: 'string' },
        state: { type: 'string' },
        hub: { type: 'string' },
        code: { type: 'string' },
        'log-dir': { type: 'string' },
        out: { type: 'string' },
        demo: { type: 'boolean' },
        kiosk: { type: 'boolean' },
        pin: { type: 'string' },
        role: { type: 'string' },
        badge: { type: 'string' },
        'demo-staff': { type: 'boolean' },
        'paper-out': { type: 'boolean' },
        host: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'insecure-behind-proxy': { type: 'boolean' },
        pair: { type: 'string' },
        repoint: { type: 'boolean' },
        'max-amount': { type: 'string' },
        'max-past-days': { type: 'string' },
        'max-future-hours': { type: 'string' },
        dialect: { type: 'string' },
        keys: { type: 'string' },
        provider: { type: 'string' },
        date: { type: 'string' },
        file: { type: 'string' },
        providers: { type: 'string' },
        format: { type: 'string' },
        currency: { type: 'string' },
        reconciliations: { type: 'boolean' },
        journal: { type: 'boolean' },
        issuer: { type: 'string' },
        'offline-codes': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw parseArgsError(error);
  }
  const { values, positionals } = parsed;
  const [command, sub, ...extra] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    // serve --lang is the till's language; nfc's --lang is a text record's, not the reader's
    if (command === 'serve' && values.lang !== undefined && isTerminalLocale(values.lang)) {
      language.flag = values.lang;
    }
    process.stdout.write(help[await chooseCliLocale(language)]);
    return command === undefined && !values.help ? exitCodes.usage : exitCodes.ok;
  }
  const noMore = (allowed: readonly string[], rest: readonly unknown[]) => {
    if (rest.length > 0) throw usageError('usage.unexpectedArgument', { argument: String(rest[0]) });
    for (const key of [
      'port',
      'data',
      'name',
      'test',
      'merchants',
      'ledger',
      'gateway',
      'nfc',
      'timeout',
      'text',
      'lang',
      'uri',
      'payments',
      'shifts',
      'terminal',
      'state',
      'hub',
      'code',
      'log-dir',
      'out',
      'demo',
      'kiosk',
      'pin',
      'role',
      'badge',
      'demo-staff',
      'paper-out',
      'host',
      'tls-cert',
      'tls-key',
      'insecure-behind-proxy',
      'pair',
      'repoint',
      'max-amount',
      'max-past-days',
      'max-future-hours',
      'dialect',
      'keys',
      'issuer',
      'offline-codes',
    ] as const) {
      if (values[key] !== undefined && !allowed.includes(key)) {
        throw usageError('usage.optionNotFor', { option: `--${key}`, command });
      }
    }
  };
  // a command on a till's data folder speaks the till's language when neither flag nor environment chooses
  if (['serve', 'enroll', 'queue', 'diagnostics', 'db', 'journal', 'kiosk', 'staff'].includes(command)) {
    language.tillDataDir = values.data ?? defaultDataDir;
  }
  const appDir = findAppDir();
  switch (command) {
    case 'start':
      noMore(['kiosk'], sub === undefined ? [] : [sub, ...extra]);
      return (await import('./start.js')).start(appDir, { kiosk: values.kiosk === true });
    case 'serve':
      noMore(
        ['port', 'data', 'name', 'lang', 'gateway', 'nfc', 'log-dir', 'demo', 'kiosk', 'demo-staff'],
        sub === undefined ? [] : [sub, ...extra],
      );
      if (values.lang !== undefined) language.flag = parseLang(values.lang);
      return (await import('./serve.js')).serve({
        ...(values['log-dir'] === undefined ? {} : { logDir: values['log-dir'] }),
        port: parsePort(values.port),
        nfc: values.nfc !== false,
        demo: values.demo === true,
        kiosk: values.kiosk === true,
        demoStaff: values['demo-staff'] === true,
        dataDir: values.data ?? defaultDataDir,
        ...(values.name === undefined ? {} : { terminalName: values.name }),
        ...(language.flag === undefined ? {} : { locale: language.flag }),
        ...(values.gateway === undefined ? {} : { gatewayUrl: parseGatewayUrl(values.gateway) }),
        appDir,
      });
    case 'gateway':
      noMore(
        ['port', 'test', 'merchants', 'ledger', 'log-dir', 'dialect', 'keys', 'tls-cert', 'tls-key'],
        sub === undefined ? [] : [sub, ...extra],
      );
      return (await import('./gateway.js')).gatewayCommand({
        dialect: parseDialect(values.dialect, (await import('../gateway/gateway.js')).gatewayDialects),
        ...(values.keys === undefined ? {} : { keysDir: values.keys }),
        ...(values['tls-cert'] === undefined ? {} : { tlsCertFile: values['tls-cert'] }),
        ...(values['tls-key'] === undefined ? {} : { tlsKeyFile: values['tls-key'] }),
        ...(values['log-dir'] === undefined ? {} : { logDir: values['log-dir'] }),
        port: parsePort(values.port),
        test: values.test === true,
        ...(values.merchants === undefined ? {} : { merchantsFile: values.merchants }),
        ...(values.ledger === undefined ? {} : { ledgerFile: values.ledger }),
      });
    case 'printer-sim':
      noMore(['port', 'out', 'paper-out', 'data'], sub === undefined ? [] : [sub, ...extra]);
      return (await import('./printer-sim.js')).printerSimCommand({
        port: values.port === undefined ? 9100 : parsePort(values.port),
        paperOut: values['paper-out'] === true,
        ...(values.out === undefined ? {} : { out: values.out }),
        ...(values.data === undefined ? {} : { dataDir: values.data }),
      });
    case 'hub': {
      const storage = {
        dataDir: values.data ?? defaultHubDataDir,
        ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
      };
      if (sub === 'enroll-code') {
        noMore(['data', 'tls-cert'], extra);
        return (await import('./hub.js')).hubEnrollCodeCommand(
          storage,
          values['tls-cert'] === undefined ? {} : { tlsCertFile: values['tls-cert'] },
        );
      }
      if (sub === 'reconcile') {
        noMore(['data', 'provider', 'date', 'file', 'providers', 'format', 'out', 'currency'], extra);
        return (await import('./hub-reconcile.js')).hubReconcileCommand(storage, {
          ...(values.provider === undefined ? {} : { provider: values.provider }),
          ...(values.date === undefined ? {} : { date: values.date }),
          ...(values.file === undefined ? {} : { file: values.file }),
          ...(values.providers === undefined ? {} : { providers: values.providers }),
          ...(values.format === undefined ? {} : { format: values.format }),
          ...(values.out === undefined ? {} : { out: values.out }),
          ...(values.currency === undefined ? {} : { currency: values.currency }),
        });
      }
      if (sub === 'issuer-keys' || sub === 'settle-offline-codes') {
        const [action, ...rest] = extra;
        noMore(
          ['data', 'issuer', 'file'],
          sub === 'issuer-keys' ? rest.slice(action === 'add' ? 1 : 0) : extra,
        );
        const offlineCodes = await import('./hub-offline-codes.js');
        if (sub === 'settle-offline-codes') {
          return offlineCodes.hubSettleOfflineCodesCommand(storage, values.issuer);
        }
        return offlineCodes.hubIssuerKeysCommand(storage, action, {
          ...(action === 'add' && rest[0] !== undefined ? { file: rest[0] } : {}),
          ...(values.issuer === undefined ? {} : { issuer: values.issuer }),
        });
      }
      if (sub === 'report' && values['offline-codes']) {
        noMore(['data', 'offline-codes'], extra);
        return (await import('./hub-offline-codes.js')).hubOfflineCodesReport(storage);
      }
      if (sub === 'report') {
        noMore(['data', 'payments', 'shifts', 'terminal', 'state', 'reconciliations', 'journal'], extra);
        return (await import('./hub.js')).hubReportCommand(storage, {
          payments: values.payments === true,
          shifts: values.shifts === true,
          reconciliations: values.reconciliations === true,
          journal: values.journal === true,
          ...(values.terminal === undefined ? {} : { terminal: values.terminal }),
          ...(values.state === undefined ? {} : { state: values.state }),
        });
      }
      if (sub === 'staff') {
        const [action, ...rest] = extra;
        noMore(['data', 'pin', 'name', 'role', 'badge'], action === 'remove' ? rest.slice(1) : rest);
        return (await import('./hub-staff.js')).hubStaffCommand(action, storage, {
          ...(values.pin === undefined ? {} : { pin: values.pin }),
          ...(values.name === undefined ? {} : { name: values.name }),
          ...(values.role === undefined ? {} : { role: values.role }),
          ...(values.badge === undefined ? {} : { badge: values.badge }),
          ...(action === 'remove' && rest[0] !== undefined ? { id: rest[0] } : {}),
        });
      }
      if (sub === 'journal') {
        noMore(['data'], extra.slice(1));
        return (await import('./hub-journal.js')).hubJournalCommand(extra[0], storage);
      }
      if (sub === 'publish') {
        const [file, ...rest] = extra;
        if (file === undefined) throw usageError('usage.publishNeedsFile');
        noMore(['data'], rest);
        return (await import('./hub.js')).hubPublishCommand(storage, file);
      }
      noMore(
        [
          'port',
          'data',
          'log-dir',
          'host',
          'tls-cert',
          'tls-key',
          'insecure-behind-proxy',
          'max-amount',
          'max-past-days',
          'max-future-hours',
          'issuer',
        ],
        sub === undefined ? [] : [sub, ...extra],
      );
      return (await import('./hub.js')).hubCommand({
        ...storage,
        ...(values.issuer === undefined
          ? {}
          : { offlineIssuer: (await import('./hub-offline-codes.js')).issuerLink(values.issuer) }),
        port: parsePort(values.port),
        ...(values.host === undefined ? {} : { host: values.host }),
        ...(values['tls-cert'] === undefined ? {} : { tlsCertFile: values['tls-cert'] }),
        ...(values['tls-key'] === undefined ? {} : { tlsKeyFile: values['tls-key'] }),
        ...(values['insecure-behind-proxy'] ? { insecureBehindProxy: true } : {}),
        limits: {
          ...(values['max-amount'] === undefined
            ? {}
            : { maxAmount: parsePositive('--max-amount', values['max-amount'], Number.MAX_SAFE_INTEGER) }),
          ...(values['max-past-days'] === undefined
            ? {}
            : { maxPastMs: parsePositive('--max-past-days', values['max-past-days'], 36_500) * 86_400_000 }),
          ...(values['max-future-hours'] === undefined
            ? {}
            : {
                maxFutureMs:
                  parsePositive('--max-future-hours', values['max-future-hours'], 8_760) * 3_600_000,
              }),
        },
        ...(values['log-dir'] === undefined ? {} : { logDir: values['log-dir'] }),
      });
    }
    case 'qr': {
      noMore([], []);
      const { processQrIo, runQrCommand } = await import('./qr.js');
      return runQrCommand(sub === undefined ? [] : [sub, ...extra], processQrIo);
    }
    case 'nfc':
      noMore(['timeout', 'text', 'lang', 'uri'], extra);
      return (await import('./nfc.js')).nfcCommand(sub, {
        timeoutS: parseTimeout(values.timeout),
        ...(values.text === undefined ? {} : { text: values.text }),
        ...(values.lang === undefined ? {} : { lang: values.lang }),
        ...(values.uri === undefined ? {} : { uri: values.uri }),
      });
    case 'enroll': {
      noMore(['data', 'hub', 'code', 'name', 'pair', 'repoint'], sub === undefined ? [] : [sub, ...extra]);
      if (values.hub === undefined || values.code === undefined) {
        throw usageError('usage.enrollNeeds');
      }
      return (await import('./sync.js')).enrollCommand({
        dataDir: values.data ?? defaultDataDir,
        hubUrl: values.hub,
        code: values.code,
        ...(values.name === undefined ? {} : { terminalName: values.name }),
        ...(values.pair === undefined ? {} : { pairingCode: values.pair }),
        // the local confirmation on the till's machine for moving it to another hub
        ...(values.repoint ? { repoint: true } : {}),
      });
    }
    case 'queue': {
      noMore(['data', 'state'], sub === undefined ? [] : [sub, ...extra]);
      const { parseOutboxState, queueCommand } = await import('./sync.js');
      const state = parseOutboxState(values.state);
      return queueCommand({ dataDir: values.data ?? defaultDataDir, ...(state ? { state } : {}) });
    }
    case 'kiosk':
      noMore(['data', 'pin'], extra);
      return (await import('./kiosk.js')).kioskCommand(sub, {
        dataDir: values.data ?? defaultDataDir,
        locale: () => chooseCliLocale(language),
        ...(values.pin === undefined ? {} : { pin: values.pin }),
      });
    case 'staff':
      noMore(['data', 'pin', 'name', 'role', 'badge'], sub === 'remove' ? extra.slice(1) : extra);
      return (await import('./staff.js')).staffCommand(sub, {
        dataDir: values.data ?? defaultDataDir,
        locale: () => chooseCliLocale(language),
        ...(values.pin === undefined ? {} : { pin: values.pin }),
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(values.role === undefined ? {} : { role: values.role }),
        ...(values.badge === undefined ? {} : { badge: values.badge }),
        ...(extra[0] === undefined ? {} : { id: extra[0] }),
      });
    case 'diagnostics':
      noMore(['data', 'out', 'log-dir'], sub === undefined ? [] : [sub, ...extra]);
      return (await import('./diagnostics.js')).diagnosticsCommand({
        dataDir: values.data ?? defaultDataDir,
        ...(values.out === undefined ? {} : { out: values.out }),
        ...(values['log-dir'] === undefined ? {} : { logDir: values['log-dir'] }),
      });
    case 'db':
      if (sub !== 'check') throw usageError('usage.unknownDbCommand', { command: sub ?? '' });
      noMore(['data'], extra);
      return (await import('./db-check.js')).dbCheck(values.data ?? defaultDataDir);
    case 'journal':
      if (sub !== 'verify') throw usageError('usage.unknownJournalCommand', { command: sub ?? '' });
      noMore(['data'], extra);
      return (await import('./journal.js')).journalVerifyCommand(values.data ?? defaultDataDir);
    default:
      throw usageError('usage.unknownCommand', { command });
  }
}

/** A mistake node:util's parseArgs found (an unknown option, a missing value), in the chosen language. */
function parseArgsError(error: unknown): CliFailure {
  const message = (error as Error).message.split('\n')[0] ?? 'bad options';
  const option = /^Unknown option '([^']+)'/.exec(message)?.[1];
  return option === undefined
    ? usageError('usage.badOptions', { detail: message })
    : usageError('usage.unknownOption', { option });
}

/** One line on stderr, never a stack: the cashier or the admin reads it, not a developer. */
async function report(error: unknown): Promise<number> {
  const locale = await chooseCliLocale(language);
  if (error instanceof CliFailure) {
    process.stderr.write(`tillpoint: ${error.text(locale)}\n`);
    return error.exitCode;
  }
  // a typed failure from below (the terminal, the hub's store) already says what to do
  if (isTillpointError(error)) {
    process.stderr.write(`tillpoint: ${errorText(locale, error)}\n`);
    return exitCodes.failure;
  }
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  process.stderr.write(
    `tillpoint: ${cliMessage(locale, { key: 'failure.unexpected', args: { message } })}\n`,
  );
  return exitCodes.failure;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    process.exitCode = await report(error);
  },
);
