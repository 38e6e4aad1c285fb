import { TillpointError } from '../core/errors.js';
import type { NdefRecord } from '../core/ndef.js';
import { identifyCard } from '../terminal/nfc/identify-card.js';
import {
  nfcNotInstalledMessage,
  type CardLink,
  type NfcPort,
  type NfcPortStatus,
} from '../terminal/nfc/nfc-port.js';
import { readNdef, writeNdef } from '../terminal/cards/ntag-ndef.js';
import { exitCodes, printJson, printJsonFailure, usageError, type ExitCode } from './cli-failure.js';

/**
 * `tillpoint nfc readers | read | write-ndef`: one JSON object on stdout. Failures print
 * `{"error": {"code", "message"}}` and exit 1. The port is nfc-pcsc through pcscd, as in the till.
 */
export interface NfcCommandOptions {
  readonly timeoutS: number;
  readonly text?: string;
  readonly lang?: string;
  readonly uri?: string;
  /** where nfc-pcsc is loaded from (default: the package); tests point it at a missing one */
  readonly nfcPcscPath?: string;
}

/** Why no card can be read at all: the binding is missing, or pcscd is not running. */
function serviceDown(status: NfcPortStatus): TillpointError | null {
  if (status.service === 'not-installed') {
    return new TillpointError('nfc.not_installed', nfcNotInstalledMessage);
  }
  if (status.service === 'unavailable') {
    return new TillpointError(
      'nfc.unavailable',
      'The PC/SC service (pcscd) is not running. Start it and try again.',
    );
  }
  return null;
}

const print = printJson;

const fail = printJsonFailure;

/** The first card on any reader (one already there counts), or nfc.no_card after the timeout. */
function waitForCard(port: NfcPort, timeoutS: number): Promise<CardLink> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const status = port.status();
      reject(
        serviceDown(status) ??
          (status.readers.length === 0
            ? new TillpointError('nfc.no_reader', 'No card reader is connected.')
            : new TillpointError('nfc.no_card', `No card was placed on the reader within ${timeoutS} s.`)),
      );
    }, timeoutS * 1000);
    const off = port.on('card', (link) => {
      clearTimeout(timer);
      off();
      resolve(link);
    });
    const present = port.cardOn();
    if (present) {
      clearTimeout(timer);
      off();
      resolve(present);
    }
  });
}

/**
 * Waits until pcscd answered and its readers were listed (they arrive one event each, just after the
 * context opens), or the time is up; then the status is what it is.
 */
function settle(port: NfcPort, ms: number): Promise<void> {
  const READERS_GRACE_MS = 500;
  return new Promise((resolve) => {
    let grace: NodeJS.Timeout | null = null;
    const timer = setTimeout(done, ms);
    const check = () => {
      const s = port.status();
      // nothing to wait for: the binding will not appear
      if (s.service === 'not-installed') return done();
      if (s.service !== 'running') return;
      if (s.readers.length > 0) done();
      else grace ??= setTimeout(done, READERS_GRACE_MS);
    };
    const off = port.on('status', check);
    check();
    function done() {
      clearTimeout(timer);
      if (grace) clearTimeout(grace);
      off();
      resolve();
    }
  });
}

export function ndefRecordFromOptions(o: NfcCommandOptions): NdefRecord {
  if ((o.text === undefined) === (o.uri === undefined)) {
    throw usageError('usage.writeNdefOne');
  }
  if (o.uri !== undefined) return { kind: 'uri', uri: o.uri };
  return { kind: 'text', text: o.text ?? '', lang: o.lang ?? 'en' };
}

export async function nfcCommand(sub: string | undefined, o: NfcCommandOptions): Promise<ExitCode> {
  if (sub !== 'readers' && sub !== 'read' && sub !== 'write-ndef') {
    throw usageError('usage.unknownNfcCommand', { command: sub ?? '' });
  }
  const record = sub === 'write-ndef' ? ndefRecordFromOptions(o) : null;
  const { openPcscPort } = await import('../terminal/nfc/pcsc-port.js');
  const port = openPcscPort({ log: () => {}, ...(o.nfcPcscPath ? { nfcPcscPath: o.nfcPcscPath } : {}) });
  try {
    await settle(port, 2_000);
    const down = serviceDown(port.status());
    if (sub === 'readers' || down?.code === 'nfc.not_installed') {
      if (down) return fail(down);
      const status = port.status();
      print({ service: status.service, readers: status.readers });
      return exitCodes.ok;
    }
    const link = await waitForCard(port, o.timeoutS);
    const card = { reader: link.reader, uid: link.uid, atr: link.atr, standard: link.standard };
    if (record) {
      const written = await writeNdef(link, [record]);
      print({ ...card, ...written });
      return exitCodes.ok;
    }
    const kind = await identifyCard(link);
    if (kind.kind !== 'ntag') {
      print({ ...card, ...kind });
      return exitCodes.ok;
    }
    print({ ...card, ...kind, ...(await readNdef(link)) });
    return exitCodes.ok;
  } catch (error) {
    return fail(error);
  } finally {
    await port.close();
  }
}
