import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { bundleCli, cliEnv } from './cli-bundle.test-util.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  SHORT_PPSE_FCI,
  startCard,
  startPcscd,
  type CardEmulator,
  type PcscdProcess,
} from '../../e2e/nfc/pcsc-harness.js';
import { pcscSkipReason } from '../terminal/nfc/pcsc-test-util.js';

/**
 * The real `tillpoint nfc readers | read | write-ndef`, bundled like src/build/build.mjs does and
 * run as a child process against a real pcscd, the vpcd reader and an emulated tag.
 */
let cli: string;
const UID = '04ABCDEF012345';

const unavailable = await pcscSkipReason();

let pcscd: PcscdProcess | null = null;
let card: CardEmulator;

beforeAll(async () => {
  cli = await bundleCli('tillpoint-nfc');
});
afterAll(async () => {
  await pcscd?.stop();
  rmSync(cli, { force: true });
});
beforeEach(async () => {
  if (unavailable) return;
  card = await startCard();
});
afterEach(async () => {
  if (!card) return;
  if (pcscd && (await card.dump()).onReader) await removeSeen();
  await card.stop();
});

/** Takes the card away and waits until pcscd saw it go: a tap within the same poll would go unnoticed. */
async function removeSeen(): Promise<void> {
  const from = pcscd!.log.length;
  await card.remove();
  await pcscd!.waitForLog(/Card Removed From/, { from, timeoutMs: 5_000 });
}

interface Run {
  code: number | null;
  json: Record<string, unknown>;
}

/** Runs the command; `whenWaiting` is called once it is up (so a tap comes after it listens). */
function tillpoint(args: string[], whenWaiting?: () => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'nfc', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cliEnv,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        resolve({ code, json: JSON.parse(out) as Record<string, unknown> });
      } catch {
        reject(new Error(`not one JSON object: ${out}`));
      }
    });
    // The command prints nothing while it waits and pcscd logs nothing at --info when a client connects,
    // so there is no event to wait for. A card placed early would still be read (read takes a card already
    // on the reader), so this delay never makes the test flaky; it only makes the tap come while it waits.
    if (whenWaiting) setTimeout(() => void whenWaiting().catch(reject), 1_500);
  });
}

describe.skipIf(unavailable !== null)('tillpoint nfc', () => {
  test('without pcscd: readers says unavailable and exits 1, with the code', async () => {
    const run = await tillpoint(['readers']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ error: { code: 'nfc.unavailable' } });
  });

  describe('with pcscd', () => {
    beforeAll(async () => {
      pcscd = await startPcscd();
    });

    test('readers lists the two vpcd readers', async () => {
      const run = await tillpoint(['readers']);
      expect(run.code).toBe(0);
      expect(run.json.service).toBe('running');
      expect((run.json.readers as { name: string }[]).map((r) => r.name)).toEqual([
        'Virtual PCD 00 00',
        'Virtual PCD 00 01',
      ]);
    });

    test('write-ndef then read: the text and URI records come back; the tag memory holds them', async () => {
      await card.tap('ntag215', UID);
      const written = await tillpoint(['write-ndef', '--text', 'Hello, 你好', '--lang', 'zh']);
      expect(written.code).toBe(0);
      expect(written.json).toMatchObject({
        uid: UID,
        type: 'NTAG215',
        records: [{ kind: 'text', text: 'Hello, 你好' }],
      });
      const uri = await tillpoint(['write-ndef', '--uri', 'https://example.com/member/42']);
      expect(uri.json).toMatchObject({ records: [{ kind: 'uri', uri: 'https://example.com/member/42' }] });
      const read = await tillpoint(['read']);
      expect(read.code).toBe(0);
      expect(read.json).toMatchObject({
        kind: 'ntag',
        type: 'NTAG215',
        standard: 'TAG_ISO_14443_3',
        records: [{ kind: 'uri', uri: 'https://example.com/member/42' }],
      });
      // 03 L D1 01 ... 55 04 (https://) "example.com/member/42" FE, from page 4
      const pages = (await card.dump()).pages;
      expect(pages[16]).toBe(0x03);
      expect(Buffer.from(pages.subarray(16 + 7, 16 + 7 + 21)).toString()).toBe('example.com/member/42');
    });

    test('a locked tag, a message too long and a bank card: each its own error code, exit 1', async () => {
      await card.tap('ntag213', UID);
      const full = await tillpoint(['write-ndef', '--text', 'x'.repeat(200)]);
      expect(full).toMatchObject({ code: 1, json: { error: { code: 'nfc.tag_full' } } });
      await card.lock();
      const locked = await tillpoint(['write-ndef', '--text', 'hi']);
      expect(locked).toMatchObject({ code: 1, json: { error: { code: 'nfc.tag_locked' } } });
      await removeSeen();
      await card.tapIso14443_4(SHORT_PPSE_FCI);
      const bank = await tillpoint(['read']);
      expect(bank).toMatchObject({ code: 0, json: { kind: 'bank-card', standard: 'TAG_ISO_14443_4' } });
      const write = await tillpoint(['write-ndef', '--text', 'hi']);
      expect(write).toMatchObject({ code: 1, json: { error: { code: 'nfc.unsupported_tag' } } });
    });

    test('read waits for the tap; no card in time is nfc.no_card', async () => {
      const tapped = await tillpoint(['read', '--timeout', '8'], () => card.tap('ntag216', UID));
      expect(tapped.json).toMatchObject({ uid: UID, type: 'NTAG216', records: [] });
      await removeSeen();
      const none = await tillpoint(['read', '--timeout', '1']);
      expect(none).toMatchObject({ code: 1, json: { error: { code: 'nfc.no_card' } } });
    });
  });
});
