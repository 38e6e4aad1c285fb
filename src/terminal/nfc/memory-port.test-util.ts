import type { CardLink, NfcPort, NfcPortEvents, NfcPortStatus } from './nfc-port.js';

/**
 * An NTAG215 in memory behind the NfcPort the terminal takes, for tests of the card logic above the reader
 * (the pcscd tests cover the reader itself). Tests only.
 */
const NTAG215_PAGES = 135;

export function blankNtag215(uid = '04C0FFEE123480'): MemoryTag {
  const memory = new Uint8Array(NTAG215_PAGES * 4);
  memory.set(Buffer.from(uid, 'hex').subarray(0, 7), 0);
  memory.set([0xe1, 0x10, 0x3e, 0x00], 12); // capability container: NDEF, NTAG215 size, writable
  memory.set([0x03, 0x00, 0xfe, 0x00], 16); // an empty NDEF message, then the terminator TLV
  return { uid, memory };
}

export interface MemoryTag {
  readonly uid: string;
  readonly memory: Uint8Array;
}

export class MemoryPort implements NfcPort {
  private readonly listeners = new Map<keyof NfcPortEvents, Set<(...args: never[]) => void>>();
  card: MemoryTag | null = null;

  place(tag: MemoryTag): void {
    this.card = tag;
    for (const l of this.listeners.get('status') ?? []) (l as NfcPortEvents['status'])(this.status());
  }
  /** Places the tag and announces it as a tap (the port's `card` event), as a reader does. */
  tap(tag: MemoryTag): void {
    this.place(tag);
    const link = this.cardOn();
    if (!link) return;
    for (const l of this.listeners.get('card') ?? []) (l as NfcPortEvents['card'])(link);
  }
  status(): NfcPortStatus {
    const card = this.card && {
      reader: 'Memory reader',
      uid: this.card.uid,
      atr: '3B8F8001804F0CA0000003060300030000000068',
      standard: 'TAG_ISO_14443_3' as const,
    };
    return { service: 'running', readers: [{ name: 'Memory reader', card }] };
  }
  on<E extends keyof NfcPortEvents>(event: E, listener: NfcPortEvents[E]): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (...args: never[]) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (...args: never[]) => void);
  }
  cardOn(): CardLink | null {
    const tag = this.card;
    if (!tag) return null;
    return {
      reader: 'Memory reader',
      uid: tag.uid,
      atr: '3B8F8001804F0CA0000003060300030000000068',
      standard: 'TAG_ISO_14443_3',
      present: true,
      detectedAt: 0,
      readPages: (page, n) => Promise.resolve(tag.memory.slice(page * 4, (page + n) * 4)),
      writePage: (page, data) => {
        tag.memory.set(data, page * 4);
        return Promise.resolve();
      },
      transmit: () => Promise.reject(new Error('not an ISO 14443-4 card')),
    };
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
