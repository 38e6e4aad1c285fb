import type { ShiftReportLabels } from '../../core/shift-report-document.js';
import { receiptZhCN } from './receipt-zh-CN.js';
import type { shiftReportEn } from './shift-report-en.js';

type SameKeys<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : { readonly [W in keyof T[K]]: string };
};

/** The printed X and Z reports' words in Chinese: the same keys as English (the compiler holds them). */
export const shiftReportZhCN = {
  xTitle: 'X 报表（班中）',
  zTitle: 'Z 报表（交班）',
  duplicate: '重印',
  taxId: receiptZhCN.taxId,
  terminal: receiptZhCN.terminal,
  zNumber: 'Z 序号',
  openedAt: '开班时间',
  openedBy: '开班人',
  closedAt: '交班时间',
  closedBy: '交班人',
  printedAt: '打印时间',
  sales: '销售',
  tenders: '按支付方式',
  refunds: '退款',
  voids: '作废单',
  discounts: '折扣优惠',
  promotions: '支付优惠',
  topUps: '储值卡充值',
  billPayments: '代收缴费',
  billRefundsOwed: '待退款：缴费被拒',
  taxes: '按税率',
  firstReceipt: '首张小票',
  lastReceipt: '末张小票',
  cashDrawer: '钱箱现金',
  openingFloat: '备用金',
  cashSales: '现金销售',
  cashRefunds: '现金退款',
  cashTopUps: '现金充值',
  cashIn: '存入',
  cashOut: '取出',
  expected: '应有现金',
  counted: '实点现金',
  variance: '差额',
  note: '备注',
  noSales: '开钱箱（无销售）',
  signature: '签字',
  cash: receiptZhCN.cash,
  storedValue: receiptZhCN.storedValue,
  bankQr: '银行二维码',
  count: '{count} 笔',
  wallets: receiptZhCN.wallets,
} as const satisfies SameKeys<typeof shiftReportEn> & ShiftReportLabels;
