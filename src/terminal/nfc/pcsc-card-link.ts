/**
 * CardLink over one nfc-pcsc Reader with a connected card: our own APDUs with our own response buffer
 * (nfc-pcsc's handlers use a 40-byte buffer for SELECT and 12 for the UID), and PC/SC failures turned into
 * TillpointError codes.
 */
import type { Reader } from 'nfc-pcsc';
import { TillpointError } from '../../core/errors.js';
import type { CardLink, CardStandard } from './nfc-port.js';

/** PC/SC part 3, 3.2.2.1.8: FF B0 reads at most 16 bytes (4 Type 2 pages) per APDU on common readers */
const MAX_READ_BYTES = 16;
const PAGE = 4;

/** pcsc-lite's SCARD_* codes as pcsclite's error messages print them, e.g. "...(0x80100069)" */
const CARD_GONE = new Set([0x80100069, 0x8010000c, 0x80100068, 0x80100066]);
const READER_GONE = new Set([0x80100017, 0x80100009]);
const SERVICE_GONE = new Set([0x8010001d, 0x8010001e]);

export function pcscCode(error: unknown): number | null {
  for (let e: unknown = error; e instanceof Error; e = (e as { previous?: unknown }).previous) {
    const match = /\(0x([0-9a-f]{8})\)/i.exec(e.message);
    if (match) return parseInt(match[1]!, 16);
  }
  return null;
}

function messages(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = (e as { previous?: unknown }).previous) {
    parts.push(e.message);
  }
  return parts.join(' <- ') || String(error);
}

/** What the port knows when a transmit fails; `cardGone` waits (bounded) for pcscd to report the card gone. */
export interface LinkContext {
  serviceAlive(): Promise<boolean>;
  readerAttached(): boolean;
  cardGone(): Promise<boolean>;
  log(line: string, details?: unknown): void;
}

export class PcscCardLink implements CardLink {
  #gone: GoneReason | null = null;
  /** one APDU at a time per card: PC/SC transmits on one handle are not meant to interleave */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly nfcReader: Reader,
    readonly reader: string,
    readonly uid: string,
    readonly atr: string,
    readonly standard: CardStandard,
    private readonly context: LinkContext,
    readonly detectedAt: number = performance.now(),
  ) {}

  get present(): boolean {
    return this.#gone === null;
  }

  /** the port calls this when pcscd reports the card gone, the reader detached or pcscd went away */
  markGone(reason: GoneReason): void {
    this.#gone ??= reason;
  }

  identity(): { reader: string; uid: string; atr: string; standard: CardStandard } {
    return { reader: this.reader, uid: this.uid, atr: this.atr, standard: this.standard };
  }

  async readPages(page: number, count: number): Promise<Uint8Array> {
    checkPage(page);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`bad page count ${count}`);
    const out = new Uint8Array(count * PAGE);
    for (let done = 0; done < count;) {
      const pages = Math.min(count - done, MAX_READ_BYTES / PAGE);
      const at = page + done;
      // FF B0 00 P2 Le: P1-P2 is the block (page) number, Le the byte count (PC/SC part 3, READ BINARY)
      const data = await this.transmit(Uint8Array.of(0xff, 0xb0, (at >> 8) & 0xff, at & 0xff, pages * PAGE));
      if (data.length !== pages * PAGE) {
        throw new TillpointError('nfc.transmit_failed', 'The card answered a read with the wrong length.', {
          page: at,
          expected: pages * PAGE,
          got: data.length,
        });
      }
      out.set(data, done * PAGE);
      done += pages;
    }
    return out;
  }

  async writePage(page: number, data: Uint8Array): Promise<void> {
    checkPage(page);
    if (data.length !== PAGE) throw new RangeError(`a Type 2 tag page is 4 bytes, got ${data.length}`);
    // FF D6 00 P2 04 data: UPDATE BINARY of one 4-byte page (NFC Forum Type 2 Tag WRITE underneath)
    await this.transmit(Uint8Array.of(0xff, 0xd6, 0x00, page, PAGE, ...data), 2);
  }

  transmit(apdu: Uint8Array, maxResponseLength = 258): Promise<Uint8Array> {
    const run = this.#queue.then(() => this.#transmit(apdu, maxResponseLength));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #transmit(apdu: Uint8Array, maxResponseLength: number): Promise<Uint8Array> {
    if (this.#gone) throw goneError(this.#gone, this.uid);
    let response: Buffer;
    try {
      // + 2 for the status word, which the caller's length does not count
      response = await this.nfcReader.transmit(Buffer.from(apdu), maxResponseLength + 2);
    } catch (error) {
      throw await this.#classify(error, apdu);
    }
    if (response.length < 2) {
      // vpcd (and readers whose card leaves mid-APDU) can make SCardTransmit succeed with no bytes at all
      throw await this.#classify(new Error(`empty answer (${response.length} bytes)`), apdu);
    }
    // ISO 7816-4, 5.1.3: the last two bytes are SW1 SW2; 90 00 is the only success we accept
    const sw = response.subarray(-2).toString('hex').toUpperCase();
    if (sw !== '9000') {
      throw new TillpointError('nfc.transmit_failed', 'The card refused the command.', {
        sw,
        ins: apdu[1]?.toString(16).padStart(2, '0').toUpperCase(),
      });
    }
    return new Uint8Array(response.subarray(0, -2));
  }

  async #classify(error: unknown, apdu: Uint8Array): Promise<TillpointError> {
    const code = pcscCode(error);
    const details = {
      pcsc: code === null ? null : `0x${code.toString(16)}`,
      error: messages(error),
      ins: apdu[1]?.toString(16).padStart(2, '0').toUpperCase(),
    };
    this.context.log('nfc: transmit failed', details);
    if ((code !== null && SERVICE_GONE.has(code)) || !(await this.context.serviceAlive())) {
      this.markGone('nfc.unavailable');
      return goneError('nfc.unavailable', this.uid, details);
    }
    if ((code !== null && READER_GONE.has(code)) || !this.context.readerAttached()) {
      this.markGone('nfc.reader_gone');
      return goneError('nfc.reader_gone', this.uid, details);
    }
    if (this.#gone) return goneError(this.#gone, this.uid, details);
    if ((code !== null && CARD_GONE.has(code)) || (await this.context.cardGone())) {
      this.markGone('nfc.card_removed');
      return goneError('nfc.card_removed', this.uid, details);
    }
    return new TillpointError('nfc.transmit_failed', 'The card did not answer. Tap it again.', details);
  }
}

export type GoneReason = 'nfc.card_removed' | 'nfc.reader_gone' | 'nfc.unavailable';

const goneMessages: Record<GoneReason, string> = {
  'nfc.card_removed': 'The card was taken away too early. Tap it again.',
  'nfc.reader_gone': 'The card reader was disconnected.',
  'nfc.unavailable': 'The card service stopped. Try again in a moment.',
};

function goneError(reason: GoneReason, uid: string, details?: object): TillpointError {
  return new TillpointError(reason, goneMessages[reason], { uid, ...details });
}

function checkPage(page: number): void {
  // Type 2 tags address pages with one byte (NFC Forum Type 2 Tag 1.0, 5.1: READ/WRITE block number)
  if (!Number.isInteger(page) || page < 0 || page > 0xff) throw new RangeError(`bad page ${page}`);
}
