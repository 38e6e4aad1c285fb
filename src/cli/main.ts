import { isTillpointError } from '../core/errors.js';
import { isTerminalLocale, terminalLocales } from '../core/locale.js';
import { parseArgs } from 'node:util';
import { findAppDir } from './app-dir.js';
import { CliFailure, exitCodes, usageError, type ExitCode } from './cli-failure.js';
import { dbCheck } from './db-check.js';
import { diagnosticsCommand } from './diagnostics.js';
import { gatewayCommand } from './gateway.js';
import { kioskCommand, kioskHelp } from './kiosk.js';
import { hubCommand, hubEnrollCodeCommand, hubPublishCommand, hubReportCommand } from './hub.js';
import { nfcCommand, nfcHelp } from './nfc.js';
import { processQrIo, qrHelp, runQrCommand } from './qr.js';
import { serve } from './serve.js';
import { start } from './start.js';
import { enrollCommand, parseOutboxState, queueCommand, syncHelp } from './sync.js';

/** The `tillpoint` command. Bundled to dist/cli/tillpoint.mjs by src/build/build.mjs. */

export const helpText = `Usage: tillpoint <command> [options]

Commands:
  start [--kiosk]            Open the Tillpoint desktop app (Electron); --kiosk: the self-service kiosk.
  serve [--port P] [--data DIR] [--name NAME] [--lang zh-CN|en] [--gateway URL] [--demo] [--kiosk]
                             Run the till for a browser on this machine: serves the cashier screen on
                             http://127.0.0.1:P (P=0 or absent picks a free port) and prints
                             "Tillpoint cashier: <url>" when ready, then "Tillpoint customer
                             display: <url>" (read-only, for the customer's screen). Stop with Ctrl+C.
                             --kiosk: the self-service kiosk instead of the cashier; prints "Tillpoint
                             kiosk: <url>", then "Tillpoint kiosk browser: <chromium command>", then the
                             customer display's line. Ends (exit 0) when staff leave with the staff PIN.
  gateway [--port P] [--test] [--merchants FILE] [--ledger FILE]
                             Run the sandbox payment gateway (plays WeChat Pay, Alipay, UnionPay, QQ Wallet
                             and its own wallet for demos and tests) on http://127.0.0.1:P and print
                             "Tillpoint gateway: <url>" when ready. Demo merchant m-demo, key
                             sandbox-demo-key (sandbox only). Stop with Ctrl+C.
  hub [--port P] [--data DIR]
                             Run the hub that terminals sync to on http://127.0.0.1:P and print
                             "Tillpoint hub: <url>" when ready. Storage: SQLite file DIR/hub.db (default
                             ./.tillpoint-hub), or PostgreSQL when DATABASE_URL is set. Stop with Ctrl+C.
  hub enroll-code [--data DIR]
                             Print a one-time code (good for 24 h) that enrolls one terminal with the hub.
  hub report [--data DIR]    Print JSON: sales by terminal, day (in the time zone TZ) and tender.
  hub report --payments [--terminal ID|NAME] [--state succeeded|declined|reversed] [--data DIR]
                             Print JSON: the final state of every payment the terminals reported, with totals.
  hub publish FILE [--data DIR]
                             Publish catalog, price and configuration changes for terminals to pull: FILE is a
                             JSON list of {"kind", "payload"} changes, or a catalog like
                             assets/demo-catalog.json. Checked whole first; a bad file publishes nothing.
  db check [--data DIR]      Check the database without changing it; prints JSON
                             {file, integrity, schemaVersion, codeSchemaVersion}.
  diagnostics [--data DIR] [--out FILE] [--log-dir DIR]
                             Write one .tar.gz for support (versions, OS, configuration without secrets, db
                             check, sync state, the newest logs) without changing the till; prints JSON
                             {file, bytes}. Default FILE: DIR/diagnostics/tillpoint-diagnostics-<time>.tar.gz.
${syncHelp}${kioskHelp}${qrHelp}${nfcHelp}
Options:
  --data DIR                 The till's data folder (default ./.tillpoint-data; hub: ./.tillpoint-hub).
  --port P                   Loopback port for serve, hub and gateway, 0-65535 (default 0: any free port).
  --test                     gateway: accept scripted behaviours (password, systemerror, slow, lost-reply
                             ...) and the /sandbox/clock control. For tests only.
  --merchants FILE           gateway: more merchants, a JSON list [{"id": "...", "key": "..."}].
  --ledger FILE              gateway: keep the sandbox's books in this SQLite file (default: in memory).
  --name NAME                The terminal's name for serve and enroll (shown on receipts and the hub).
  --lang L                   serve: the language of the cashier screen and receipts, zh-CN or en (default:
                             the demo catalog's zh-CN on a new till, else what the till has); kept in the
                             till's settings. nfc write-ndef: the language of the text record.
  --no-nfc                   serve: do not read NFC cards (by default serve reads them through pcscd).
  --demo                     serve: demo mode. Without DIR/stored-value.json, stored-value cards use the
                             public demo key (anyone can write such cards: demos and tests only); without
                             --demo they are off until the shop's key is in DIR/stored-value.json.
  --kiosk                    serve, start: a self-service kiosk (needs a staff PIN: tillpoint kiosk set-pin,
                             or --demo for the demo PIN). Electron: also TILLPOINT_KIOSK=1.
  --timeout S                nfc read / write-ndef: seconds to wait for a card (default 15).
  --gateway URL              serve: take wallet payments through the sandbox gateway at URL (merchant m-demo)
                             unless DIR/providers.json configures the payment providers.
  --log-dir DIR              serve, hub, gateway: also write JSON logs to rotating files in DIR (10 MB x 5;
                             default DATA/logs for serve and hub, none for the gateway). Logs always go to
                             stderr as JSON lines; TILLPOINT_LOG_LEVEL=debug|info|warn|error sets the level.
  -h, --help                 Show this help.

Exit codes:
  0   done (serve: stopped cleanly; db check: the database is healthy)
  1   failed (db check: damaged or newer database; start: Electron missing)
  2   serve: the database was refused (damaged or from a newer Tillpoint); the file was not changed
  64  wrong command or options (serve --kiosk: no staff PIN is set)
`;

const defaultDataDir = './.tillpoint-data';
const defaultHubDataDir = './.tillpoint-hub';

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw usageError(`--port must be a whole number from 0 to 65535, not "${value}"`);
  }
  return Number(value);
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 15;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1) {
    throw usageError(`--timeout must be a whole number of seconds, 1-9999, not "${value}"`);
  }
  return Number(value);
}

function parseGatewayUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--gateway must be a URL like http://127.0.0.1:8790, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`--gateway must be an http:// or https:// URL, not "${value}"`);
  }
  return url.origin;
}

/** serve --lang: one of the languages the till has catalogs for (src/core/locale.ts). */
function parseLang(value: string): string {
  if (isTerminalLocale(value)) return value;
  throw usageError(`--lang must be one of ${terminalLocales.join(', ')}, not "${value}"`);
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
        terminal: { type: 'string' },
        state: { type: 'string' },
        hub: { type: 'string' },
        code: { type: 'string' },
        'log-dir': { type: 'string' },
        out: { type: 'string' },
        demo: { type: 'boolean' },
        kiosk: { type: 'boolean' },
        pin: { type: 'string' },
      },
    });
  } catch (error) {
    throw usageError((error as Error).message.split('\n')[0] ?? 'bad options');
  }
  const { values, positionals } = parsed;
  const [command, sub, ...extra] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    process.stdout.write(helpText);
    return command === undefined && !values.help ? exitCodes.usage : exitCodes.ok;
  }
  const noMore = (allowed: readonly string[], rest: readonly unknown[]) => {
    if (rest.length > 0) throw usageError(`unexpected argument "${String(rest[0])}"`);
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
      'terminal',
      'state',
      'hub',
      'code',
      'log-dir',
      'out',
      'demo',
      'kiosk',
      'pin',
    ] as const) {
      if (values[key] !== undefined && !allowed.includes(key)) {
        throw usageError(`--${key} does not apply to "${command}"`);
      }
    }
  };
  const appDir = findAppDir();
  switch (command) {
    case 'start':
      noMore(['kiosk'], sub === undefined ? [] : [sub, ...extra]);
      return start(appDir, { kiosk: values.kiosk === true });
    case 'serve':
      noMore(
        ['port', 'data', 'name', 'lang', 'gateway', 'nfc', 'log-dir', 'demo', 'kiosk'],
        sub === undefined ? [] : [sub, ...extra],
      );
      return serve({
        ...(values['log-dir'] === undefined ? {} : { logDir: values['log-dir'] }),
        port: parsePort(values.port),
        nfc: values.nfc !== false,
        demo: values.demo === true,
        kiosk: values.kiosk === true,
        dataDir: values.data ?? defaultDataDir,
        ...(values.name === undefined ? {} : { terminalName: values.name }),
        ...(values.lang === undefined ? {} : { locale: parseLang(values.lang) }),
        ...(values.gateway === undefined ? {} : { gatewayUrl: parseGatewayUrl(values.gateway) }),
        appDir,
      });
    case 'gateway':
      noMore(['port', 'test', 'merchants', 'ledger', 'log-dir'], sub === undefined ? [] : [sub, ...extra]);
      return gatewayCommand({
        ...(values['log-dir'] === undefined ? {} : { logDir: values['log-dir'] }),
        port: parsePort(values.port),
        test: values.test === true,
        ...(values.merchants === undefined ? {} : { merchantsFile: values.merchants }),
        ...(values.ledger === undefined ? {} : { ledgerFile: values.ledger }),
      });
    case 'hub': {
      const storage = {
        dataDir: values.data ?? defaultHubDataDir,
        ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
      };
      if (sub === 'enroll-code') {
        noMore(['data'], extra);
        return hubEnrollCodeCommand(storage);
      }
      if (sub === 'report') {
        noMore(['data', 'payments', 'terminal', 'state'], extra);
        return hubReportCommand(storage, {
          payments: values.payments === true,
          ...(values.terminal === undefined ? {} : { terminal: values.terminal }),
          ...(values.state === undefined ? {} : { state: values.state }),
        });
      }
      if (sub === 'publish') {
        const [file, ...rest] = extra;
        if (file === undefined) throw usageError('hub publish needs the FILE to publish');
        noMore(['data'], rest);
        return hubPublishCommand(storage, file);
      }
      noMore(['port', 'data', 'log-dir'], sub === undefined ? [] : [sub, ...extra]);
      return hubCommand({
        ...storage,
        port: parsePort(values.port),
        ...(values['log-dir'] === undefined ? {} : { logDir: values['log-dir'] }),
      });
    }
    case 'qr':
      noMore([], []);
      return runQrCommand(sub === undefined ? [] : [sub, ...extra], processQrIo);
    case 'nfc':
      noMore(['timeout', 'text', 'lang', 'uri'], extra);
      return nfcCommand(sub, {
        timeoutS: parseTimeout(values.timeout),
        ...(values.text === undefined ? {} : { text: values.text }),
        ...(values.lang === undefined ? {} : { lang: values.lang }),
        ...(values.uri === undefined ? {} : { uri: values.uri }),
      });
    case 'enroll': {
      noMore(['data', 'hub', 'code', 'name'], sub === undefined ? [] : [sub, ...extra]);
      if (values.hub === undefined || values.code === undefined) {
        throw usageError('enroll needs --hub URL and --code CODE (from `tillpoint hub enroll-code`)');
      }
      return enrollCommand({
        dataDir: values.data ?? defaultDataDir,
        hubUrl: values.hub,
        code: values.code,
        ...(values.name === undefined ? {} : { terminalName: values.name }),
      });
    }
    case 'queue': {
      noMore(['data', 'state'], sub === undefined ? [] : [sub, ...extra]);
      const state = parseOutboxState(values.state);
      return queueCommand({ dataDir: values.data ?? defaultDataDir, ...(state ? { state } : {}) });
    }
    case 'kiosk':
      noMore(['data', 'pin'], extra);
      return kioskCommand(sub, {
        dataDir: values.data ?? defaultDataDir,
        ...(values.pin === undefined ? {} : { pin: values.pin }),
      });
    case 'diagnostics':
      noMore(['data', 'out', 'log-dir'], sub === undefined ? [] : [sub, ...extra]);
      return diagnosticsCommand({
        dataDir: values.data ?? defaultDataDir,
        ...(values.out === undefined ? {} : { out: values.out }),
        ...(values['log-dir'] === undefined ? {} : { logDir: values['log-dir'] }),
      });
    case 'db':
      if (sub !== 'check') throw usageError(`unknown db command "${sub ?? ''}"; try "db check"`);
      noMore(['data'], extra);
      return dbCheck(values.data ?? defaultDataDir);
    default:
      throw usageError(`unknown command "${command}"`);
  }
}

/** One line on stderr, never a stack: the cashier or the admin reads it, not a developer. */
function report(error: unknown): number {
  if (error instanceof CliFailure) {
    process.stderr.write(`tillpoint: ${error.message}\n`);
    return error.exitCode;
  }
  // a typed failure from below (the terminal, the hub's store) already says what to do
  if (isTillpointError(error)) {
    process.stderr.write(`tillpoint: ${error.message}\n`);
    return exitCodes.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tillpoint: unexpected error: ${message.split('\n')[0]}\n`);
  return exitCodes.failure;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
