import type { ReceiptLabels } from '../../core/receipt.js';
import type { TerminalLocale } from '../../core/locale.js';
import { receiptEn } from './receipt-en.js';
import { receiptZhCN } from './receipt-zh-CN.js';

/** The receipt catalogs by the terminal's language. */
export const receiptCatalogs: Readonly<Record<TerminalLocale, ReceiptLabels>> = {
  en: receiptEn,
  'zh-CN': receiptZhCN,
};
