import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { requireService } from '../../../e2e/require-service.js';
import { createNodeLogger } from './logger.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-log-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const capture = () => {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { stream, text: () => chunks.join('') };
};

describe('createNodeLogger', () => {
  it('writes one JSON line per call with level, source, time and message to stderr and the file', async () => {
    const dir = tempDir();
    const err = capture();
    const logger = await createNodeLogger({ source: 'till', logDir: dir, stderr: err.stream });
    logger.log('plain line');
    logger.log('failed', new Error('boom'));
    logger.log.error('payment reversed', { attemptId: 'a1' });
    logger.log.debug('not at info');
    await logger.close();
    const lines = readFileSync(path.join(dir, 'till.1.log'), 'utf8').trim().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => [p.level, p.msg])).toEqual([
      ['info', 'plain line'],
      ['warn', 'failed'],
      ['error', 'payment reversed'],
    ]);
    expect(parsed[0]).toMatchObject({ source: 'till', pid: process.pid });
    expect(Date.parse(String(parsed[0]?.time))).not.toBeNaN();
    expect(parsed[1]?.err).toMatchObject({ type: 'Error', message: 'boom' });
    expect(parsed[2]?.details).toEqual({ attemptId: 'a1' });
    expect(err.text().trim().split('\n')).toHaveLength(3);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'till.1.log')).mode & 0o777).toBe(0o600);
  });

  it('never writes a secret, a token, a PIN or a card number', async () => {
    const dir = tempDir();
    const err = capture();
    const logger = await createNodeLogger({ source: 'hub', logDir: dir, stderr: err.stream });
    logger.addSecret('host-token-0123456789');
    logger.log('enroll with code ABCD-EFGH-1234 token host-token-0123456789', {
      secret: 'terminal-secret-xyz',
      nested: { pin: '4321', card: { pan: '4111111111111111' } },
      text: 'paid with 4111111111111111',
    });
    logger.log.error(
      'request failed',
      Object.assign(new Error('card 5555555555554444 declined'), { key: 'mk' }),
    );
    await logger.close();
    const file = readFileSync(path.join(dir, 'hub.1.log'), 'utf8');
    for (const out of [file, err.text()]) {
      for (const s of [
        'host-token-0123456789',
        'terminal-secret-xyz',
        '4321',
        '4111111111111111',
        '5555555555554444',
      ])
        expect(out).not.toContain(s);
      expect(out).toContain('411111******1111');
    }
  });

  it('rotates by size and keeps at most maxFiles files', async () => {
    const dir = tempDir();
    const logger = await createNodeLogger({
      source: 'gateway',
      logDir: dir,
      stderr: false,
      maxFileBytes: 2048,
      maxFiles: 3,
    });
    for (let i = 0; i < 200; i++) {
      logger.log(`line ${i} ${'x'.repeat(100)}`);
      // rotation happens when the file stream drains; give it the chance a real process has between lines
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await logger.close();
    // old files are removed in the background after each rotation: wait for the last removal
    const logFiles = () => readdirSync(dir).filter((f) => f.endsWith('.log'));
    for (let waited = 0; logFiles().length > 3 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const files = logFiles();
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    // ~22 KB were written; what is left is split into files near the limit, not one growing file
    for (const f of files) expect(statSync(path.join(dir, f)).size).toBeLessThan(8 * 1024);
  });

  it('a line after close still reaches stderr and does not throw', async () => {
    const err = capture();
    const logger = await createNodeLogger({ source: 'till', logDir: tempDir(), stderr: err.stream });
    await logger.close();
    expect(() => logger.log('late')).not.toThrow();
    expect(err.text()).toContain('late');
  });

  it('a full disk stops the log file, never the caller: said once on stderr, every line still there', async (ctx) => {
    // under CI a missing /dev/full fails the test (requireService throws); elsewhere it skips, saying why
    if (
      requireService('/dev/full', existsSync('/dev/full') ? null : 'this system has no /dev/full') !== null
    ) {
      ctx.skip();
    }
    const dir = tempDir();
    // the current log file is /dev/full: every write to it fails with ENOSPC, as on a full disk
    symlinkSync('/dev/full', path.join(dir, 'till.1.log'));
    const err = capture();
    const logger = await createNodeLogger({ source: 'till', logDir: dir, stderr: err.stream });
    for (let i = 0; i < 50; i++) {
      expect(() => logger.log(`sale ${i} completed`)).not.toThrow();
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = err.text().trim().split('\n');
    expect(lines.filter((l) => l.includes('log file: ENOSPC'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('completed'))).toHaveLength(50);
    await logger.close();
  });
});
