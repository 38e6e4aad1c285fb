import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import { issueEnrollCode } from '../../hub/enroll-code.js';
import { startHub, type RunningHub } from '../../hub/hub-server.js';
import type { HubStore } from '../../hub/hub-store.js';
import { openSqliteHubStore } from '../../hub/sqlite-store.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { callsOf } from '../call.test-util.js';

/**
 * The shop's network goes down while a wallet payment's outcome is unknown (the charge
 * went through, its reply was lost). The till neither reverses nor completes blindly; once the network is
 * back it asks the provider and confirms (or, past the deadline, reverses), and the hub records the
 * payment's final state with the sale. Real gateway (its books in a file, so it can restart) and real hub.
 */
const WATER = '6901234567892';

let dir: string;
let gateway: Gateway | null;
let hubStore: HubStore;
let hub: RunningHub | null;
let terminal: Terminal | null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-reconcile-'));
  gateway = await startGateway({ test: true, ledgerFile: join(dir, 'ledger.db'), log: () => {} });
  hubStore = openSqliteHubStore(join(dir, 'hub.db'));
  hub = await startHub({ port: 0, store: hubStore });
});
afterEach(async () => {
  await terminal?.close();
  terminal = null;
  await gateway?.close();
  await hub?.close();
  await hubStore.close();
  rmSync(dir, { recursive: true, force: true });
});

const { call } = callsOf(() => terminal);

async function until<T>(what: string, fn: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The till, its sale and a charge whose reply is lost; then the network goes: gateway and hub gone. */
async function unknownWhileOffline(timeoutMs: number) {
  terminal = await openTerminal({
    dataDir: join(dir, 'till'),
    gatewayUrl: gateway!.url,
    paymentTimeoutMs: timeoutMs,
    // slow polls: what settles the payment after the outage is the reconnect, not the next poll
    paymentPollIntervalsMs: [200, 400, 30_000],
    sync: {
      random: () => 0.5,
      backoff: { baseMs: 100, capMs: 400 },
      hubTimeoutMs: 1_000,
      idleIntervalMs: 300,
    },
  });
  await call('sync.enroll', { hubUrl: hub!.url, code: await issueEnrollCode(hubStore) });
  const code = await gatewayClient(gateway!.url).issueCode({ wallet: 'wechat', behaviour: 'lost-reply' });
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
  expect(attempt.state).toBe('unknown');
  const gatewayPort = Number(new URL(gateway!.url).port);
  const hubPort = Number(new URL(hub!.url).port);
  await gateway!.close();
  gateway = null;
  await hub!.close();
  hub = null;
  return { saleId: sale.id, attemptId: attempt.id, gatewayPort, hubPort };
}

async function networkBack(ports: { gatewayPort: number; hubPort: number }) {
  gateway = await startGateway({
    test: true,
    port: ports.gatewayPort,
    ledgerFile: join(dir, 'ledger.db'),
    log: () => {},
  });
  hub = await startHub({ port: ports.hubPort, store: hubStore });
}

const hubPayment = async (attemptId: string) =>
  (await hubStore.payments({}, 100)).find((p) => p.attemptId === attemptId) ?? null;

test('paid while the network was down: confirmed after reconnecting, the sale and the payment reach the hub', async () => {
  const t = await unknownWhileOffline(120_000);
  // offline for a while: the failed queries do not make the till give up on a payment that may be paid
  await until('sync offline', async () =>
    (await call('sync.status', {})).network === 'offline' ? true : null,
  );
  await new Promise((r) => setTimeout(r, 1_500));
  expect((await call('payment.get', { attemptId: t.attemptId })).state).toBe('unknown');
  expect((await call('sale.current', {}))?.id).toBe(t.saleId);

  const back = Date.now();
  await networkBack(t);
  const paid = await until('the payment settled', async () => {
    const a = await call('payment.get', { attemptId: t.attemptId });
    return a.state === 'succeeded' ? a : null;
  });
  // the reconnect settled it, not the 30 s poll
  expect(Date.now() - back).toBeLessThan(10_000);
  expect(paid.confirmation).toBe('provider');
  const record = await until('the hub has the final state', () => hubPayment(t.attemptId));
  expect(record).toMatchObject({ saleId: t.saleId, state: 'succeeded', refunded: false, amount: 200 });
  await until('the sale at the hub', async () => {
    const keys = (await hubStore.entriesAfter(0, 100)).map((e) => e.idempotencyKey);
    return keys.includes(`sale:${t.saleId}`) ? true : null;
  });
});

test('past its deadline while offline: reversed (refunded) once the provider is back, and the hub records it', async () => {
  const t = await unknownWhileOffline(1_500);
  const reversing = await until('reversing at the deadline', async () => {
    const a = await call('payment.get', { attemptId: t.attemptId });
    return a.state === 'reversing' ? a : null;
  });
  expect(reversing.reason?.code).toBe('payment.timeout');
  await networkBack(t);
  await until('reversed', async () => {
    const a = await call('payment.get', { attemptId: t.attemptId });
    return a.state === 'reversed' ? a : null;
  });
  const record = await until('the hub has the final state', () => hubPayment(t.attemptId));
  expect(record).toMatchObject({ saleId: t.saleId, state: 'reversed', refunded: true });
  const ledger = await gatewayClient(gateway!.url).ledger();
  const order = ledger.orders.find((o) => o.out_trade_no === t.attemptId);
  // a paid customer-code order that is reversed is refunded by the wallet (REVOKED in WeChat Pay's words)
  expect(order).toMatchObject({ trade_status: 'REVOKED', refunded: 1 });
  // the sale stayed open: nothing was sold on money the merchant does not keep
  expect((await call('sale.current', {}))?.id).toBe(t.saleId);
});
