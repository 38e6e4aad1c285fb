import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../gateway/gateway.js';
import type { IssuerKeyDto } from '../shared/offline-code-dto.js';
import { bundleCli, cliEnv } from './cli-bundle.test-util.js';

/**
 * The hub's offline code commands, the real CLI on a hub folder (SQLite): issuer keys pulled from the sandbox
 * issuer, listed, rotated by publishing the old key with its not-after; a settlement round with nothing to
 * do; the report; and the usage errors.
 */
let cli: string;
let dir: string;
let gateway: Gateway;
const env = { ...cliEnv, DATABASE_URL: '' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-offcodes-cli-'));
  cli = await bundleCli('tillpoint-hub-offline-codes');
  gateway = await startGateway({ test: true, log: () => {} });
}, 30_000);
afterAll(async () => {
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Async, so the gateway in this process can answer the command. */
const run = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, 'hub', ...args, '--data', dir], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

describe('tillpoint hub issuer-keys / settle-offline-codes / report --offline-codes', () => {
  it('pulls, lists and retires issuer keys', async () => {
    const pulled = await run('issuer-keys', 'pull', '--issuer', gateway.url);
    expect(pulled.status, pulled.stderr).toBe(0);
    expect((JSON.parse(pulled.stdout) as { published: IssuerKeyDto[] }).published).toHaveLength(2);
    // the same keys again: nothing new is published
    expect(JSON.parse((await run('issuer-keys', 'pull', '--issuer', gateway.url)).stdout)).toEqual({
      published: [],
    });
    const listed = JSON.parse((await run('issuer-keys', 'list')).stdout) as IssuerKeyDto[];
    expect(listed.every((k) => k.notAfter === null)).toBe(true);

    const retired = { ...listed[0]!, notAfter: '2026-12-31T00:00:00.000Z' };
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify([retired]));
    expect((await run('issuer-keys', 'add', file)).status).toBe(0);
    const after = JSON.parse((await run('issuer-keys', 'list')).stdout) as IssuerKeyDto[];
    expect(after.find((k) => k.keyId === retired.keyId)?.notAfter).toBe(retired.notAfter);

    writeFileSync(file, JSON.stringify([{ ...retired, publicKeyHex: '04abc' }]));
    const bad = await run('issuer-keys', 'add', file);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('not an issuer key');
  });

  it('a settlement round with nothing pending, and the empty report', async () => {
    const round = await run('settle-offline-codes', '--issuer', gateway.url);
    expect(round.status, round.stderr).toBe(0);
    expect(JSON.parse(round.stdout)).toEqual({ copied: 0, sent: 0, settled: 0, error: null });
    expect(JSON.parse((await run('report', '--offline-codes')).stdout)).toEqual({
      records: [],
      debts: [],
      totals: {},
    });
  });

  it('usage errors exit 64', async () => {
    expect((await run('issuer-keys')).status).toBe(64);
    expect((await run('issuer-keys', 'pull')).status).toBe(64);
    expect((await run('settle-offline-codes')).status).toBe(64);
    expect((await run('report', '--offline-codes', '--payments')).status).toBe(64);
  });
});
