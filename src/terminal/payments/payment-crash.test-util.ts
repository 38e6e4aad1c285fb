import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * The SIGKILL harness of payment-crash.int.test.ts, shared with each provider's own crash test (the
 * WeChat Pay one): run the till child, kill it at a state, read the till's books, and check the restarted
 * till against the provider's ledger (tests only).
 */
export interface Line {
  id?: string;
  state?: string;
  final?: string;
  error?: string;
  event?: string;
}

/** Runs a child; `killAt` SIGKILLs it when it reports that state. Answers the JSON lines it printed. */
export async function runChild(
  childScript: string,
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

export interface AttemptRow {
  id: string;
  sale_id: string;
  state: string;
  amount: number;
}

export function readTill(file: string) {
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

export type TillBooks = ReturnType<typeof readTill>;

/** What a provider's ledger says of the attempt's order (absent: the charge never arrived). */
export interface LedgerOrder {
  charged: number;
  refunded: number;
  trade_status: string;
}

/**
 * After the restart: the attempt ended, every transition the second till committed was emitted once and
 * in order, nothing ran against a half-built terminal, and the till's books equal the ledger's: never
 * charged twice, a kept payment completes exactly its sale, anything not kept left no money with the shop.
 */
export function expectResumedLikeTheLedger(args: {
  dataDir: string;
  before: TillBooks;
  second: { lines: Line[]; stderr: string };
  attempt: AttemptRow;
  order: LedgerOrder | undefined;
  amount?: number;
}): void {
  const { dataDir, before, second, attempt, order } = args;
  const amount = args.amount ?? 200;
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
  const kept = order ? order.charged - order.refunded : 0;
  // never charged twice
  expect(order?.charged ?? 0).toBeLessThanOrEqual(1);
  if (final.state === 'succeeded') {
    // paid at the gateway, and the till completed the sale with exactly this payment, in its outbox
    expect(order?.trade_status).toBe('SUCCESS');
    expect(kept).toBe(1);
    expect(till.walletPayments).toEqual([{ attempt_id: attempt.id, sale_id: attempt.sale_id, amount }]);
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
}
