import { constants, promises as fs } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { PrinterConfig } from './print-config.js';

/** What a printer said about itself (DLE EOT), or that it did not answer. */
export type PrinterState = 'ready' | 'offline' | 'paper-out' | 'cover-open';

export interface PrinterReport {
  readonly state: PrinterState;
  /** the drawer kick-out connector's pin 3 (true: the drawer reports open); null when unknown */
  readonly drawerOpen: boolean | null;
  /** why it is offline (a socket error, a timeout, a missing device file) */
  readonly problem: string | null;
}

export interface TransportTimeouts {
  /** connecting to a TCP printer, or a status answer */
  readonly connectMs: number;
  /** the printer taking the bytes and closing */
  readonly writeMs: number;
}

/** A printer that answered DLE EOT with paper out, cover open or offline: nothing was sent. */
export class PrinterNotReady extends Error {
  constructor(readonly report: PrinterReport) {
    super(`the printer reports ${report.state}`);
  }
}

export const defaultTimeouts: TransportTimeouts = { connectMs: 2_000, writeMs: 10_000 };

/** Where a printer is, for logs and the status bar. */
export const printerTarget = (p: PrinterConfig): string =>
  p.kind === 'tcp' ? `${p.host}:${p.port}` : p.path;

function withSocket<T>(
  p: Extract<PrinterConfig, { kind: 'tcp' }>,
  timeouts: TransportTimeouts,
  work: (socket: Socket, done: (value: T) => void, fail: (error: Error) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const socket = connect({ host: p.host, port: p.port });
    let settled = false;
    const finish = (error: Error | null, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(value as T);
    };
    let timer = setTimeout(
      () => finish(new Error(`no connection to ${p.host}:${p.port} within ${timeouts.connectMs} ms`)),
      timeouts.connectMs,
    );
    socket.on('error', (error) => finish(error));
    socket.on('connect', () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish(new Error(`${p.host}:${p.port} did not take the job within ${timeouts.writeMs} ms`)),
        timeouts.writeMs,
      );
      work(
        socket,
        (value) => finish(null, value),
        (error) => finish(error),
      );
    });
  });
}

/**
 * Sends one job over TCP (port 9100, "raw" printing): connect, ask DLE EOT 1/2/4 on the same connection,
 * and only when the printer is ready (or does not answer status at all: some network adapters never do)
 * write the job and half-close (FIN after the last byte); the job counts as sent once the printer closes
 * its side. A printer out of paper or with its cover open fails the send: the job waits, it is not lost in
 * a printer that cannot print it.
 */
function sendTcp(
  p: Extract<PrinterConfig, { kind: 'tcp' }>,
  bytes: Buffer,
  t: TransportTimeouts,
  beforeWrite: () => void,
) {
  return withSocket<void>(p, t, (socket, done, fail) => {
    const answers: number[] = [];
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      clearTimeout(noStatus);
      socket.on('close', () => done());
      socket.on('end', () => done());
      try {
        beforeWrite();
      } catch (error) {
        fail(error as Error);
        return;
      }
      socket.end(bytes);
    };
    const noStatus = setTimeout(send, Math.min(t.connectMs, 1_000));
    socket.on('data', (chunk: Buffer) => {
      if (sent) return;
      answers.push(...chunk);
      if (answers.length < 3) return;
      const report = decodeStatus(answers);
      if (report.state === 'ready') send();
      else {
        clearTimeout(noStatus);
        fail(new PrinterNotReady(report));
      }
    });
    socket.write(STATUS_ASKS);
  });
}

/**
 * Appends a job to a device file (/dev/usb/lp0: Linux's usblp driver, no libusb). Never creates the file:
 * a missing device is an offline printer, not a new file in /dev. A FIFO standing in for the device is
 * opened non-blocking, so one with no reader fails (ENXIO) instead of hanging a thread.
 */
async function sendDevice(
  p: Extract<PrinterConfig, { kind: 'device' }>,
  bytes: Buffer,
  beforeWrite: () => void,
): Promise<void> {
  const stat = await fs.stat(p.path);
  const flags = constants.O_WRONLY | constants.O_APPEND | (stat.isFIFO() ? constants.O_NONBLOCK : 0);
  const handle = await fs.open(p.path, flags);
  try {
    beforeWrite();
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset);
      offset += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/** Sends a job; `beforeWrite` runs (synchronously) once the printer is reached and ready, before the first byte. */
export function sendToPrinter(
  p: PrinterConfig,
  bytes: Buffer,
  t: TransportTimeouts,
  beforeWrite: () => void,
): Promise<void> {
  return p.kind === 'tcp' ? sendTcp(p, bytes, t, beforeWrite) : sendDevice(p, bytes, beforeWrite);
}

// ESC/POS DLE EOT n: real-time status, one byte each. n=1 printer (bit 3 offline, bit 2 drawer pin 3),
// n=2 offline cause (bit 2 cover open), n=4 roll paper sensor (bits 5-6 paper end). Asked together.
const STATUS_ASKS = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);

function decodeStatus([printer = 0, cause = 0, paper = 0]: readonly number[]): PrinterReport {
  const drawerOpen = (printer & 0x04) !== 0;
  if ((paper & 0x60) !== 0) return { state: 'paper-out', drawerOpen, problem: null };
  if ((cause & 0x04) !== 0) return { state: 'cover-open', drawerOpen, problem: null };
  if ((printer & 0x08) !== 0) return { state: 'offline', drawerOpen, problem: 'the printer reports offline' };
  return { state: 'ready', drawerOpen, problem: null };
}

/** Asks a TCP printer for its state with DLE EOT 1, 2 and 4; no answer in time is offline. */
function statusTcp(p: Extract<PrinterConfig, { kind: 'tcp' }>, t: TransportTimeouts): Promise<PrinterReport> {
  return withSocket<PrinterReport>(p, { connectMs: t.connectMs, writeMs: t.connectMs }, (socket, done) => {
    const answers: number[] = [];
    socket.on('data', (chunk: Buffer) => {
      answers.push(...chunk);
      if (answers.length >= 3) done(decodeStatus(answers));
    });
    socket.write(STATUS_ASKS);
  });
}

async function statusDevice(p: Extract<PrinterConfig, { kind: 'device' }>): Promise<PrinterReport> {
  await fs.access(p.path, constants.W_OK);
  return { state: 'ready', drawerOpen: null, problem: null };
}

/** The printer's state; an error (refused, timeout, no device) is an offline printer with the reason. */
export async function queryPrinter(
  p: PrinterConfig,
  t: TransportTimeouts = defaultTimeouts,
): Promise<PrinterReport> {
  try {
    return await (p.kind === 'tcp' ? statusTcp(p, t) : statusDevice(p));
  } catch (error) {
    return { state: 'offline', drawerOpen: null, problem: (error as Error).message };
  }
}
