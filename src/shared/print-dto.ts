import { z } from 'zod';

/** A receipt printer as the status bar shows it. */
export const printerStatusDto = z.object({
  id: z.string(),
  /** host:port or the device path */
  target: z.string(),
  /** unknown: not asked yet; invalid: its printers.json entry is wrong (see problem) */
  state: z.enum(['unknown', 'ready', 'offline', 'paper-out', 'cover-open', 'invalid']),
  receipts: z.boolean(),
  drawer: z.boolean(),
  /** what DLE EOT said about the drawer (TCP printers with a drawer); null when not known */
  drawerOpen: z.boolean().nullable(),
  /** why it is offline or invalid, for the manager; null when ready */
  problem: z.string().nullable(),
  /** jobs waiting for this printer */
  waiting: z.number().int().min(0),
});
export type PrinterStatusDto = z.infer<typeof printerStatusDto>;

/** The printers and how many jobs wait: nothing about any sale (every window receives print.changed). */
export const printersDto = z.object({
  printers: z.array(printerStatusDto),
  waiting: z.number().int().min(0),
  /** shop.json could not be used: receipts print with the fallback shop details */
  shopProblem: z.string().nullable(),
});
export type PrintersDto = z.infer<typeof printersDto>;

export const printJobDto = z.object({
  id: z.number().int(),
  printerId: z.string(),
  /** report: a shift's X or Z report */
  kind: z.enum(['sale', 'refund', 'reprint', 'drawer', 'report']),
  saleId: z.string().nullable(),
  saleNumber: z.number().int().nullable(),
  state: z.enum(['queued', 'sending', 'printed', 'cancelled']),
  drawer: z.boolean(),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  printedAt: z.iso.datetime().nullable(),
});
export type PrintJobDto = z.infer<typeof printJobDto>;

/** print.status: the printers and the latest jobs (the cashier's window only). */
export const printStatusDto = printersDto.extend({ jobs: z.array(printJobDto) });
export type PrintStatusDto = z.infer<typeof printStatusDto>;

/** receipt.preview: the receipt document rendered as SVG for the screen, and as text. */
export const receiptPreviewDto = z.object({
  svg: z.string(),
  text: z.string(),
  /** characters per line it was laid out for (the receipt printer's, or 42) */
  cpl: z.number().int(),
});
export type ReceiptPreviewDto = z.infer<typeof receiptPreviewDto>;
