import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { encodeCpm } from '../../core/emv-cpm.js';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/contract.js';
import { createDispatcher } from '../../shared/dispatch.js';
import type { ApiError } from '../../shared/result.js';
import { openTerminal, type Terminal } from '../terminal.js';

/**
 * PCI DSS 3.4: a card number a customer's banking app puts in a consumer-presented QR (EMV QRCPS-CPM) is
 * never stored or logged in full. The real terminal on a temp folder, the real sandbox gateway on 127.0.0.1:
 * the CPM goes to payment.chargeCode as a scanner or a WebSocket client would send it, then every log line,
 * the answer, and the SQLite file's bytes (with its -wal) are searched for the card numbers.
 */
const WATER = '6901234567892';

/** emv-qr.tsv `cpm-unionpay-two-apps`: 5A = 6212345678901234567 (UnionPay), 57 and 9F6B = 4761739001010010. */
const vectorRow = readFileSync(new URL('../../core/vectors/emv-qr.tsv', import.meta.url), 'utf8')
  .split('\n')
  .find((line) => line.startsWith('cpm-unionpay-two-apps\t'));
const TWO_APPS = vectorRow?.split('\t')[1] ?? '';
const UNIONPAY_PAN = '6212345678901234567';
const VISA_PAN = '4761739001010010';
/** the track 2 equivalent data (57) of the second application, as hex: PAN 'D' expiry service code ... */
const TWO_APPS_TRACK2 = '4761739001010010D30122011234500000F';

/**
 * The same UnionPay card in a CPM short enough (<= 128 characters) to pass payment.chargeCode's params, so it
 * reaches the payment service itself: 5A PAN and 57 track 2 equivalent data carrying the same number.
 */
const TRACK2 = `${UNIONPAY_PAN}D30122011234500000`;
const SHORT_CPM = encodeCpm({
  '85': '4350563031', // "CPV01", QRCPS-CPM 5.3
  '61': { '4F': 'A000000333010101', '5A': `${UNIONPAY_PAN}F`, '57': `${TRACK2}F` },
});

/** what must not appear, by name (a failure names what leaked without printing it) */
const secrets: Readonly<Record<string, string>> = {
  'the UnionPay PAN': UNIONPAY_PAN,
  'the second PAN': VISA_PAN,
  'the vector’s track 2 data': TWO_APPS_TRACK2,
  'the short CPM’s track 2 data': TRACK2,
  // base64 is an encoding, not a mask: the whole payload carries the numbers
  'the whole vector': TWO_APPS,
  'the whole short CPM': SHORT_CPM,
};

let dir: string;
let gateway: Gateway;
let terminal: Terminal;
let logged: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-pan-'));
  gateway = await startGateway({ test: true, log: () => {} });
  logged = [];
  terminal = await openTerminal({
    dataDir: dir,
    gatewayUrl: gateway.url,
    paymentTimeoutMs: 4_000,
    paymentPollIntervalsMs: [50, 100, 200],
    log: (line, details) => logged.push(details === undefined ? line : `${line} ${stringify(details)}`),
  });
});
afterEach(async () => {
  terminal.close();
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

const stringify = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Error ? { name: v.name, message: v.message, stack: v.stack, cause: v.cause } : v,
  );

/** The transports' dispatcher, logging to the same place as the terminal. */
const dispatch = () =>
  createDispatcher(terminal.handlers, (line, details) => logged.push(`${line} ${stringify(details)}`));

async function call<M extends MethodName>(name: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const result = await dispatch()(name, params);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as ResultOf<M>;
}
async function fails(name: MethodName, params: unknown): Promise<ApiError> {
  const result = await dispatch()(name, params);
  if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
  return result.error;
}

/** The database file and its write-ahead log, whole, as text (SQLite stores TEXT as UTF-8). */
function databaseText(): string {
  const files = [terminal.dbFile, `${terminal.dbFile}-wal`].filter((f) => existsSync(f));
  expect(files[0]).toBe(terminal.dbFile);
  return files.map((f) => readFileSync(f).toString('latin1')).join('\n');
}

function expectNowhere(where: string, text: string) {
  for (const [name, secret] of Object.entries(secrets)) {
    expect(text.includes(secret), `${where} holds ${name}`).toBe(false);
  }
}

describe('card numbers in a scanned CPM are never stored or logged', () => {
  test('the vectors carry what this test looks for', () => {
    expect(TWO_APPS).toMatch(/^hQVDUFYw/);
    expect(Buffer.from(TWO_APPS, 'base64').toString('hex').toUpperCase()).toContain(`5A0A${UNIONPAY_PAN}F`);
    expect(Buffer.from(TWO_APPS, 'base64').toString('hex').toUpperCase()).toContain(`57114761739001010010D`);
    expect(SHORT_CPM.length).toBeLessThanOrEqual(128);
    expect(Buffer.from(SHORT_CPM, 'base64').toString('hex').toUpperCase()).toContain(`5A0A${UNIONPAY_PAN}F`);
  });

  test.each([
    ['the cpm-unionpay-two-apps vector (212 characters)', () => TWO_APPS, 'invalid_params'],
    ['a CPM short enough to reach the payment service', () => SHORT_CPM, 'wallet.code_invalid'],
    ['a CPM with a trailing newline from a wedge scanner', () => `${SHORT_CPM}\r\n`, 'wallet.code_invalid'],
  ])('%s: a typed error without the number; not in the logs or the database', async (_what, cpm, code) => {
    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    // a real wallet payment on the same till first, so the database has payment rows to search
    const client = gatewayClient(gateway.url);
    const paidSale = await call('payment.chargeCode', {
      saleId: sale.id,
      code: await client.issueCode({ wallet: 'sandbox' }),
      source: 'scanner',
    });
    expect(paidSale.state).toBe('succeeded');

    const next = await call('sale.start', {});
    await call('sale.scan', { saleId: next.id, barcode: WATER });
    for (const source of ['camera', 'scanner', 'typed'] as const) {
      const error = await fails('payment.chargeCode', { saleId: next.id, code: cpm(), source });
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/\S/);
      expectNowhere('the error', stringify(error));
    }
    expect((await call('sales.get', { saleId: next.id })).state).toBe('open');

    expectNowhere('the log', logged.join('\n'));
    expectNowhere('the database while open', databaseText());
    terminal.close(); // checkpoints the WAL into the main file
    expectNowhere('the database after close', databaseText());
  });
});
