import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { callsOf } from '../terminal/call.test-util.js';
import { openTerminal, type Terminal } from '../terminal/terminal.js';
import { bundleCli, cliEnv, repo } from './cli-bundle.test-util.js';

/**
 * `tillpoint printer-sim` as a child process: it writes the till's printers.json (--data), a real till on
 * that folder prints a cash sale to it, the job comes out as a JSON line on stdout and in --out, and
 * "paper-out" typed on stdin is what the till then reads with DLE EOT.
 */
let cli: string;
let dir: string;
let terminal: Terminal | undefined;
beforeAll(async () => {
  cli = await bundleCli('printer-sim');
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-printersim-'));
}, 60_000);
afterAll(async () => {
  await terminal?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('printer-sim prints what a till sends it and answers its state', async () => {
  const data = join(dir, 'till');
  const out = join(dir, 'jobs.jsonl');
  const child = spawn(process.execPath, [cli, 'printer-sim', '--port', '0', '--data', data, '--out', out], {
    cwd: repo,
    env: cliEnv,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await expect.poll(() => stdout, { timeout: 10_000 }).toMatch(/^Tillpoint printer: 127\.0\.0\.1:\d+\n/);
  expect(stderr).toContain('printers.json');
  expect(JSON.parse(readFileSync(join(data, 'printers.json'), 'utf8'))).toMatchObject({
    printers: [{ id: 'sim', kind: 'tcp', host: '127.0.0.1', drawer: true, receipts: true }],
  });

  terminal = await openTerminal({ dataDir: data, demo: true });
  const { call } = callsOf(() => terminal);
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: '6901234567892' });
  const done = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 500 } });
  await expect.poll(() => stdout.split('\n').length, { timeout: 10_000 }).toBeGreaterThan(2);
  const job = JSON.parse(stdout.split('\n')[1]!) as {
    job: number;
    qr: string[];
    pulses: unknown[];
    cuts: number;
    text: string;
  };
  expect(job).toMatchObject({ job: 1, qr: [done.receiptCode], cuts: 1 });
  expect(job.pulses).toHaveLength(1);
  expect(job.text).toContain('矿泉水 550ml');
  expect(readFileSync(out, 'utf8').trim()).toBe(stdout.split('\n')[1]);

  child.stdin.write('paper-out\n');
  await expect
    .poll(async () => (await call('print.status', {})).printers[0]?.state, { timeout: 10_000 })
    .toBe('paper-out');
  child.kill('SIGINT');
  expect(await exited).toBe(0);
}, 40_000);
