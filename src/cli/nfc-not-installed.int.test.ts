import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nfcCommand } from './nfc.js';

/**
 * `tillpoint nfc` installed without libpcsclite-dev (nfc-pcsc's optional binding skipped): it says that NFC
 * support is not installed and how to install it, at once, not that pcscd is not running. Needs no pcscd.
 */
let dir: string;
let missing: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-nfc-cli-missing-'));
  missing = join(dir, 'no-such-nfc-pcsc');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tillpoint nfc', () => {
  async function run(sub: string): Promise<{ code: number; out: unknown }> {
    const writes: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => writes.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      const code = await nfcCommand(sub, { timeoutS: 10, nfcPcscPath: missing });
      return { code, out: JSON.parse(writes.join('')) as unknown };
    } finally {
      process.stdout.write = write;
    }
  }

  test.each(['readers', 'read'])(
    'nfc %s says NFC support is not installed and how to install it, at once',
    async (sub) => {
      const started = Date.now();
      const { code, out } = await run(sub);
      expect(code).toBe(1);
      expect(out).toEqual({
        error: {
          code: 'nfc.not_installed',
          message:
            'NFC support is not installed: install libpcsclite-dev (apt-get install libpcsclite-dev), then run npm ci (or npm rebuild nfc-pcsc) again.',
        },
      });
      // not after the 10 s wait for a card
      expect(Date.now() - started).toBeLessThan(3_000);
    },
  );
});
