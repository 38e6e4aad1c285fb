import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../../e2e/sync/fault-proxy.js';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import { makeTestCa } from '../../gateway/test-tls.js';
import type { PaymentAttemptDto } from '../../shared/dto.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';
import type { PaymentProvider } from './provider.js';
import { gatewayProvider } from './providers.test-util.js';

/**
 * HTTPS everywhere the till calls out, and no attempt left unfinished by a transport or an adapter: a
 * provider whose transport cannot be used is found at start (a missing CA file: the provider is off, named in
 * the log, cash works, as with a wrong Alipay key; a CA file on an http URL or a URL that is not http or
 * https: the file is refused); an https gateway (our sandbox behind a TLS proxy with a test CA) takes
 * a payment, and one the till cannot trust is `offline` (nothing charged); an adapter that THROWS is an
 * answer, so the attempt still ends by its deadline: queried, reversed, the money given back (the
 * gateway's ledger is the judge).
 */
const WATER = '6901234567892';

let dir: string;
let gateway: Gateway;
let proxy: FaultProxy | null = null;
let terminal: Terminal | null = null;
const { call, fails } = callsOf(() => terminal);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-transport-'));
  gateway = await startGateway({ test: true, log: () => {} });
});
afterEach(async () => {
  await terminal?.close();
  terminal = null;
  await proxy?.close();
  proxy = null;
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

const writeProviders = (entry: Record<string, unknown>) =>
  writeFileSync(join(dir, 'providers.json'), JSON.stringify({ providers: [entry], paymentTimeoutS: 5 }));

async function open(extra: Partial<OpenTerminalOptions> = {}) {
  terminal = await openTerminal({ dataDir: dir, paymentPollIntervalsMs: [50, 100, 200], ...extra });
  return terminal;
}

async function charge(wallet = 'wechat'): Promise<PaymentAttemptDto> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  const code = await gatewayClient(gateway.url).issueCode({ wallet });
  return call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
}

async function settled(attemptId: string, ms: number): Promise<PaymentAttemptDto> {
  const end = Date.now() + ms;
  for (;;) {
    const a = await call('payment.get', { attemptId });
    if (['succeeded', 'declined', 'reversed'].includes(a.state)) return a;
    if (Date.now() > end) throw new Error(`attempt still ${a.state} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ledgerRow = async (id: string) =>
  (await gatewayClient(gateway.url).ledger()).orders.find((o) => o.out_trade_no === id);

describe('a provider transport that cannot be used is found at start', () => {
  test.each([
    ['an https URL whose CA file is missing', 'no-such-ca.pem', /providers\.0\.caFile.*no-such-ca\.pem/],
    ['a CA file that is not a certificate', 'providers.json', /providers\.0\.caFile.*providers\.json/],
  ])(
    '%s: the provider is off, named in the log with the field and file; cash works',
    async (_what, caFile, line) => {
      writeProviders(gatewayProvider('https://127.0.0.1:9', { caFile }));
      const lines: string[] = [];
      await open({ log: (message: string) => lines.push(message) });
      expect(lines.some((l) => /payment provider sandbox is off/.test(l) && line.test(l))).toBe(true);
      const sale = await call('sale.start', {});
      await call('sale.scan', { saleId: sale.id, barcode: WATER });
      const code = await gatewayClient(gateway.url).issueCode({ wallet: 'wechat' });
      expect((await fails('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' })).code).toBe(
        'wallet.unconfigured',
      );
      expect((await call('payment.list', {})).length).toBe(0);
      const done = await call('sale.complete', {
        saleId: sale.id,
        tender: { method: 'cash', tendered: 1_000 },
      });
      expect(done.state).toBe('completed');
    },
  );

  test.each([
    ['a CA file for a plain http URL', { url: 'http://127.0.0.1:9', caFile: 'ca.pem' }, /caFile/],
    ['a URL that is not http or https', { url: 'ftp://127.0.0.1:9' }, /providers\.0\.url/],
  ])('%s: payment.config_invalid at start naming the field', async (_what, fields, message) => {
    writeProviders(gatewayProvider('http://127.0.0.1:9', fields));
    const error = await openTerminal({ dataDir: dir }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error?.code).toBe('payment.config_invalid');
    expect(error?.message).toMatch(message);
  });
});

describe('an https provider', () => {
  async function tlsGateway() {
    const ca = makeTestCa();
    const cert = ca.issue(['127.0.0.1']);
    proxy = await startFaultProxy({
      target: gateway.url,
      tls: { certPem: cert.certPem, keyPem: cert.keyPem },
    });
    return { ca, url: proxy.url };
  }

  test('with its CA in caFile takes a payment over TLS', async () => {
    const { ca, url } = await tlsGateway();
    writeFileSync(join(dir, 'gateway-ca.pem'), ca.caPem);
    writeProviders(gatewayProvider(url, { caFile: 'gateway-ca.pem' }));
    await open();
    const attempt = await charge();
    expect(url).toMatch(/^https:/);
    expect(attempt.state).toBe('succeeded');
    expect(await ledgerRow(attempt.id)).toMatchObject({ trade_status: 'SUCCESS', charged: 1 });
  });

  test('that the till cannot trust is offline: nothing charged, the attempt final at once', async () => {
    const { url } = await tlsGateway();
    writeProviders(gatewayProvider(url));
    await open();
    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    const code = await gatewayClient(gateway.url).issueCode({ wallet: 'wechat' });
    expect((await fails('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' })).code).toBe(
      'payment.offline',
    );
    const [attempt] = await call('payment.list', {});
    expect(attempt?.state).toBe('declined');
    expect(await ledgerRow(attempt!.id)).toBeUndefined();
  });
});

test('an adapter that throws is an answer: charged, then every query and the first reverse throw; reversed by the deadline, money back', async () => {
  writeProviders(gatewayProvider(gateway.url));
  let reverses = 0;
  const throwing = (p: PaymentProvider): PaymentProvider => ({
    ...p,
    id: p.id,
    confirms: p.confirms,
    chargeCode: async (req) => {
      await p.chargeCode(req); // the money is taken at the gateway, then the adapter fails
      throw new Error('adapter bug after the charge');
    },
    query: () => Promise.reject(new Error('adapter bug in query')),
    reverse: async (id) => {
      reverses += 1;
      if (reverses === 1) throw new TypeError('adapter bug in reverse');
      return p.reverse(id);
    },
  });
  await open({ wrapPaymentProvider: throwing });
  const started = Date.now();
  const attempt = await charge();
  expect(attempt.state).not.toBe('charging');
  const done = await settled(attempt.id, 10_000);
  expect(done.state).toBe('reversed');
  expect(Date.now() - started).toBeLessThan(5_000 + 2_000);
  expect(reverses).toBeGreaterThanOrEqual(2);
  expect(await ledgerRow(attempt.id)).toMatchObject({ trade_status: 'REVOKED', charged: 1, refunded: 1 });
  const db = new Database(terminal!.dbFile, { readonly: true });
  const states = db
    .prepare('SELECT to_state FROM payment_transitions WHERE attempt_id = ? ORDER BY id')
    .pluck()
    .all(attempt.id);
  db.close();
  expect(states).toEqual(['created', 'charging', 'unknown', 'reversing', 'reversed']);
});
