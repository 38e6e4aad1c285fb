import type { SqliteDatabase } from '../store/open-store.js';

export type PrintJobKind = 'sale' | 'refund' | 'reprint' | 'drawer' | 'report';
export type PrintJobState = 'queued' | 'sending' | 'printed' | 'cancelled';

export interface PrintJobRow {
  id: number;
  printer_id: string;
  kind: PrintJobKind;
  sale_id: string | null;
  shift_id: string | null;
  document: string | null;
  drawer: 0 | 1;
  reason: string | null;
  state: PrintJobState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  printed_at: string | null;
}

export interface NewPrintJob {
  readonly printerId: string;
  readonly kind: PrintJobKind;
  readonly saleId: string | null;
  /** a report job's shift (schema 13) */
  readonly shiftId?: string | null;
  readonly document: string | null;
  readonly drawer: boolean;
  readonly reason: string | null;
  readonly at: string;
}

/** The print_jobs table (schema 9, reports since 13). Writes run inside the caller's transaction. */
export function createPrintStore(db: SqliteDatabase) {
  const q = {
    insert: db.prepare(
      `INSERT INTO print_jobs (printer_id, kind, sale_id, shift_id, document, drawer, reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    next: db.prepare(
      `SELECT * FROM print_jobs WHERE printer_id = ? AND state IN ('queued', 'sending') ORDER BY id LIMIT 1`,
    ),
    sending: db.prepare(`UPDATE print_jobs SET state = 'sending' WHERE id = ? AND state = 'queued'`),
    printed: db.prepare(
      `UPDATE print_jobs SET state = 'printed', printed_at = ?, last_error = NULL WHERE id = ?`,
    ),
    failed: db.prepare(
      `UPDATE print_jobs SET state = 'queued', attempts = attempts + 1, next_attempt_at = ?, last_error = ?
       WHERE id = ?`,
    ),
    dropDrawer: db.prepare(`UPDATE print_jobs SET drawer = 0 WHERE id = ? AND document IS NOT NULL`),
    interruptedPulses: db.prepare(
      `UPDATE print_jobs SET state = 'cancelled', last_error = ? WHERE state = 'sending' AND document IS NULL`,
    ),
    interrupted: db.prepare(
      `UPDATE print_jobs SET state = 'queued', drawer = 0, last_error = ? WHERE state = 'sending'`,
    ),
    waiting: db.prepare(
      `SELECT printer_id, count(*) AS n FROM print_jobs WHERE state IN ('queued', 'sending') GROUP BY printer_id`,
    ),
    recent: db.prepare(
      `SELECT j.*, s.number AS sale_number FROM print_jobs j LEFT JOIN sales s ON s.id = j.sale_id
       ORDER BY j.id DESC LIMIT ?`,
    ),
    bySale: db.prepare(`SELECT * FROM print_jobs WHERE sale_id = ? ORDER BY id`),
    dueNow: db.prepare(
      `UPDATE print_jobs SET next_attempt_at = NULL WHERE printer_id = ? AND state = 'queued'`,
    ),
    waitingPrinters: db.prepare(
      `SELECT DISTINCT printer_id FROM print_jobs WHERE state IN ('queued', 'sending')`,
    ),
    cancel: db.prepare(
      `UPDATE print_jobs SET state = 'cancelled', last_error = ? WHERE printer_id = ? AND state IN ('queued', 'sending')`,
    ),
  };
  return {
    insert(job: NewPrintJob): number {
      const { lastInsertRowid } = q.insert.run(
        job.printerId,
        job.kind,
        job.saleId,
        job.shiftId ?? null,
        job.document,
        job.drawer ? 1 : 0,
        job.reason,
        job.at,
      );
      return Number(lastInsertRowid);
    },
    /** the oldest job still to print on this printer (jobs print in order) */
    next: (printerId: string) => (q.next.get(printerId) as PrintJobRow | undefined) ?? null,
    markSending: (id: number) => q.sending.run(id).changes === 1,
    markPrinted: (id: number, at: string) => void q.printed.run(at, id),
    markFailed: (id: number, nextAttemptAt: string, error: string) =>
      void q.failed.run(nextAttemptAt, error, id),
    /** too late for the drawer: the receipt still prints */
    dropDrawer: (id: number) => void q.dropDrawer.run(id),
    /**
     * At start: a job left 'sending' was being written when the till died. The printer may or may not have
     * printed it; the receipt is sent again (a customer without one is worse than a second slip) but never
     * the drawer pulse (a drawer must not pop open by itself after a restart).
     */
    requeueInterrupted(): number {
      const note = 'the till stopped while sending this job: sent again without the drawer pulse';
      const pulses = q.interruptedPulses.run('the till stopped while sending this drawer pulse').changes;
      return pulses + q.interrupted.run(note).changes;
    },
    waitingByPrinter: () =>
      new Map((q.waiting.all() as { printer_id: string; n: number }[]).map((r) => [r.printer_id, r.n])),
    recent: (limit: number) => q.recent.all(limit) as (PrintJobRow & { sale_number: number | null })[],
    bySale: (saleId: string) => q.bySale.all(saleId) as PrintJobRow[],
    /** the printer answered again: what waited for it goes now, not at the end of its backoff */
    dueNow: (printerId: string) => void q.dueNow.run(printerId),
    /**
     * Jobs for a printer printers.json no longer names at all are cancelled (and say why), so the status bar
     * does not wait for a printer that is gone. `keep`: the ids still named, valid or not (a typo fixed in
     * the file prints what waited).
     */
    cancelOrphans(keep: ReadonlySet<string>): string[] {
      const gone = (q.waitingPrinters.pluck().all() as string[]).filter((id) => !keep.has(id));
      for (const id of gone) q.cancel.run(`printer ${id} is no longer in printers.json`, id);
      return gone;
    },
  };
}

export type PrintStore = ReturnType<typeof createPrintStore>;
