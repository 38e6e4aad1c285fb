/**
 * NfcPort over nfc-pcsc 0.8.1 and pcscd, working around what that stack gets wrong (each is reproduced in
 * pcsc-port.pcsc.int.test.ts):
 * - `new NFC()` spins forever on the main thread while pcscd is absent (@pokusew/pcsclite retries
 *   SCardEstablishContext in a do/while on SCARD_E_NO_SERVICE): we only create a context once pcscd's socket
 *   answers.
 * - after pcscd stops or restarts the context never recovers: any context or reader error tears it down and
 *   a new NFC() is made once pcscd is back (status goes unavailable, then running).
 * - close() emits a fatal 'error' when nobody listens; connect errors are emitted with the error object as
 *   the event name (`this.emit(err)`): listeners stay attached for the context's whole life, and the
 *   misnamed emits are routed to our handler.
 * - its ISO 14443-4 handling SELECTs with a 40-byte response buffer ('Insufficient buffer' on a long PPSE):
 *   autoProcessing is off; we read the UID ourselves and every APDU goes through our own transmit.
 */
import type * as NfcPcsc from 'nfc-pcsc';
import type { NFC, NfcCard, Reader } from 'nfc-pcsc';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { endianness } from 'node:os';
import {
  nfcNotInstalledMessage,
  type CardLink,
  type NfcPort,
  type NfcPortEvents,
  type NfcPortStatus,
  type ReaderState,
} from './nfc-port.js';
import { PcscCardLink, type GoneReason } from './pcsc-card-link.js';

export interface PcscPortOptions {
  /** one line per event worth keeping; never APDU data of ISO 14443-4 cards */
  log?: (line: string, details?: unknown) => void;
  /** how often to look for pcscd while it is absent (default 1000 ms) */
  retryMs?: number;
  /** pcscd's socket; libpcsclite honours the same variable */
  socketPath?: string;
  /**
   * Where nfc-pcsc is loaded from (default: the package). Electron passes its copy in .electron-native/,
   * whose @pokusew/pcsclite is built for Electron's ABI (src/build/electron-native.mjs).
   */
  nfcPcscPath?: string;
}

/**
 * nfc-pcsc is required when the port opens, not imported: its native binding then loads only in a process
 * that reads cards (the CLI's qr and db commands never touch it), and from the copy built for the runtime at
 * hand. Loading it needs libpcsclite, not pcscd, so a missing binding is told apart from pcscd not running.
 */
function loadNfcPcsc(path: string | undefined): typeof NfcPcsc {
  return createRequire(import.meta.url)(path ?? 'nfc-pcsc') as typeof NfcPcsc;
}

const DEFAULT_SOCKET = '/run/pcscd/pcscd.comm';
/** pcscd polls vpcd and most readers every 400 ms; a removed card is reported within about two polls */
const CARD_GONE_WAIT_MS = 1_000;
const UID_APDU = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);
const UID_ATTEMPTS = 4;
const UID_RETRY_MS = 60;

interface ReaderEntry {
  readonly reader: Reader;
  /** nfc-pcsc's own SCardDisconnect after a card left, while it runs (see closeReader) */
  disconnecting: Promise<unknown> | null;
  /** resolves once the reader's native status thread has reported once (see closeContext) */
  watching: Promise<void>;
  link: PcscCardLink | null;
  /** resolvers waiting for this reader's card to leave */
  goneWaiters: Set<() => void>;
}

/**
 * true when pcscd accepts a client and answers pcsc-lite's CMD_VERSION (winscard_msg.h: header { size,
 * command = 0x11 } + { major 4, minor 4, rv }, native byte order). A socket that merely accepts is not
 * enough: while pcscd shuts down it still accepts, and `new NFC()` would then spin on the main thread.
 */
export function pcscdAnswers(path: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ path });
    let answer = Buffer.alloc(0);
    const finish = (alive: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(alive);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    timer.unref();
    socket.once('connect', () => {
      const hello = Buffer.alloc(20);
      const le = endianness() === 'LE';
      const u32 = (value: number, at: number) =>
        le ? hello.writeUInt32LE(value, at) : hello.writeUInt32BE(value, at);
      u32(12, 0);
      u32(0x11, 4);
      u32(4, 8);
      u32(4, 12);
      u32(0, 16);
      socket.write(hello);
    });
    socket.on('data', (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
      if (answer.length >= 12) finish(true);
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(answer.length >= 12));
  });
}

/**
 * nfc-pcsc's Reader emits failures of its connect/disconnect as `this.emit(err)` (Reader.js, the status
 * handler): the Error itself is the event name, so no 'error' listener ever sees them. Routes those to
 * `onError` instead.
 */
export function routeMisnamedErrors(reader: Reader, onError: (error: Error) => void): void {
  const emitOriginal = reader.emit.bind(reader);
  reader.emit = ((event: string | symbol | Error, ...args: unknown[]) => {
    if (event instanceof Error) {
      onError(event);
      return true;
    }
    return emitOriginal(event, ...args);
  }) as Reader['emit'];
}

/** `promise`, or undefined after `ms` (unref'd timer) */
function within(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function openPcscPort(options: PcscPortOptions = {}): NfcPort {
  const log = options.log ?? (() => undefined);
  const retryMs = options.retryMs ?? 1_000;
  const socketPath = options.socketPath ?? process.env.PCSCLITE_CSOCK_NAME ?? DEFAULT_SOCKET;
  const listeners: { [E in keyof NfcPortEvents]: Set<NfcPortEvents[E]> } = {
    status: new Set(),
    card: new Set(),
    cardRemoved: new Set(),
  };
  const readers = new Map<string, ReaderEntry>();
  let nfc: NFC | null = null;
  let service: NfcPortStatus['service'] = 'unavailable';
  let nfcPcsc: typeof NfcPcsc | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  /** bumped for every context, so events of a torn-down one are ignored */
  let generation = 0;

  const emit = <E extends keyof NfcPortEvents>(event: E, ...args: Parameters<NfcPortEvents[E]>): void => {
    for (const listener of listeners[event]) {
      try {
        (listener as (...a: Parameters<NfcPortEvents[E]>) => void)(...args);
      } catch (error) {
        log(`nfc: a ${event} listener threw`, { error: String(error) });
      }
    }
  };
  const status = (): NfcPortStatus => ({
    service,
    readers: [...readers.entries()].map(([name, entry]): ReaderState => ({
      name,
      card: entry.link ? entry.link.identity() : null,
    })),
  });
  const statusChanged = (): void => emit('status', status());

  const dropCard = (entry: ReaderEntry, reason: GoneReason = 'nfc.card_removed'): void => {
    const link = entry.link;
    entry.link = null;
    for (const w of entry.goneWaiters) w();
    entry.goneWaiters.clear();
    if (!link) return;
    link.markGone(reason);
    log('nfc: card removed', { reader: link.reader, uid: link.uid });
    emit('cardRemoved', link.identity());
  };

  const scheduleRetry = (): void => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs);
    retry.unref();
  };

  /** contexts being closed; close() waits for them */
  const closing = new Set<Promise<void>>();

  /**
   * Closing a reader while nfc-pcsc's SCardDisconnect (started by a card leaving) is still running hangs
   * the main thread for good in CardReader::Close (uv_thread_join on a status thread that is never
   * cancelled): seen right after a removal. So the native close waits for that disconnect to settle, and
   * for the reader's status thread to be watching.
   */
  const closeContext = async (old: NFC, entries: ReaderEntry[]): Promise<void> => {
    await Promise.all(entries.map((e) => e.disconnecting?.catch(() => undefined)));
    // A card still connected when the context goes keeps pcscd's reader state: the next card on that reader
    // then fails its first APDU (seen with vpcd). Disconnect it, resetting the card, first.
    await Promise.all(
      entries.map((e) => (e.reader.connection ? within(resetAndDisconnect(e.reader), 1_000) : undefined)),
    );

    // A reader closed before its status thread entered SCardGetStatusChange never sends the thread's
    // last async message, so its uv handle keeps the process alive for good (CardReader::HandlerFunction).
    await Promise.all(entries.map((e) => within(e.watching, 1_000)));
    await new Promise((resolve) => setImmediate(resolve));
    for (const entry of entries) {
      try {
        entry.reader.close();
      } catch (error) {
        log('nfc: reader close failed', { error: String(error) });
      }
    }
    try {
      old.close();
    } catch (error) {
      log('nfc: context close failed', { error: String(error) });
    }
  };

  /** ends the current context: every card and reader gone, pcscd looked for again */
  const teardown = (why: string, details?: unknown): void => {
    const old = nfc;
    if (!old) return;
    generation += 1;
    nfc = null;
    log(`nfc: PC/SC context closed (${why})`, details);
    const entries = [...readers.values()];
    for (const entry of entries) dropCard(entry, why === 'closed' ? 'nfc.card_removed' : 'nfc.unavailable');
    readers.clear();
    const done = closeContext(old, entries).finally(() => closing.delete(done));
    closing.add(done);
    service = 'unavailable';
    statusChanged();
    scheduleRetry();
  };

  const onCard = async (entry: ReaderEntry, card: NfcCard, gen: number): Promise<void> => {
    const detectedAt = performance.now();
    const reader = entry.reader;
    const atr = card.atr ? card.atr.toString('hex').toUpperCase() : '';
    // nfc-pcsc's rule (Reader.selectStandardByAtr): PC/SC part 3 contactless ATRs of storage cards carry the
    // RID A0 00 00 03 06 after 80 4F; everything else is treated as ISO 14443-4
    const standard = card.atr && card.atr[5] === 0x4f ? 'TAG_ISO_14443_3' : 'TAG_ISO_14443_4';
    let uid: string | null = null;
    // A card sliding into the field may not answer its first APDU (seen with vpcd right after another card
    // left, and with real readers at the edge of the field): a few tries before the tap is given up.
    for (let attempt = 1; uid === null; attempt++) {
      try {
        // PC/SC part 3, 3.2.2.1.3 GET DATA: UID of the card in the field (4, 7 or 10 bytes) + 90 00
        const response = await reader.transmit(UID_APDU, 12);
        const sw = response.subarray(-2).toString('hex');
        if (response.length < 2 || sw !== '9000') throw new Error(`GET DATA answered ${sw}`);
        uid = response.subarray(0, -2).toString('hex').toUpperCase();
      } catch (error) {
        const gone = gen !== generation || closed || readers.get(reader.name) !== entry;
        if (gone || attempt >= UID_ATTEMPTS) {
          log('nfc: could not read the UID of a card', {
            reader: reader.name,
            atr,
            attempt,
            error: String(error),
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, UID_RETRY_MS));
      }
    }
    if (gen !== generation || closed || readers.get(reader.name) !== entry) return;
    const link: PcscCardLink = new PcscCardLink(
      reader,
      reader.name,
      uid,
      atr,
      standard,
      {
        serviceAlive: () => pcscdAnswers(socketPath),
        readerAttached: () => readers.get(reader.name) === entry,
        cardGone: () => waitCardGone(entry, link),
        log,
      },
      detectedAt,
    );
    entry.link = link;
    log('nfc: card', { reader: reader.name, uid, atr, standard });
    emit('card', link);
    statusChanged();
  };

  const waitCardGone = (entry: ReaderEntry, link: PcscCardLink): Promise<boolean> =>
    new Promise((resolve) => {
      if (entry.link !== link) return resolve(true);
      const timer = setTimeout(() => {
        entry.goneWaiters.delete(done);
        resolve(false);
      }, CARD_GONE_WAIT_MS);
      timer.unref();
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      entry.goneWaiters.add(done);
    });

  const addReader = (reader: Reader, gen: number): void => {
    reader.autoProcessing = false;
    // two 'status' events: get_status's answer and the status thread's first SCardGetStatusChange
    let seen = 0;
    const watching = new Promise<void>((resolve) => {
      const onStatus = (): void => {
        if (++seen < 2) return;
        reader.reader.off('status', onStatus);
        resolve();
      };
      reader.reader.on('status', onStatus);
    });
    const entry: ReaderEntry = { reader, link: null, goneWaiters: new Set(), disconnecting: null, watching };
    const disconnect = reader.disconnect.bind(reader);
    reader.disconnect = () => {
      const running = disconnect();
      entry.disconnecting = running.finally(() => {
        if (entry.disconnecting === running) entry.disconnecting = null;
      });
      return running;
    };
    routeMisnamedErrors(reader, (error) => {
      // a card that left before it could be connected; nothing to report
      log('nfc: card connect failed', { reader: reader.name, error: String(error) });
    });
    reader.on('error', (error: Error) => {
      if (gen !== generation) return;
      teardown('reader error', { reader: reader.name, error: String(error) });
    });
    reader.on('card', (card: NfcCard) => {
      if (gen !== generation) return;
      void onCard(entry, card, gen);
    });
    reader.on('card.off', () => {
      if (gen !== generation || readers.get(reader.name) !== entry) return;
      if (entry.link) {
        dropCard(entry);
        statusChanged();
      }
    });
    reader.on('end', () => {
      if (gen !== generation || readers.get(reader.name) !== entry) return;
      log('nfc: reader detached', { reader: reader.name });
      dropCard(entry, 'nfc.reader_gone');
      readers.delete(reader.name);
      statusChanged();
    });
    readers.set(reader.name, entry);
    log('nfc: reader attached', { reader: reader.name });
    statusChanged();
  };

  const connect = async (): Promise<void> => {
    if (closed || nfc || service === 'not-installed') return;
    if (!nfcPcsc) {
      try {
        nfcPcsc = loadNfcPcsc(options.nfcPcscPath);
      } catch (error) {
        // nfc-pcsc is an optional dependency: without libpcsclite-dev its binding is not built. Said once; the
        // till runs on without NFC (no retry can fix a missing module), and says so instead of "pcscd is not
        // running".
        service = 'not-installed';
        log(`nfc: ${nfcNotInstalledMessage}`, { error: String(error) });
        statusChanged();
        return;
      }
    }
    if (!(await pcscdAnswers(socketPath))) {
      scheduleRetry();
      return;
    }
    if (closed || nfc) return;
    let context: NFC;
    try {
      context = new nfcPcsc.NFC();
    } catch (error) {
      log('nfc: PC/SC context failed', { error: String(error) });
      scheduleRetry();
      return;
    }
    generation += 1;
    const gen = generation;
    nfc = context;
    // an 'error' without a listener would be thrown by EventEmitter: this one stays for the context's life
    context.on('error', (error: Error) => {
      if (gen !== generation) return;
      teardown('context error', { error: String(error) });
    });
    context.on('reader', (reader: Reader) => {
      if (gen !== generation) {
        reader.on('error', () => undefined);
        reader.close();
        return;
      }
      addReader(reader, gen);
    });
    service = 'running';
    log('nfc: PC/SC context open');
    statusChanged();
  };

  void connect();

  return {
    status,
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
    cardOn(reader?: string): CardLink | null {
      if (reader !== undefined) return readers.get(reader)?.link ?? null;
      const links = [...readers.values()].flatMap((e) => (e.link ? [e.link] : []));
      return links.length === 1 ? links[0]! : null;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (retry) clearTimeout(retry);
      retry = null;
      teardown('closed');
      for (const set of Object.values(listeners)) set.clear();
      await Promise.all(closing);
    },
  };
}

/** SCardDisconnect(SCARD_RESET_CARD) of nfc-pcsc's connection; errors only mean it is gone already. */
function resetAndDisconnect(reader: Reader): Promise<void> {
  return new Promise((resolve) => {
    const native = reader.reader;
    native.disconnect(native.SCARD_RESET_CARD, () => {
      reader.connection = null;
      resolve();
    });
  });
}
