import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { alipayEntry, startAlipaySim, type AlipaySim } from '../../gateway/alipay/alipay-sim.test-util.js';
import { gatewayClient } from '../../gateway/test-client.js';
import { bundleChild } from '../child-bundle.test-util.js';
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

interface Line {
  id?: string;
  state?: string;
  final?: string;
  error?: string;
  event?: string;
}

/** Runs a child; `killAt` SIGKILLs it when it reports that state. Answers the JSON lines it printed. */
async function runChild(
  args: string[],
  killAt: string | null,
): Promise<{ lines: Line[]; killed: boolean; stderr: string }> {
  const child = spawn(process.execPath, [childScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let killed = false;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (killAt && !killed && out.split('\n').some((l) => l.includes(`"state":"${killAt}"`))) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  const lines = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
  return { lines, killed, stderr: err };
}

interface AttemptRow {
  id: string;
  sale_id: string;
  state: string;
  amount: number;
}

function readTill(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const attempts = db
      .prepare('SELECT id, sale_id, state, amount FROM payment_attempts')
      .all() as AttemptRow[];
    const walletPayments = db
      .prepare(`SELECT attempt_id, sale_id, amount FROM payments WHERE method = 'wallet'`)
      .all() as { attempt_id: string; sale_id: string; amount: number }[];
    const completed = db.prepare(`SELECT id FROM sales WHERE state = 'completed'`).pluck().all() as string[];
    const outbox = db.prepare('SELECT idempotency_key FROM outbox').pluck().all() as string[];
    const transitions = db.prepare('SELECT id, to_state FROM payment_transitions ORDER BY id').all() as {
      id: number;
      to_state: string;
    }[];
    return { attempts, walletPayments, completed, outbox, transitions };
  } finally {
    db.close();
  }
}

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
          [dataDir, rail.url(), 'resume', String(scenario.timeoutMs), attempt.id],
          null,
        );
        expect(
          second.lines.some((l) => l.final === attempt.id),
          second.stderr,
        ).toBe(true);

        const till = readTill(join(dataDir, 'tillpoint.db'));
        const final = till.attempts[0]!;
        expect(['succeeded', 'declined', 'reversed']).toContain(final.state);

        // every transition committed after the restart was emitted, once, in order, ending in the final state
        const lastBefore = before.transitions.at(-1)?.id ?? 0;
        const committed = till.transitions.filter((t) => t.id > lastBefore).map((t) => t.to_state);
        const emitted = second.lines.filter((l) => l.id === attempt.id && l.state).map((l) => l.state);
        expect(emitted, second.stderr).toEqual(committed);
        if (before.attempts[0]!.state !== final.state) {
          expect(emitted.at(-1)).toBe(final.state);
          // the final state wrote payment.final: the status bar heard of it after the last payment.changed
          const lastChange = second.lines.findLastIndex((l) => l.id === attempt.id && l.state);
          expect(second.lines.slice(lastChange).some((l) => l.event === 'status.changed')).toBe(true);
        }
        // nothing ran against a half-built terminal
        expect(second.stderr).not.toMatch(/Cannot access|before initialization|failed/);
        expect(second.stderr).not.toMatch(/does not match the contract/);
        const ledger = await rail.ledger();
        const order = ledger.orders.find((o) => o.out_trade_no === attempt.id) as
          { charged: number; refunded: number; trade_status: string } | undefined;
        const kept = order ? order.charged - order.refunded : 0;
        // never charged twice
        expect(order?.charged ?? 0).toBeLessThanOrEqual(1);
        if (final.state === 'succeeded') {
          // paid at the gateway, and the till completed the sale with exactly this payment, in its outbox
          expect(order?.trade_status).toBe('SUCCESS');
          expect(kept).toBe(1);
          expect(till.walletPayments).toEqual([
            { attempt_id: attempt.id, sale_id: attempt.sale_id, amount: 200 },
          ]);
          expect(till.completed).toEqual([attempt.sale_id]);
          expect([...till.outbox].sort()).toEqual([`payment:${attempt.id}`, `sale:${attempt.sale_id}`]);
        } else {
          // not kept by the till: no money may stay with the merchant, and the sale is still open
          expect(kept).toBe(0);
          expect(till.walletPayments).toEqual([]);
          expect(till.completed).toEqual([]);
          // the hub still learns how the payment ended
          expect(till.outbox).toEqual([`payment:${attempt.id}`]);
        }
        // a reversed attempt leaves a late charge nowhere to land
        if (final.state === 'reversed' && order) expect(['REVOKED', 'CLOSED']).toContain(order.trade_status);
      },
      40_000,
    );
  },
);
