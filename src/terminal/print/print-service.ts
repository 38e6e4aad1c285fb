import { dirname } from 'node:path';
import { backoffCeilingMs, type BackoffPolicy } from '../../core/backoff.js';
import { TillpointError } from '../../core/errors.js';
import { isTerminalLocale } from '../../core/locale.js';
import { buildReceipt, type ReceiptShop } from '../../core/receipt.js';
import type { ShiftReport } from '../../core/shift-report.js';
import { buildShiftReportDocument } from '../../core/shift-report-document.js';
import type { Handlers } from '../../shared/contract.js';
import type { RefundDto, SaleDto } from '../../shared/dto.js';
import { receiptCatalogs, shiftReportCatalogs } from '../../shared/i18n/receipt-labels.js';
import type { PrintersDto, PrintJobDto, PrintStatusDto } from '../../shared/print-dto.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import type { TerminalEmit } from '../terminal-api.js';
import { demoShop, loadPrinters, loadShop, type PrinterConfig, type PrintersFile } from './print-config.js';
import { createPrintStore, type PrintJobKind, type PrintJobRow } from './print-store.js';
import { saleJournalRef } from '../store/journal-store.js';
import { renderJob, renderSvg, renderText } from './render.js';
import {
  defaultTimeouts,
  printerTarget,
  PrinterNotReady,
  queryPrinter,
  sendToPrinter,
  type PrinterReport,
  type TransportTimeouts,
} from './transport.js';

/** Options a test (or a bench) may set; the till runs with the defaults. */
export interface PrintOptions {
  /** instead of `<data>/printers.json` */
  readonly printers?: PrintersFile;
  /** instead of `<data>/shop.json` */
  readonly shop?: ReceiptShop;
  /** a job that failed waits base * 2^(tries-1) up to the cap (default 1 s to 30 s) */
  readonly retry?: BackoffPolicy;
  /** how often an idle printer is asked for its state (DLE EOT); default 5 s */
  readonly statusIntervalMs?: number;
  readonly timeouts?: TransportTimeouts;
  /** a cash receipt printed later than this after the sale prints without opening the drawer (default 2 min) */
  readonly drawerWindowMs?: number;
}

export interface PrintDeps extends PrintOptions {
  readonly db: SqliteDatabase;
  /** the database file; printers.json and shop.json sit beside it */
  readonly file: string;
  readonly demo: boolean;
  readonly terminalName: () => string;
  /** the terminal's language: the receipt's words */
  readonly locale: () => string;
  readonly sale: (saleId: string) => SaleDto;
  /** the bill a ticket paid (src/terminal/bills), for its confirmation number on the receipt */
  readonly billOf?: (saleId: string) => { biller: string; confirmationNo: string | null } | null;
  readonly now: () => Date;
  readonly log: (line: string, details?: unknown) => void;
  readonly emit: TerminalEmit;
}

const defaultRetry: BackoffPolicy = { baseMs: 1_000, capMs: 30_000 };

/**
 * Receipts on thermal printers. A receipt is a print_jobs row written in the SAME transaction as the sale
 * (or refund) it prints, holding the document as built then; a worker per printer sends the jobs in order
 * after the commit. A printer that is off fails the send, never the sale: the job waits with a growing
 * delay, the status bar says so, and it prints once the printer answers again (a DLE EOT poll notices).
 */
export function createPrint(deps: PrintDeps) {
  const { db, file } = deps;
  const dataDir = dirname(file);
  const store = createPrintStore(db);
  const config = deps.printers ?? loadPrinters(dataDir);
  const fallbackShop: ReceiptShop = deps.demo
    ? demoShop
    : {
        name: deps.terminalName(),
        address: '',
        taxId: '',
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      };
  const shopLoaded = deps.shop ? { shop: deps.shop, problem: null } : loadShop(dataDir, fallbackShop);
  const shop = shopLoaded.shop;
  const retry = deps.retry ?? defaultRetry;
  const timeouts = deps.timeouts ?? defaultTimeouts;
  const drawerWindowMs = deps.drawerWindowMs ?? 120_000;
  const receiptPrinters = config.printers.filter((p) => p.receipts);

  const reports = new Map<string, PrinterReport | null>(config.printers.map((p) => [p.id, null]));
  const busy = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  let poller: NodeJS.Timeout | null = null;
  let closed = false;
  let started = false;

  const stamp = () => deps.now().toISOString();
  const read = <T>(fn: () => T): T => withStoreErrors(file, 'read', fn);
  const write = <T>(fn: () => T): T => withStoreErrors(file, 'change', () => db.transaction(fn).immediate());

  /** `cashier`: a refund's (who made it); a sale's receipt prints who took its payment */
  function document(
    sale: SaleDto,
    duplicate: boolean,
    refund: RefundDto | null = null,
    cashier: string | null = null,
  ): string {
    const locale = deps.locale();
    return buildReceipt({
      sale,
      shop,
      terminalName: deps.terminalName(),
      labels: receiptCatalogs[isTerminalLocale(locale) ? locale : 'en'],
      duplicate,
      cashier: refund ? cashier : (sale.cashier?.name ?? null),
      refund,
      journal: saleJournalRef(db, sale.id, refund === null),
      bill: refund ? null : (deps.billOf?.(sale.id) ?? null),
    });
  }

  /** A shift's X or Z report on paper, in the till's language (a Z printed again is a duplicate). */
  function reportDocument(report: ShiftReport, duplicate: boolean): string {
    const locale = deps.locale();
    return buildShiftReportDocument({
      report,
      shop,
      terminalName: deps.terminalName(),
      labels: shiftReportCatalogs[isTerminalLocale(locale) ? locale : 'en'],
      duplicate,
      printedAt: stamp(),
    });
  }

  /** Inside the caller's transaction: the report on every receipt printer; never a drawer pulse. */
  function queueReport(report: ShiftReport, doc: string, at: string): void {
    for (const p of receiptPrinters) {
      store.insert({
        printerId: p.id,
        kind: 'report',
        saleId: null,
        shiftId: report.shiftId,
        document: doc,
        drawer: false,
        reason: report.close ? `Z ${report.close.zNumber}` : 'X',
        at,
      });
    }
    setImmediate(wake);
  }

  /**
   * The receipt of a sale being committed. Printing never fails a sale: a receipt that cannot be built (a
   * bug, data the document does not expect) is logged and the sale commits without it (Reprint is there);
   * a failed write of the job row (disk full) still fails the whole transaction, like any of its writes.
   */
  function built(make: () => string, saleId: string): string | null {
    try {
      return make();
    } catch (error) {
      deps.log(
        `print: the receipt of sale ${saleId} could not be built; the sale completes without it`,
        error,
      );
      return null;
    }
  }

  /** Inside the caller's transaction: one job per printer that prints receipts or holds the drawer. */
  function queue(
    kind: PrintJobKind,
    sale: SaleDto,
    doc: string,
    cash: boolean,
    reason: string | null,
    at: string,
  ) {
    for (const p of config.printers) {
      const drawer = cash && p.drawer;
      if (!p.receipts && !drawer) continue;
      store.insert({
        printerId: p.id,
        kind,
        saleId: sale.id,
        document: p.receipts ? doc : null,
        drawer,
        reason,
        at,
      });
    }
    // better-sqlite3 commits synchronously: by the time this runs the caller's transaction is over
    setImmediate(wake);
  }

  const printersDto = (): PrintersDto => {
    const waiting = read(() => store.waitingByPrinter());
    const printers = [
      ...config.printers.map((p) => {
        const r = reports.get(p.id) ?? null;
        return {
          id: p.id,
          target: printerTarget(p),
          state: r?.state ?? ('unknown' as const),
          receipts: p.receipts,
          drawer: p.drawer,
          drawerOpen: r?.drawerOpen ?? null,
          problem: r?.problem ?? null,
          waiting: waiting.get(p.id) ?? 0,
        };
      }),
      ...config.problems.map((problem) => ({
        id: problem.id,
        target: '',
        state: 'invalid' as const,
        receipts: false,
        drawer: false,
        drawerOpen: null,
        problem: problem.message,
        waiting: waiting.get(problem.id) ?? 0,
      })),
    ];
    const total = [...waiting.values()].reduce((a, b) => a + b, 0);
    return { printers, waiting: total, shopProblem: shopLoaded.problem };
  };
  const changed = () => {
    if (!closed) deps.emit('print.changed', printersDto());
  };

  function setReport(p: PrinterConfig, report: PrinterReport): void {
    const before = reports.get(p.id);
    reports.set(p.id, report);
    if (before?.state !== report.state || before?.problem !== report.problem) {
      if (report.state !== 'ready')
        deps.log(
          `printer ${p.id} (${printerTarget(p)}): ${report.state}${report.problem ? `: ${report.problem}` : ''}`,
        );
      changed();
    }
  }

  function schedule(p: PrinterConfig, delayMs: number): void {
    clearTimeout(timers.get(p.id));
    if (closed) return;
    const timer = setTimeout(() => void drain(p), Math.max(0, delayMs));
    timer.unref();
    timers.set(p.id, timer);
  }

  /** Sends this printer's waiting jobs in order, one at a time; the first failure waits for its retry. */
  async function drain(p: PrinterConfig): Promise<void> {
    if (busy.has(p.id) || closed || !started) return;
    busy.add(p.id);
    try {
      for (;;) {
        const job = read(() => store.next(p.id));
        if (!job || closed) return;
        const due = job.next_attempt_at === null ? 0 : Date.parse(job.next_attempt_at) - deps.now().getTime();
        if (due > 0) return schedule(p, due);
        const late = deps.now().getTime() - Date.parse(job.created_at) > drawerWindowMs;
        // too late for the drawer (the printer was off for minutes): the receipt alone
        const pulse = job.drawer === 1 && !(late && job.document !== null);
        try {
          const bytes = renderJob(job.document, p, pulse);
          // 'sending' is committed once the printer is reached and ready, just BEFORE the first byte goes
          // out: a restart then knows the printer may have it (print-store.ts requeueInterrupted)
          await sendToPrinter(p, bytes, timeouts, () =>
            write(() => {
              if (!pulse && job.drawer === 1) store.dropDrawer(job.id);
              store.markSending(job.id);
            }),
          );
        } catch (error) {
          if (closed) return;
          const failures = job.attempts + 1;
          const delay = backoffCeilingMs(failures, retry);
          const message = (error as Error).message;
          write(() =>
            store.markFailed(job.id, new Date(deps.now().getTime() + delay).toISOString(), message),
          );
          setReport(
            p,
            error instanceof PrinterNotReady
              ? error.report
              : { state: 'offline', drawerOpen: null, problem: message },
          );
          changed();
          return schedule(p, delay);
        }
        // closed meanwhile (the store with it): the job stays 'sending' and the next start decides
        if (closed) return;
        write(() => store.markPrinted(job.id, stamp()));
        setReport(p, { state: 'ready', drawerOpen: reports.get(p.id)?.drawerOpen ?? null, problem: null });
        changed();
      }
    } finally {
      busy.delete(p.id);
    }
  }

  /** Every printer's queue, now (a job was queued, or a printer came back). */
  function wake(): void {
    for (const p of config.printers) void drain(p);
  }

  /** DLE EOT on every idle printer; one that came back gets its waiting jobs at once. */
  let polling = false;
  async function poll(): Promise<void> {
    if (polling) return;
    polling = true;
    await Promise.all(
      config.printers.map(async (p) => {
        if (busy.has(p.id)) return;
        const report = await queryPrinter(p, timeouts);
        if (closed || busy.has(p.id)) return;
        const was = reports.get(p.id)?.state;
        setReport(p, report);
        if (report.state === 'ready' && was !== 'ready') {
          // back: what waited for it goes now, not at its backoff's end
          write(() => store.dueNow(p.id));
          void drain(p);
        }
      }),
    ).finally(() => (polling = false));
  }

  function mustBeCompleted(saleId: string): SaleDto {
    const sale = deps.sale(saleId);
    if (sale.state !== 'completed') {
      throw new TillpointError('print.not_completed', 'Only a completed sale has a receipt.', {
        saleId,
        state: sale.state,
      });
    }
    return sale;
  }

  const toJob = (r: PrintJobRow & { sale_number: number | null }): PrintJobDto => ({
    id: r.id,
    printerId: r.printer_id,
    kind: r.kind,
    saleId: r.sale_id,
    saleNumber: r.sale_number,
    state: r.state,
    drawer: r.drawer === 1,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    printedAt: r.printed_at,
  });
  const status = (): PrintStatusDto => ({ ...printersDto(), jobs: read(() => store.recent(20)).map(toJob) });

  const handlers = {
    'receipt.preview': ({ saleId, duplicate }) => {
      const sale = mustBeCompleted(saleId);
      const cpl = receiptPrinters[0]?.cpl ?? 42;
      const doc = document(sale, duplicate ?? false);
      return { svg: renderSvg(doc, cpl), text: renderText(doc, cpl), cpl };
    },
    'receipt.print': ({ saleId }) => {
      const sale = mustBeCompleted(saleId);
      if (receiptPrinters.length === 0) {
        throw new TillpointError('print.no_printer', 'No receipt printer is set up (printers.json).', {
          saleId,
        });
      }
      const doc = document(sale, true);
      write(() => queue('reprint', sale, doc, false, null, stamp()));
      changed();
      return { jobs: receiptPrinters.length, status: status() };
    },
    'print.status': () => status(),
  } satisfies Pick<Handlers, 'receipt.preview' | 'receipt.print' | 'print.status'>;

  return {
    handlers,
    /** In the sale's completion transaction: its receipt, with the drawer pulse when cash was taken. */
    saleCompleted(sale: SaleDto, at: string): void {
      if (config.printers.length === 0) return;
      const doc = built(() => document(sale, false), sale.id);
      if (doc !== null)
        queue(
          'sale',
          sale,
          doc,
          sale.payments.some((p) => p.method === 'cash'),
          null,
          at,
        );
    },
    /**
     * In the transaction that records a biller's confirmation: the receipt printed at completion said
     * "pending" (the drawer could not wait for the biller), so a copy marked as such now carries the
     * biller's confirmation number, the proof the customer keeps.
     */
    billerConfirmed(saleId: string, at: string): void {
      if (receiptPrinters.length === 0) return;
      const sale = deps.sale(saleId);
      const doc = built(() => document(sale, true), saleId);
      if (doc !== null) queue('reprint', sale, doc, false, 'bill confirmed', at);
      setImmediate(changed);
    },
    /** In the refund's transaction: the refund receipt, with the drawer pulse when cash went back. */
    refunded(refund: RefundDto, at: string, cashier: { name: string } | null): void {
      if (config.printers.length === 0) return;
      const sale = deps.sale(refund.saleId);
      const doc = built(() => document(sale, false, refund, cashier?.name ?? null), sale.id);
      if (doc !== null) queue('refund', sale, doc, refund.method === 'cash', refund.reason, at);
    },
    /**
     * In the close's transaction: the Z report on the receipt printers, waiting like a receipt when the
     * printer is off. A report that cannot be built is logged and the close still commits (print it again
     * from the shift list).
     */
    shiftClosed(report: ShiftReport, at: string): void {
      if (receiptPrinters.length === 0) return;
      let doc: string;
      try {
        doc = reportDocument(report, false);
      } catch (error) {
        deps.log(`print: the Z report of shift ${report.shiftId} could not be built`, error);
        return;
      }
      queueReport(report, doc, at);
    },
    /** shift.print: an X report of the open shift, or a closed shift's Z report again (a duplicate). */
    printShiftReport(report: ShiftReport): { jobs: number; status: PrintStatusDto } {
      if (receiptPrinters.length === 0) {
        throw new TillpointError('print.no_printer', 'No receipt printer is set up (printers.json).', {
          shiftId: report.shiftId,
        });
      }
      const doc = reportDocument(report, report.kind === 'Z');
      write(() => queueReport(report, doc, stamp()));
      changed();
      return { jobs: receiptPrinters.length, status: status() };
    },
    /** Opens the cash drawer with no receipt (no-sale, cash in/out); answers how many drawers were pulsed. */
    openDrawer(reason: string): number {
      const drawers = config.printers.filter((p) => p.drawer);
      write(() => {
        const at = stamp();
        for (const p of drawers) {
          store.insert({
            printerId: p.id,
            kind: 'drawer',
            saleId: null,
            document: null,
            drawer: true,
            reason,
            at,
          });
        }
      });
      setImmediate(wake);
      return drawers.length;
    },
    printers: printersDto,
    start(): void {
      if (started) return;
      started = true;
      const requeued = write(() => store.requeueInterrupted());
      if (requeued > 0)
        deps.log(
          `print: ${requeued} job(s) were being sent when the till stopped: sent again without the drawer pulse`,
        );
      for (const problem of config.problems) deps.log(`printer not used: ${problem.message}`);
      const named = new Set([...config.printers, ...config.problems].map((p) => p.id));
      for (const id of write(() => store.cancelOrphans(named))) {
        deps.log(`print: jobs for printer ${id} cancelled: it is no longer in printers.json`);
      }
      if (shopLoaded.problem) deps.log(`shop details not used: ${shopLoaded.problem}`);
      if (config.printers.length === 0) return;
      wake();
      void poll();
      poller = setInterval(() => void poll(), deps.statusIntervalMs ?? 5_000);
      poller.unref();
    },
    close(): void {
      closed = true;
      if (poller) clearInterval(poller);
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}

export type Print = ReturnType<typeof createPrint>;
