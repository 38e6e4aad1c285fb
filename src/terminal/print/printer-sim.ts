import { appendFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { interpretEscPos, printedSomething, type PrintedJob } from './escpos-interpreter.js';

/** What the virtual printer says to DLE EOT, and whether it takes jobs. */
export interface SimState {
  paperOut: boolean;
  coverOpen: boolean;
  drawerOpen: boolean;
}

export interface SimJob extends PrintedJob {
  /** 1, 2, ... in the order the jobs ended */
  readonly job: number;
  readonly at: string;
}

export interface PrinterSim {
  readonly port: number;
  readonly jobs: readonly SimJob[];
  set(state: Partial<SimState>): void;
  /** resolves once `count` jobs were printed (or rejects after `timeoutMs`) */
  waitForJobs(count: number, timeoutMs?: number): Promise<readonly SimJob[]>;
  close(): Promise<void>;
}

export interface PrinterSimOptions {
  readonly port: number;
  readonly host?: string;
  readonly state?: Partial<SimState>;
  /** each job also goes to this file as one JSON line */
  readonly out?: string;
  readonly onJob?: (job: SimJob) => void;
}

/** DLE EOT n's one-byte answer (fixed bits 1 and 4 set, as ESC/POS specifies). */
function statusByte(n: number, s: SimState): number {
  if (n === 1) return 0x12 | (s.drawerOpen ? 0x04 : 0) | (s.paperOut || s.coverOpen ? 0x08 : 0);
  if (n === 2) return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0);
  if (n === 4) return 0x12 | (s.paperOut ? 0x60 : 0);
  return 0x12;
}

/**
 * A virtual ESC/POS network printer on 127.0.0.1 (port 9100 style): each connection is one job, ended when
 * the till half-closes; DLE EOT is answered at once, as a printer answers it in real time. Paper out or
 * cover open answer so and print nothing. Jobs are interpreted (escpos-interpreter.ts) and kept.
 */
export async function startPrinterSim(options: PrinterSimOptions): Promise<PrinterSim> {
  const state: SimState = { paperOut: false, coverOpen: false, drawerOpen: false, ...options.state };
  const jobs: SimJob[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    // the last two bytes of the previous chunk: a DLE EOT split across packets is still answered
    let tail = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const scan = Buffer.concat([tail, chunk]);
      for (let i = 0; i + 2 < scan.length; i++) {
        if (scan[i] === 0x10 && scan[i + 1] === 0x04 && i + 2 >= tail.length) {
          socket.write(Buffer.from([statusByte(scan[i + 2] ?? 0, state)]));
          i += 2;
        }
      }
      tail = scan.subarray(Math.max(0, scan.length - 2));
    });
    socket.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const printed = interpretEscPos(bytes);
      // a printer without paper or with its cover open prints nothing of what it is sent
      if (printedSomething(printed) && !state.paperOut && !state.coverOpen) {
        const job: SimJob = { job: jobs.length + 1, at: new Date().toISOString(), ...printed };
        jobs.push(job);
        if (options.out) appendFileSync(options.out, `${JSON.stringify(job)}\n`);
        options.onJob?.(job);
        for (const wake of waiters) wake();
      }
      socket.end();
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    port,
    jobs,
    set(next) {
      Object.assign(state, next);
    },
    waitForJobs(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (jobs.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(jobs);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the virtual printer got ${jobs.length} of ${count} jobs in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
