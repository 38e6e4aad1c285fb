import type { ReceiptLabels } from '../../core/receipt.js';
import type { ShiftReportLabels } from '../../core/shift-report-document.js';
import type { TerminalLocale } from '../../core/locale.js';
import { receiptEn } from './receipt-en.js';
import { receiptZhCN } from './receipt-zh-CN.js';
import { shiftReportEn } from './shift-report-en.js';
import { shiftReportZhCN } from './shift-report-zh-CN.js';

/** The receipt catalogs by the terminal's language. */
export const receiptCatalogs: Readonly<Record<TerminalLocale, ReceiptLabels>> = {
  en: receiptEn,
  'zh-CN': receiptZhCN,
};

/** The printed X and Z reports' catalogs by the terminal's language. */
export const shiftReportCatalogs: Readonly<Record<TerminalLocale, ShiftReportLabels>> = {
  en: shiftReportEn,
  'zh-CN': shiftReportZhCN,
};
