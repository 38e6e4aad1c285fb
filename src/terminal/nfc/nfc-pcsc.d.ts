/**
 * The part of nfc-pcsc 0.8.1 (and the @pokusew/pcsclite CardReader under it) that pcsc-port.ts uses; the
 * package ships no types. Read from node_modules/nfc-pcsc/src/{NFC,Reader}.js and @pokusew/pcsclite.
 */
declare module 'nfc-pcsc' {
  import type { EventEmitter } from 'node:events';

  /** @pokusew/pcsclite's CardReader (nfc-pcsc's `reader.reader`) */
  export interface PcscCardReader extends EventEmitter {
    readonly name: string;
    readonly connected: boolean;
    state: number;
    readonly SCARD_STATE_PRESENT: number;
    readonly SCARD_STATE_EMPTY: number;
    readonly SCARD_LEAVE_CARD: number;
    readonly SCARD_RESET_CARD: number;
    disconnect(disposition: number, cb: (err?: Error) => void): void;
    close(): void;
  }

  export interface NfcCard {
    atr?: Buffer;
    standard?: 'TAG_ISO_14443_3' | 'TAG_ISO_14443_4';
    uid?: string;
    data?: Buffer;
  }

  export class Reader extends EventEmitter {
    readonly reader: PcscCardReader;
    readonly name: string;
    autoProcessing: boolean;
    aid: string | Buffer | ((card: NfcCard) => Buffer) | null;
    card: NfcCard | null;
    connection: { type: number; protocol: number } | null;
    /** throws synchronously (TransmitError) when no card is connected */
    transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
    disconnect(): Promise<boolean>;
    close(): void;
  }

  export class NFC extends EventEmitter {
    constructor(logger?: unknown);
    readonly readers: Record<string, PcscCardReader>;
    close(): void;
  }

  export const TAG_ISO_14443_3: 'TAG_ISO_14443_3';
  export const TAG_ISO_14443_4: 'TAG_ISO_14443_4';
}
