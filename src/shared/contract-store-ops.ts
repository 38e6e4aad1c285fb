import { z } from 'zod';
import { staffPinParam } from './kiosk-dto.js';
import { bySale, needs, none, saleRef, signedOut, write } from './contract-method.js';
import { minorUnits as minorUnitsParam, uuid } from './dto.js';
import { printStatusDto, receiptPreviewDto } from './print-dto.js';
import { returnAllocationParam, returnDto, returnLineParam } from './return-dto.js';
import {
  cashMovementDto,
  drawerCountDto,
  shiftReportWithChartsDto,
  shiftStatusDto,
  shiftSummaryDto,
} from './shift-dto.js';
import {
  approvalDto,
  journalEntryDto,
  permissionDto,
  staffCredential,
  staffSessionDto,
} from './staff-dto.js';
/** The contract's methods for running a shop's day: staff and sign-in, the journal, receipt printers, shifts. */
export const storeOperationMethods = {
  // Staff. Each screen (WebSocket, window) has its own sign-in; the dispatcher checks permissions.
  /** Signs in on this screen by PIN (4-6 digits) or badge; a wrong PIN counts towards the till's lockout. */
  'staff.signIn': signedOut(write(staffCredential, staffSessionDto)),
  /** Signs out of this screen (the Lock button); the open ticket stays for the next cashier. */
  'staff.lock': signedOut(write(none, staffSessionDto)),
  /** Who is signed in on this screen (null once it idled past the limit). */
  'staff.current': signedOut(write(none, staffSessionDto)),
  /**
   * The first-run screen: adds the till's first manager (name and PIN), only while the till has no staff
   * at all (staff.already_set_up otherwise); journaled. The till then locks and asks for sign-in.
   */
  'staff.addFirstManager': signedOut(
    write(z.object({ name: z.string().max(200), pin: staffPinParam }).strict(), staffSessionDto),
  ),
  /**
   * A manager (or anyone holding the permission) approves one action: a one-time token, bound to the
   * permission and the subject (the sale), that the retried call passes as `approval`. Journaled, as is a
   * refusal of an approver without the permission.
   */
  'staff.approve': signedOut(
    write(
      z
        .object({
          credential: staffCredential,
          permission: permissionDto,
          subject: z.string().max(100),
        })
        .strict(),
      approvalDto,
    ),
  ),
  /** The journal (approvals, refusals, lockouts, kiosk PIN events), newest first. */
  'journal.list': needs(
    'write',
    {
      kinds: z.array(z.string().max(64)).min(1).max(20).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    },
    z.array(journalEntryDto),
    'journal.read',
  ),

  /** Settings: writes the support archive (versions, configuration without secrets, logs) into the data folder. */
  'diagnostics.create': write(none, z.object({ file: z.string(), bytes: z.number().int().min(0) })),

  // Printing: receipts on thermal printers (printers.json), the same document as SVG for the screen.
  /** The receipt of a completed sale as SVG (and text); `duplicate` shows it as a reprint would print. */
  'receipt.preview': write(
    z.object({ ...saleRef, duplicate: z.boolean().optional() }).strict(),
    receiptPreviewDto,
  ),
  /** Reprints a completed sale's receipt on every receipt printer, marked as a duplicate; no drawer pulse. */
  'receipt.print': write(
    z.object(saleRef).strict(),
    z.object({ jobs: z.number().int().min(0), status: printStatusDto }),
  ),
  /** The printers (DLE EOT state, jobs waiting) and the latest print jobs. */
  'print.status': write(none, printStatusDto),
  /**
   * A partial return: some lines or quantities of a completed sale come back, paid back to the sale's own
   * payments (proportionally, or as `allocation` says). Cumulative returns never exceed the sale. A sale the
   * hub has not received yet may be returned in cash up to the offline policy's per-shift limit
   * (`unsyncedCashRefunds`); a wallet's part goes to its provider. `returnId` (made once by the screen):
   * a repeated call answers the same return, and tries its failed refunds again.
   */
  'sale.return': needs(
    'write',
    {
      ...saleRef,
      returnId: uuid,
      lines: z.array(returnLineParam).min(1).max(200),
      reason: z.string().trim().min(1).max(200),
      allocation: returnAllocationParam.optional(),
    },
    returnDto,
    'refund',
    bySale,
  ),
  /** The returns of one sale, oldest first. */
  'sale.returns': write(z.object(saleRef).strict(), z.array(returnDto)),

  // Shifts. One open shift per till; the drawer opens (print service hook) on open, cash in/out and no-sale.
  /** The open shift (if any), shift.json's `required`, and the count pad's denominations. Never the expected cash. */
  'shift.status': write(none, shiftStatusDto),
  /** Opens a shift with the float counted by denomination (shift.already_open if one is open). */
  'shift.open': write(z.object({ count: drawerCountDto }).strict(), shiftStatusDto),
  /** Cash put in or taken out of the drawer, with a reason. */
  'shift.cashMove': needs(
    'write',
    {
      kind: z.enum(['in', 'out']),
      amount: minorUnitsParam.pipe(z.number().min(1)),
      reason: z.string().trim().min(1).max(200),
    },
    cashMovementDto,
    'cash.inOut',
    (p) => `cash.${p.kind}:${p.amount}`,
  ),
  /** Opens the drawer without a sale (journaled). */
  'shift.noSale': needs(
    'write',
    { reason: z.string().trim().min(1).max(200).optional() },
    cashMovementDto,
    'drawer.noSale',
  ),
  /** The open shift's X report (nothing resets). */
  'shift.xReport': write(none, shiftReportWithChartsDto),
  /**
   * Closes the shift with a blind count: answers the Z report, or shift.note_required (details.variance)
   * when the variance is over shift.json's tolerance and there is no note.
   */
  'shift.close': needs(
    'write',
    { count: drawerCountDto, note: z.string().trim().max(500).nullable().optional() },
    shiftReportWithChartsDto,
    'shift.close',
  ),
  /** Closed shifts, newest Z first. */
  'shift.list': write(
    z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    z.array(shiftSummaryDto),
  ),
  /** A closed shift's Z report as it was closed. */
  'shift.get': write(z.object({ shiftId: z.string().min(1).max(64) }).strict(), shiftReportWithChartsDto),
  /**
   * Prints a shift report on every receipt printer: the open shift's X report (no shiftId), or a closed
   * shift's Z report again, marked as a duplicate. The same numbers the shift screen shows (shift.xReport,
   * shift.get) and so no permission beyond them; the close itself prints its Z report.
   */
  'shift.print': write(
    z.object({ shiftId: z.string().min(1).max(64).optional() }).strict(),
    z.object({ jobs: z.number().int().min(0), status: printStatusDto }),
  ),
} as const;
