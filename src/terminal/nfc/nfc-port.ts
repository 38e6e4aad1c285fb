/**
 * What the terminal service needs from NFC hardware, independent of nfc-pcsc. The PC/SC
 * implementation (pcsc-port.ts) works around nfc-pcsc's known bugs; everything above it (NTAG NDEF,
 * membership, stored-value cards) is written against these types only.
 *
 * Errors: every method that talks to a card rejects with a TillpointError whose code is one of
 * nfc.card_removed, nfc.reader_gone, nfc.unavailable, nfc.transmit_failed. Nothing here throws for an
 * event nfc-pcsc emits; a port never crashes the process.
 */

/** ISO 14443-3 (NTAG / Ultralight: memory pages, FF B0 / FF D6) or ISO 14443-4 (APDUs: bank cards, wallets) */
export type CardStandard = 'TAG_ISO_14443_3' | 'TAG_ISO_14443_4';

export interface CardIdentity {
  readonly reader: string;
  /** upper-case hex, as read by FF CA 00 00 00 */
  readonly uid: string;
  /** upper-case hex */
  readonly atr: string;
  readonly standard: CardStandard;
}

/** A card on a reader. Valid while the card stays; afterwards every call rejects with nfc.card_removed. */
export interface CardLink extends CardIdentity {
  /** ISO 14443-3: `count` 4-byte pages from `page` (FF B0, at most 16 bytes per APDU; split as needed) */
  readPages(page: number, count: number): Promise<Uint8Array>;
  /** ISO 14443-3: writes one 4-byte page (FF D6 00 page 04 data) */
  writePage(page: number, data: Uint8Array): Promise<void>;
  /**
   * Any APDU with our own response buffer (nfc-pcsc's 40-byte buffer truncates long answers); answers the
   * response data WITHOUT the status word, or rejects with nfc.transmit_failed (details: { sw }) when the
   * status word is not 90 00.
   */
  transmit(apdu: Uint8Array, maxResponseLength?: number): Promise<Uint8Array>;
  /** false once the card has left the reader */
  readonly present: boolean;
  /** performance.now() when the driver (nfc-pcsc) reported the card: the bench splits a tap's latency here */
  readonly detectedAt: number;
}

export interface ReaderState {
  readonly name: string;
  /** the card on it now, if any */
  readonly card: CardIdentity | null;
}

export interface NfcPortStatus {
  /**
   * 'unavailable' while pcscd is not running (the port keeps trying and recovers on its own);
   * 'not-installed' when nfc-pcsc's native PC/SC binding could not be loaded (no retry can fix that)
   */
  readonly service: 'running' | 'unavailable' | 'not-installed';
  readonly readers: readonly ReaderState[];
}

/**
 * nfc-pcsc's binding is optional: installed without libpcsclite-dev it is skipped, and NFC cannot work
 * however pcscd runs. What the operator must do, said the same way by the till's log and the CLI.
 */
export const nfcNotInstalledMessage =
  'NFC support is not installed: install libpcsclite-dev (apt-get install libpcsclite-dev), then run npm ci (or npm rebuild nfc-pcsc) again.';

export interface NfcPortEvents {
  /** readers attached or detached, a card arrived or left, pcscd went away or came back */
  status: (status: NfcPortStatus) => void;
  /** a card arrived and was identified; the link stays valid until `cardRemoved` for it */
  card: (link: CardLink) => void;
  cardRemoved: (card: CardIdentity) => void;
}

export interface NfcPort {
  status(): NfcPortStatus;
  on<E extends keyof NfcPortEvents>(event: E, listener: NfcPortEvents[E]): () => void;
  /** the card on that reader (or on the only reader with a card), if any */
  cardOn(reader?: string): CardLink | null;
  close(): Promise<void>;
}
