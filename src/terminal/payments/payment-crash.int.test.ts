import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { alipayEntry, startAlipaySim, type AlipaySim } from '../../gateway/alipay/alipay-sim.test-util.js';
import { gatewayClient } from '../../gateway/test-client.js';
import { bundleChild } from '../child-bundle.test-util.js';
import { expectResumedLikeTheLedger, readTill, runChild } from './payment-crash.test-util.js';
import { openTerminalReadOnly } from '../terminal.js';

/**
 * SIGKILL at each state of a payment attempt: a child charges a customer code against the real
 * sandbox gateway and is killed the moment it reports the target state (reported after the commit); a
 * second child opens the same data folder, resumes, and waits for the attempt to end. Then the till's
 * books must equal the gateway's ledger: nothing charged twice, nothing paid without a sale that records it,
 * nothing refunded that the till thinks it kept. And the restart itself is whole: every transition the
 * second till commits reaches its listeners as payment.changed, in order, and nothing fails on the way
 * (the resume runs only once the terminal is fully built).
 * Each rail runs every scenario: the sandbox's own protocol, and Alipay's (over HTTPS with a test CA,
 * against `tillpoint gateway --dialect alipay`, configured through providers.json).
 */
let dir: string;
let childScript: string;
let gateway: Gateway;
let alipaySim: AlipaySim;

/** A payment rail the till is crashed on: how its data folder is set up, and its simulator's books. */
interface Rail {
  url: () => string;
  prepare: (dataDir: string) => void;
  issueCode: (behaviour: Record<string, unknown>) => Promise<string>;
  ledger: () => Promise<{ orders: Record<string, unknown>[] }>;
}
const rails: Record<'sandbox' | 'alipay', Rail> = {
  sandbox: {
    url: () => gateway.url,
    prepare: () => {},
    issueCode: (behaviour) => gatewayClient(gateway.url).issueCode({ wallet: 'wechat', ...behaviour }),
    ledger: () => gatewayClient(gateway.url).ledger(),
  },
  alipay: {
    url: () => alipaySim.gateway.url,
    prepare: (dataDir) => {
      mkdirSync(dataDir, { recursive: true });
      const providers = { providers: [alipayEntry(alipaySim, dataDir)] };
      writeFileSync(join(dataDir, 'providers.json'), JSON.stringify(providers));
    },
    issueCode: (behaviour) => alipaySim.control.issueCode(behaviour),
    ledger: () => alipaySim.control.ledger(),
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-paycrash-'));
  childScript = await bundleChild(new URL('./payment-crash-child.ts', import.meta.url), dir);
  gateway = await startGateway({ test: true, log: () => {} });
  alipaySim = await startAlipaySim();
}, 60_000);
afterAll(async () => {
  await gateway?.close();
  await alipaySim?.gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

const scenarios: { killAt: string; behaviour: Record<string, unknown>; timeoutMs: number }[] = [
  { killAt: 'created', behaviour: { behaviour: 'success' }, timeoutMs: 3_000 },
  { killAt: 'charging', behaviour: { behaviour: 'success' }, timeoutMs: 3_000 },
  { killAt: 'charging', behaviour: { behaviour: 'slow', delayMs: 400 }, timeoutMs: 3_000 },
  { killAt: 'paying', behaviour: { behaviour: 'password', passwordMs: 600 }, timeoutMs: 3_000 },
  { killAt: 'paying', behaviour: { behaviour: 'password-declined', passwordMs: 600 }, timeoutMs: 3_000 },
  { killAt: 'unknown', behaviour: { behaviour: 'systemerror' }, timeoutMs: 3_000 },
  { killAt: 'unknown', behaviour: { behaviour: 'lost-reply' }, timeoutMs: 3_000 },
  { killAt: 'reversing', behaviour: { behaviour: 'password', passwordMs: 30_000 }, timeoutMs: 500 },
  { killAt: 'reversing', behaviour: { behaviour: 'slow', delayMs: 3_000 }, timeoutMs: 500 },
  { killAt: 'succeeded', behaviour: { behaviour: 'success' }, timeoutMs: 3_000 },
  { killAt: 'declined', behaviour: { behaviour: 'insufficient' }, timeoutMs: 3_000 },
];

describe.each(['sandbox', 'alipay'] as const)(
  'SIGKILL at each state of a payment attempt (%s)',
  (railName) => {
    test.each(scenarios.map((s, i) => [i, s.killAt, s.behaviour.behaviour, s] as const))(
      '#%i killed at %s (%s): after restart the till equals the gateway ledger',
      async (index, killAt, _behaviour, scenario) => {
        const rail = rails[railName];
        const dataDir = join(dir, `${railName}-${index}`);
        rail.prepare(dataDir);
        const code = await rail.issueCode(scenario.behaviour);
        const first = await runChild(
          childScript,
          [dataDir, rail.url(), 'charge', String(scenario.timeoutMs), code],
          killAt,
        );
        expect(first.killed, `${killAt} was never reported: ${first.stderr}`).toBe(true);

        const before = readTill(join(dataDir, 'tillpoint.db'));
        expect(before.attempts).toHaveLength(1);
        const attempt = before.attempts[0]!;

        // a report (the CLI's read-only open) beside the crashed till reads the attempt and drives nothing
        const lockBefore = readFileSync(join(dataDir, 'tillpoint.lock'), 'utf8');
        const report = await openTerminalReadOnly({ dataDir });
        expect((await report.handlers['payment.get']({ attemptId: attempt.id })).state).toBe(attempt.state);
        expect((await report.handlers['sync.status']({})).enrolled).toBe(false);
        expect('payment.cancel' in report.handlers).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await report.close();
        expect(readTill(join(dataDir, 'tillpoint.db'))).toEqual(before);
        expect(readFileSync(join(dataDir, 'tillpoint.lock'), 'utf8')).toBe(lockBefore);

        const second = await runChild(
          childScript,
          [dataDir, rail.url(), 'resume', String(scenario.timeoutMs), attempt.id],
          null,
        );
        expect(
          second.lines.some((l) => l.final === attempt.id),
          second.stderr,
        ).toBe(true);

        const ledger = await rail.ledger();
        const order = ledger.orders.find((o) => o.out_trade_no === attempt.id) as
          { charged: number; refunded: number; trade_status: string } | undefined;
        expectResumedLikeTheLedger({ dataDir, before, second, attempt, order });
      },
      40_000,
    );
  },
);
