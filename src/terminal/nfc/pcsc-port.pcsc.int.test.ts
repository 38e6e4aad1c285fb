// The PC/SC port against a real pcscd with vpcd's virtual readers and the card emulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LONG_PPSE_FCI,
  SHORT_PPSE_FCI,
  VPCD_READER,
  VPCD_SECOND_READER,
  startCard,
  startPcscd,
  type CardEmulator,
  type PcscdProcess,
} from '../../../e2e/nfc/pcsc-harness.js';
import { TillpointError } from '../../core/errors.js';
import { identifyCard } from './identify-card.js';
import type { CardLink, NfcPort } from './nfc-port.js';
import { openPcscPort } from './pcsc-port.js';
import { nextEvent, pcscSkipReason, statusWhere } from './pcsc-test-util.js';

const skip = (await pcscSkipReason()) !== null;
const UID = '04A1B2C3D4E5F6';

let pcscd: PcscdProcess | null = null;
let card: CardEmulator | null = null;
let port: NfcPort | null = null;
const logLines: string[] = [];

const open = (): NfcPort =>
  (port = openPcscPort({
    retryMs: 100,
    log: (line, details) => {
      logLines.push(`${line} ${JSON.stringify(details)}`);
      if (process.env.NFC_DEBUG) console.error(line, details);
    },
  }));
const readersUp = (p: NfcPort) =>
  statusWhere(p, (s) => s.service === 'running' && s.readers.some((r) => r.name === VPCD_READER));
async function tap(p: NfcPort, action: () => Promise<void>): Promise<CardLink> {
  const arrived = nextEvent(p, 'card');
  await action();
  return arrived;
}
const codeOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'resolved',
    (error: unknown) =>
      error instanceof TillpointError ? error.code : `not a TillpointError: ${String(error)}`,
  );

beforeEach(async () => {
  logLines.length = 0;
  card = await startCard();
});

afterEach(async () => {
  await port?.close();
  port = null;
  await card?.stop();
  card = null;
  await pcscd?.stop();
  pcscd = null;
});

describe.skipIf(skip)('PC/SC port (real pcscd + vpcd + card emulator)', () => {
  it('lists the readers, reports a tap with UID/ATR/standard and the removal', async () => {
    pcscd = await startPcscd();
    const p = open();
    const status = await statusWhere(p, (s) => s.readers.length === 2);
    expect(status.readers.map((r) => r.name).sort()).toEqual([VPCD_READER, VPCD_SECOND_READER]);

    const link = await tap(p, () => card!.tap('ntag215', UID));
    expect(link).toMatchObject({
      reader: VPCD_READER,
      uid: UID,
      atr: '3B8F8001804F0CA0000003060300030000000068',
      standard: 'TAG_ISO_14443_3',
      present: true,
    });
    expect(p.cardOn()).toBe(link);
    expect(p.status().readers.find((r) => r.name === VPCD_READER)?.card?.uid).toBe(UID);

    const removed = nextEvent(p, 'cardRemoved');
    await card!.remove();
    expect(await removed).toMatchObject({ uid: UID, reader: VPCD_READER });
    expect(link.present).toBe(false);
    expect(p.cardOn()).toBeNull();
    expect(await codeOf(link.readPages(0, 1))).toBe('nfc.card_removed');
  });

  it('reads and writes NTAG pages (round trip, split into 16-byte reads), refuses writes with the SW', async () => {
    pcscd = await startPcscd();
    const p = open();
    const link = await tap(p, () => card!.tap('ntag215', UID));
    const all = await link.readPages(0, 135);
    expect(all.length).toBe(540);
    expect(Buffer.from(all.subarray(12, 20)).toString('hex').toUpperCase()).toBe('E1103E000300FE00');

    const data = Array.from({ length: 20 }, (_, i) => Uint8Array.of(i, 0xa5, 0x5a, 255 - i));
    for (const [i, page] of data.entries()) await link.writePage(4 + i, page);
    const back = await link.readPages(4, 20);
    expect(Buffer.from(back)).toEqual(Buffer.concat(data));
    expect((await card!.dump()).pages.subarray(16, 96)).toEqual(back);
    const stats = await card!.stats();
    expect(stats.writes).toBe(20);

    // UID page: the tag answers 63 00 (factory-programmed, NTAG21x data sheet 8.5.1)
    await expect(link.writePage(0, Uint8Array.of(1, 2, 3, 4))).rejects.toMatchObject({
      code: 'nfc.transmit_failed',
      details: { sw: '6300' },
    });
    // past the end of the memory
    await expect(link.readPages(135, 1)).rejects.toMatchObject({ code: 'nfc.transmit_failed' });
    // a locked (read-only) tag
    await card!.lock();
    await expect(link.writePage(4, Uint8Array.of(1, 2, 3, 4))).rejects.toMatchObject({
      details: { sw: '6982' },
    });
  });

  it('keeps the card memory across taps (one physical card) and lets a test tamper with it off the reader', async () => {
    pcscd = await startPcscd();
    const p = open();
    let link = await tap(p, () => card!.tap('ntag213', UID));
    await link.writePage(5, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    const removed = nextEvent(p, 'cardRemoved');
    await card!.remove();
    await removed;
    await card!.poke(6, 'CAFEBABE');
    link = await tap(p, () => card!.retap());
    expect(Buffer.from(await link.readPages(5, 2)).toString('hex')).toBe('deadbeefcafebabe');
  });

  it('a card pulled mid-read and mid-write rejects with nfc.card_removed', async () => {
    pcscd = await startPcscd();
    const p = open();
    let link = await tap(p, () => card!.tap('ntag215', UID));
    let removed = nextEvent(p, 'cardRemoved');
    await card!.removeAfterReads(3);
    expect(await codeOf(link.readPages(0, 40))).toBe('nfc.card_removed');
    await removed;

    link = await tap(p, () => card!.retap());
    removed = nextEvent(p, 'cardRemoved');
    await card!.removeAfterWrites(2);
    expect(await codeOf(link.writePage(4, Uint8Array.of(1, 1, 1, 1)))).toBe('resolved');
    expect(await codeOf(link.writePage(5, Uint8Array.of(2, 2, 2, 2)))).toBe('nfc.card_removed');
    await removed;
    const pages = (await card!.dump()).pages;
    // the write the card was pulled during never reached the memory
    expect([...pages.subarray(16, 24)]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('pcscd absent at start: unavailable, then readers appear once it starts; close leaves nothing behind', async () => {
    const p = open();
    expect(p.status()).toEqual({ service: 'unavailable', readers: [] });
    pcscd = await startPcscd();
    await readersUp(p);
    const link = await tap(p, () => card!.tap('ntag216', UID));
    expect(await identifyCard(link)).toEqual({ kind: 'ntag', type: 'NTAG216' });
  });

  it('pcscd restarted: unavailable, then running again, and the next tap works', async () => {
    pcscd = await startPcscd();
    const p = open();
    await readersUp(p);
    const down = statusWhere(p, (s) => s.service === 'unavailable');
    await pcscd.stop();
    expect((await down).readers).toEqual([]);
    pcscd = await startPcscd();
    await readersUp(p);
    const link = await tap(p, () => card!.tap('ntag215', UID));
    expect(link.uid).toBe(UID);
  });

  it('pcscd stopped mid-operation: the operation rejects with nfc.unavailable or reader_gone, no crash', async () => {
    pcscd = await startPcscd();
    const p = open();
    const link = await tap(p, () => card!.tap('ntag215', UID));
    const down = statusWhere(p, (s) => s.service === 'unavailable');
    const reads = (async () => {
      for (;;) await link.readPages(0, 135);
    })();
    const stopped = pcscd.stop();
    expect(['nfc.unavailable', 'nfc.reader_gone']).toContain(await codeOf(reads));
    await stopped;
    await down;
    expect(await codeOf(link.readPages(0, 1))).toBe('nfc.unavailable');
    expect(p.cardOn()).toBeNull();
  });

  it('identifies bank cards by their PPSE (short and long), a card without PPSE, and a non-NTAG tag', async () => {
    pcscd = await startPcscd();
    const p = open();
    const identify = async (action: () => Promise<void>) => {
      const link = await tap(p, action);
      const kind = await identifyCard(link);
      const removed = nextEvent(p, 'cardRemoved');
      await card!.remove();
      await removed;
      return { link, kind };
    };
    const short = await identify(() => card!.tapIso14443_4(SHORT_PPSE_FCI, '08123456'));
    expect(short.link).toMatchObject({ standard: 'TAG_ISO_14443_4', uid: '08123456', atr: '3B80800101' });
    expect(short.kind).toEqual({ kind: 'bank-card', aids: [{ aid: 'A0000000031010', label: null }] });

    expect(LONG_PPSE_FCI.length / 2).toBeGreaterThanOrEqual(50);
    const long = await identify(() => card!.tapIso14443_4(LONG_PPSE_FCI, '04112233445566'));
    expect(long.kind).toEqual({
      kind: 'bank-card',
      aids: [
        { aid: 'A0000000031010', label: 'VISA CREDIT' },
        { aid: 'A0000000041010', label: 'MASTERCARD' },
        { aid: 'A000000333010101', label: 'UNIONPAY' },
      ],
    });

    expect((await identify(() => card!.tapIso14443_4(null))).kind).toEqual({ kind: 'unknown-card' });
    expect((await identify(() => card!.tap('ultralight', UID))).kind).toEqual({ kind: 'unknown-tag' });
    expect((await identify(() => card!.tap('ntag213', UID))).kind).toEqual({ kind: 'ntag', type: 'NTAG213' });
    // nothing of a bank card's answers reaches the log (only what the port itself reports)
    expect(logLines.join('\n')).not.toMatch(/A0000000031010|VISA/);
  });
});
