import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { kioskForbiddenMessage } from '../shared/dispatch.js';
import { bundleCli } from './cli-bundle.test-util.js';
import { kioskBrowserArgs } from './kiosk-browser.js';

/**
 * `tillpoint serve --kiosk`, the real command from the CLI bundle as a child process against real data
 * folders and a real loopback host: the lines it prints, the kiosk token's limits, the exit on the staff's
 * admin exit (through the kiosk's own WebSocket) and the refusal to start a kiosk nobody could leave.
 */

let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-serve-kiosk-'));
  cli = await bundleCli('serve-kiosk');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const env = { ...process.env, TILLPOINT_LOG_LEVEL: 'warn' };

/** Starts `serve --kiosk ...`; `ready` resolves once its three lines are out, or rejects if it exits first. */
function serveKiosk(...args: string[]) {
  const child = spawn(process.execPath, [cli, 'serve', '--kiosk', '--no-nfc', '--port', '0', ...args], {
    cwd: dir,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (/^Tillpoint customer display: \S+\n/m.test(stdout)) resolve(stdout);
    });
    void exited.then((code) => reject(new Error(`serve --kiosk exited ${code}: ${stderr}`)));
  });
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

async function kioskSocket(kioskUrl: string) {
  const url = new URL(kioskUrl);
  const token = new URLSearchParams(url.hash.slice(1).replace(/^\/kiosk&/, '')).get('token') ?? '';
  const ws = new WebSocket(`ws://127.0.0.1:${url.port}/api?token=${token}`, {
    headers: { Origin: url.origin },
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const events: string[] = [];
  const answers = new Map<number, (result: unknown) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: number; event?: string; result?: unknown };
    if (frame.event !== undefined) events.push(frame.event);
    if (frame.id !== undefined) answers.get(frame.id)?.(frame.result);
  });
  let nextId = 1;
  const call = (method: string, params: unknown = {}) => {
    const id = nextId++;
    const answer = new Promise<unknown>((resolve) => answers.set(id, resolve));
    ws.send(JSON.stringify({ id, method, params }));
    return answer;
  };
  return { ws, call, events };
}

describe('tillpoint serve --kiosk', () => {
  it('prints the kiosk link, the Chromium line and the display link; the kiosk token cannot act as a cashier; the admin exit ends it with 0', async () => {
    const data = path.join(dir, 'kiosk-demo');
    const server = serveKiosk('--demo', '--data', data);
    const stdout = await server.ready;
    const [kioskLine, browserLine, displayLine] = stdout.trimEnd().split('\n');
    const kioskUrl = /^Tillpoint kiosk: (http:\/\/127\.0\.0\.1:\d+\/#\/kiosk&token=[\w-]{43})$/.exec(
      kioskLine ?? '',
    )?.[1];
    expect(kioskUrl, kioskLine).toBeDefined();
    expect(displayLine).toMatch(/^Tillpoint customer display: http:\/\/127\.0\.0\.1:\d+\/#\/customer&token=/);
    expect(displayLine).not.toContain(kioskUrl!.split('token=')[1]);
    expect(stdout).not.toContain('Tillpoint cashier:');

    // the browser line runs as printed: a shell hands chromium exactly the kiosk arguments
    const command = browserLine!.replace(/^Tillpoint kiosk browser: /, '');
    const words = spawnSync('sh', ['-c', `printf '%s\\n' ${command}`], { encoding: 'utf8' });
    expect(words.stdout.trimEnd().split('\n')).toEqual(['chromium', ...kioskBrowserArgs(kioskUrl!, data)]);

    const kiosk = await kioskSocket(kioskUrl!);
    expect(await kiosk.call('sales.list')).toEqual({
      ok: false,
      error: { code: 'forbidden', message: kioskForbiddenMessage, details: { method: 'sales.list' } },
    });
    expect(await kiosk.call('kiosk.status')).toMatchObject({ ok: true, value: { demoPin: true } });
    expect(await kiosk.call('kiosk.adminExit', { pin: '1234' })).toMatchObject({ ok: true });

    expect(await server.exited).toBe(0);
    expect(kiosk.events).toContain('kiosk.exit');
    expect(server.output().stdout).toBe(`${stdout}Tillpoint kiosk: closed by staff with the staff PIN.\n`);
    kiosk.ws.close();
  });

  it('refuses to start a kiosk without a staff PIN (exit 64) and says how to set one', async () => {
    const data = path.join(dir, 'kiosk-no-pin');
    const server = serveKiosk('--data', data);
    // a kiosk that opened after all is stopped at once, so the test fails on its exit code, not a timeout
    server.ready.then(
      () => server.child.kill('SIGTERM'),
      () => undefined,
    );
    expect(await server.exited).toBe(64);
    const { stdout, stderr } = server.output();
    expect(stdout).toBe('');
    expect(stderr).toContain(`tillpoint kiosk set-pin --data ${data}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(data, 'kiosk-browser'))).toBe(false);
  });

  it('still stops cleanly on SIGTERM', async () => {
    const server = serveKiosk('--demo', '--data', path.join(dir, 'kiosk-term'));
    await server.ready;
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output().stdout).not.toContain('closed by staff');
  });
});
