import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleChild } from '../child-bundle.test-util.js';
import { openTerminal } from '../terminal.js';
import { startPrinterSim } from './printer-sim.js';

/**
 * kill -9 of a real child till after its sale committed and before the receipt printed: the job is a row
 * of the same transaction, so the next start prints it, once. Two moments: the printer was off (the job is
 * queued), and the printer was taking the bytes (the job is 'sending': sent again, without the drawer pulse).
 */
let root: string;
let childScript: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tillpoint-printcrash-'));
  childScript = await bundleChild(new URL('./print-crash-child.ts', import.meta.url), root);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Runs the child and SIGKILLs it once `until` holds after its commit; answers what it printed. */
async function killedChild(dataDir: string, port: number, until: () => boolean) {
  const child = spawn(process.execPath, [childScript, dataDir, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 20_000;
  while (!(out.includes('committed') && until())) {
    if (Date.now() > deadline) throw new Error(`child never got there: ${out} ${err}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(out.split('\n').find((l) => l.includes('committed'))!) as {
    committed: string;
    receiptCode: string;
  };
}

const jobStates = (dataDir: string): string[] => {
  const db = new Database(join(dataDir, 'tillpoint.db'), { readonly: true });
  try {
    return db.prepare('SELECT state FROM print_jobs ORDER BY id').pluck().all() as string[];
  } catch {
    return [];
  } finally {
    db.close();
  }
};

async function restartAndPrint(dataDir: string, port: number) {
  const sim = await startPrinterSim({ port });
  const terminal = await openTerminal({
    dataDir,
    demo: true,
    print: {
      printers: {
        printers: [
          {
            id: 'front',
            kind: 'tcp',
            host: '127.0.0.1',
            port,
            command: 'generic',
            cpl: 42,
            drawer: true,
            receipts: true,
          },
        ],
        problems: [],
      },
      retry: { baseMs: 100, capMs: 200 },
      statusIntervalMs: 100,
    },
  });
  try {
    const [job] = await sim.waitForJobs(1);
    await expect.poll(() => jobStates(dataDir)).toEqual(['printed']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { job: job!, count: sim.jobs.length };
  } finally {
    await terminal.close();
    await sim.close();
  }
}

describe('kill -9 between the sale commit and the print', () => {
  test('printer off when the till died: printed once after the restart, with the drawer pulse', async () => {
    const dataDir = join(root, 'queued');
    const port = await freePort();
    const { receiptCode } = await killedChild(dataDir, port, () => jobStates(dataDir).length === 1);
    expect(jobStates(dataDir)).toEqual(['queued']);
    const { job, count } = await restartAndPrint(dataDir, port);
    expect(count).toBe(1);
    expect(job.qr).toEqual([receiptCode]);
    expect(job.pulses.length).toBe(1);
  }, 40_000);

  test("the till died while the printer took the bytes ('sending'): sent again once, without the pulse", async () => {
    const dataDir = join(root, 'sending');
    const port = await freePort();
    // a printer that answers DLE EOT, takes the bytes and never finishes: the job stays 'sending'
    // (allowHalfOpen: the till's FIN does not close this side, so the job never completes)
    const held = new Set<Socket>();
    const stalled: Server = createServer({ allowHalfOpen: true }, (socket) => {
      held.add(socket);
      socket.on('data', (chunk: Buffer) => {
        if (chunk[0] === 0x10) socket.write(Buffer.from([0x12, 0x12, 0x12]));
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => stalled.listen(port, '127.0.0.1', resolve));
    const { receiptCode } = await killedChild(dataDir, port, () => jobStates(dataDir)[0] === 'sending');
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => stalled.close(resolve));
    expect(jobStates(dataDir)).toEqual(['sending']);
    const { job, count } = await restartAndPrint(dataDir, port);
    expect(count).toBe(1);
    expect(job.qr).toEqual([receiptCode]);
    expect(job.pulses).toEqual([]);
  }, 40_000);
});
