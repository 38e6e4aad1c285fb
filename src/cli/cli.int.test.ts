import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleCli, cliEnv, repo, spawnServe } from './cli-bundle.test-util.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findElectronBinary } from './electron-binary.js';

/**
 * The real `tillpoint` command: bundled like src/build/build.mjs does (SQL as text, packages external) and
 * run as a child process against real data folders and a real loopback host.
 */

let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-cli-'));
  cli = await bundleCli('tillpoint');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const runCli = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env: cliEnv });

/** Starts `serve`, resolves with its URL once the one stdout line arrives. */
function serve(...args: string[]) {
  return spawnServe(cli, args, { cwd: dir });
}

const expectOneLine = (text: string) => {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
};

describe('tillpoint --help and usage errors', () => {
  it('prints the help with the exit codes', () => {
    const help = runCli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('serve [--port P] [--data DIR] [--name NAME]');
    expect(help.stdout).toContain('--demo');
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*\b2\b[\s\S]*\b64\b/);
  });

  it('answers a wrong command or option with one line and exit 64', () => {
    for (const args of [
      ['frobnicate'],
      ['serve', '--port', '70000'],
      ['serve', '--colour'],
      ['serve', '--lang', 'fr'],
      ['hub', '--demo'],
      ['db', 'drop'],
      [],
    ]) {
      const result = runCli(...args);
      expect(result.status, args.join(' ')).toBe(64);
      if (args.length > 0) expectOneLine(result.stderr);
    }
  });
  it('names the languages a till has when --lang is not one of them', () => {
    const result = runCli('serve', '--lang', 'zh-TW');
    expect(result.stderr).toContain('--lang must be one of zh-CN, en, not "zh-TW"');
  });
});

describe('tillpoint serve and db check', () => {
  it('serves the contract on 127.0.0.1, prints exactly one line, and stops cleanly on SIGTERM', async () => {
    const data = path.join(dir, 'till-a');
    const server = serve('--data', data, '--name', 'Till 7', '--port', '0');
    const url = new URL(await server.url);
    expect(url.hostname).toBe('127.0.0.1');
    const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    const ws = new WebSocket(`ws://127.0.0.1:${url.port}/api?token=${token}`, {
      headers: { Origin: url.origin },
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    // events (nfc.changed while pcscd is looked for) may come first: the answer is the frame with id 1
    const answer = new Promise<string>((resolve) =>
      ws.on('message', (d) => {
        if ((JSON.parse(String(d)) as { id?: number }).id === 1) resolve(String(d));
      }),
    );
    ws.send(JSON.stringify({ id: 1, method: 'terminal.info', params: {} }));
    expect(JSON.parse(await answer)).toMatchObject({
      id: 1,
      result: { ok: true, value: { terminalName: 'Till 7' } },
    });
    ws.close();

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const display = /Tillpoint customer display: (\S+)/.exec(server.output().stdout)?.[1] ?? '';
    expect(display).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/customer&token=[\w-]{43}$/);
    expect(display.split('token=')[1]).not.toBe(url.hash.split('token=')[1]);
    expect(server.output().stdout).toBe(
      `Tillpoint cashier: ${url.href}\nTillpoint customer display: ${display}\n`,
    );

    const check = runCli('db', 'check', '--data', data);
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({
      file: path.join(data, 'tillpoint.db'),
      integrity: 'ok',
      schemaVersion: expect.any(Number) as number,
    });
  });

  it('refuses a damaged database with exit 2 and one line, and leaves the file as it was', async () => {
    const data = path.join(dir, 'till-b');
    const first = serve('--data', data);
    await first.url;
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const file = path.join(data, 'tillpoint.db');
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 0, 100); // the SQLite header ("SQLite format 3\0" ...), file format section 1.3
    writeFileSync(file, bytes);

    const refused = runCli('serve', '--data', data);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expectOneLine(refused.stderr);
    expect(refused.stderr).toContain(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);

    const check = runCli('db', 'check', '--data', data);
    expect(check.status).toBe(1);
    expectOneLine(check.stderr + check.stdout);
  });

  it('refuses a database from a newer Tillpoint with exit 2; db check reports it with exit 1', async () => {
    const data = path.join(dir, 'till-c');
    const first = serve('--data', data);
    await first.url;
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const file = path.join(data, 'tillpoint.db');
    const db = new Database(file);
    db.pragma('user_version = 9999');
    db.close();

    const refused = runCli('serve', '--data', data);
    expect(refused.status).toBe(2);
    expectOneLine(refused.stderr);

    const check = runCli('db', 'check', '--data', data);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ schemaVersion: 9999 });
  });

  it('db check on a folder without a database fails with one line and exit 1', () => {
    const check = runCli('db', 'check', '--data', path.join(dir, 'nothing-here'));
    expect(check.status).toBe(1);
    expectOneLine(check.stderr);
  });

  it('reports a busy port with one line and exit 1', async () => {
    const data = path.join(dir, 'till-d');
    const first = serve('--data', data);
    const port = new URL(await first.url).port;
    const second = runCli('serve', '--data', path.join(dir, 'till-e'), '--port', port);
    first.child.kill('SIGTERM');
    await first.exited;
    expect(second.status).toBe(1);
    // stderr may also carry the terminal's log lines (seeding a fresh folder); the error is the last line
    expect(second.stderr.trim().split('\n').at(-1)).toMatch(
      new RegExp(`^tillpoint: Port ${port} is already in use`),
    );
    expect(second.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tillpoint start', () => {
  const electron = findElectronBinary(repo);

  it.skipIf(electron.found)(
    'says clearly that the Electron binary is missing (exit 1), without downloading',
    () => {
      const result = runCli('start');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('The Electron binary is missing');
      expect(result.stdout).not.toContain('Downloading');
      expectOneLine(result.stderr);
    },
  );
});
