import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StatusDto } from '../../shared/dto.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';
import type { NfcPort } from './nfc-port.js';
import { openPcscPort } from './pcsc-port.js';

/**
 * NFC installed without libpcsclite-dev: nfc-pcsc's optional binding was skipped, so loading it fails. The
 * till and `tillpoint nfc` must say that NFC support is not installed (and how to install it), not that
 * pcscd is not running. Needs no pcscd: the port is pointed at a missing and at a broken nfc-pcsc, and at a
 * pcscd socket that does not exist.
 */
let dir: string;
let missing: string;
let broken: string;
let noPcscd: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-nfc-missing-'));
  missing = join(dir, 'no-such-nfc-pcsc');
  // what an install without the binding leaves: the package is there, its native module is not
  broken = join(dir, 'broken-nfc-pcsc');
  mkdirSync(broken);
  writeFileSync(
    join(broken, 'index.js'),
    `throw Object.assign(new Error("Cannot find module '../build/Release/pcsclite.node'"), { code: 'MODULE_NOT_FOUND' });`,
  );
  noPcscd = join(dir, 'pcscd.comm');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function statusOf(port: NfcPort, until: (service: string) => boolean): Promise<string> {
  const end = Date.now() + 3_000;
  while (!until(port.status().service) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return port.status().service;
}

describe('the PC/SC port', () => {
  test.each([
    ['missing', () => missing],
    ['broken', () => broken],
  ])('a %s nfc-pcsc is not-installed, said once, with no retries', async (_kind, path) => {
    const lines: string[] = [];
    const port = openPcscPort({
      nfcPcscPath: path(),
      socketPath: noPcscd,
      retryMs: 20,
      log: (l) => lines.push(l),
    });
    try {
      expect(await statusOf(port, (s) => s === 'not-installed')).toBe('not-installed');
      await new Promise((r) => setTimeout(r, 200));
      expect(port.status()).toEqual({ service: 'not-installed', readers: [] });
      expect(lines).toEqual([expect.stringContaining('install libpcsclite-dev')]);
    } finally {
      await port.close();
    }
  });

  test('the real nfc-pcsc without pcscd is unavailable, not not-installed', async () => {
    const port = openPcscPort({ socketPath: noPcscd, retryMs: 20 });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(port.status().service).toBe('unavailable');
    } finally {
      await port.close();
    }
  });
});

describe('the till', () => {
  let terminal: Terminal | undefined;
  const { call } = callsOf(() => terminal);

  test('status.get and nfc.status say not-installed, and a status.changed tells the status bar', async () => {
    terminal = await openTerminal({ dataDir: join(dir, 'till'), nfc: { pcsc: { nfcPcscPath: missing } } });
    try {
      const seen: StatusDto[] = [];
      terminal.onEvent((event, payload) => {
        if (event === 'status.changed') seen.push(payload as StatusDto);
      });
      const end = Date.now() + 3_000;
      while ((await call('status.get', {})).nfc !== 'not-installed' && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await call('status.get', {})).nfc).toBe('not-installed');
      expect(await call('nfc.status', {})).toEqual({ service: 'not-installed', readers: [] });
      await call('sale.start', {});
      expect(seen.at(-1)?.nfc).toBe('not-installed');
    } finally {
      await terminal.close();
      terminal = undefined;
    }
  });
});
