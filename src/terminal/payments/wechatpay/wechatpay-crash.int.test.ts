import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toWechatNo } from '../../../shared/wechatpay-wire.js';
import { bundleChild } from '../../child-bundle.test-util.js';
import {
  expectResumedLikeTheLedger,
  readTill,
  runChild,
  type LedgerOrder,
} from '../payment-crash.test-util.js';
import { startWechatSimulator, type WechatSimulator } from './wechatpay.test-util.js';

/**
 * SIGKILL of a till paying through WeChat Pay at each state of the attempt (the harness of
 * payment-crash.int.test.ts), against `tillpoint gateway --dialect wechatpay` over HTTPS: the till
 * restarted from the same data folder ends the attempt, and its books equal the simulator's ledger.
 * Customer codes go through API v2 micropay; the merchant QR through API v3 Native, paid (or not) by the
 * simulator's customer while the till is down.
 */
let sim: WechatSimulator;
let childScript: string;

beforeAll(async () => {
  sim = await startWechatSimulator();
  childScript = await bundleChild(new URL('../payment-crash-child.ts', import.meta.url), sim.dir);
}, 60_000);
afterAll(() => sim?.close());

interface Scenario {
  mode: 'charge' | 'qr';
  killAt: string;
  behaviour?: Record<string, unknown>;
  timeoutMs: number;
  /** qr: the customer pays while the till is down */
  customerPays?: boolean;
}

const scenarios: Scenario[] = [
  { mode: 'charge', killAt: 'created', behaviour: { behaviour: 'success' }, timeoutMs: 3_000 },
  { mode: 'charge', killAt: 'charging', behaviour: { behaviour: 'success' }, timeoutMs: 3_000 },
  { mode: 'charge', killAt: 'charging', behaviour: { behaviour: 'slow', delayMs: 400 }, timeoutMs: 3_000 },
  {
    mode: 'charge',
    killAt: 'paying',
    behaviour: { behaviour: 'password', passwordMs: 600 },
    timeoutMs: 3_000,
  },
  {
    mode: 'charge',
    killAt: 'paying',
    behaviour: { behaviour: 'password-declined', passwordMs: 600 },
    timeoutMs: 3_000,
  },
  { mode: 'charge', killAt: 'unknown', behaviour: { behaviour: 'systemerror' }, timeoutMs: 3_000 },
  { mode: 'charge', killAt: 'unknown', behaviour: { behaviour: 'lost-reply' }, timeoutMs: 3_000 },
  {
    mode: 'charge',
    killAt: 'reversing',
    behaviour: { behaviour: 'password', passwordMs: 30_000 },
    timeoutMs: 500,
  },
  { mode: 'charge', killAt: 'succeeded', behaviour: { behaviour: 'success' }, timeoutMs: 3_000 },
  { mode: 'charge', killAt: 'declined', behaviour: { behaviour: 'insufficient' }, timeoutMs: 3_000 },
  { mode: 'qr', killAt: 'charging', timeoutMs: 3_000 },
  { mode: 'qr', killAt: 'paying', timeoutMs: 3_000, customerPays: true },
  { mode: 'qr', killAt: 'paying', timeoutMs: 1_000 },
];

describe('SIGKILL of a till paying through WeChat Pay', () => {
  test.each(scenarios.map((s, i) => [i, s.mode, s.killAt, s] as const))(
    '#%i %s killed at %s: after restart the till equals the simulator ledger',
    async (index, mode, killAt, scenario) => {
      const dataDir = join(sim.dir, `data-${index}`);
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(
        join(dataDir, 'providers.json'),
        JSON.stringify({ providers: [sim.entry()], paymentTimeoutS: 5 }),
        { mode: 0o600 },
      );
      const arg =
        mode === 'qr' ? 'wechatpay' : await sim.client.issueCode({ wallet: 'wechat', ...scenario.behaviour });
      const first = await runChild(
        childScript,
        [dataDir, 'http://127.0.0.1:9', mode, String(scenario.timeoutMs), arg],
        killAt,
      );
      expect(first.killed, `${killAt} was never reported: ${first.stderr}`).toBe(true);
      const before = readTill(join(dataDir, 'tillpoint.db'));
      expect(before.attempts).toHaveLength(1);
      const attempt = before.attempts[0]!;
      if (scenario.customerPays) {
        expect((await sim.client.customerPays(toWechatNo(attempt.id), { wallet: 'wechat' })).status).toBe(
          200,
        );
      }

      const second = await runChild(
        childScript,
        [dataDir, 'http://127.0.0.1:9', 'resume', String(scenario.timeoutMs), attempt.id],
        null,
      );
      expect(
        second.lines.some((l) => l.final === attempt.id),
        second.stderr,
      ).toBe(true);
      const ledger = await sim.client.ledger();
      // the attempt's id travels without its dashes (WeChat's out_trade_no is at most 32 characters)
      const order = ledger.orders.find((o) => o.out_trade_no === toWechatNo(attempt.id)) as
        LedgerOrder | undefined;
      expectResumedLikeTheLedger({ dataDir, before, second, attempt, order });
      const final = readTill(join(dataDir, 'tillpoint.db')).attempts[0]!.state;
      if (scenario.customerPays) expect(final).toBe('succeeded');
      if (mode === 'qr' && !scenario.customerPays) expect(final).toBe('reversed');
    },
    40_000,
  );
});
