import type { ReceiptLabels } from '../../core/receipt.js';
import type { receiptEn } from './receipt-en.js';

type SameKeys<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : { readonly [W in keyof T[K]]: string };
};

/** The printed receipt's words in Chinese: the same keys as English (the compiler and a test hold them). */
export const receiptZhCN = {
  taxId: '税号',
  phone: '电话',
  terminal: '收银台',
  receiptNumber: '小票号',
  date: '日期',
  cashier: '收银员',
  duplicate: '重印',
  refund: '退款',
  refundOf: '原小票号',
  refundReason: '原因',
  refundAmount: '退款金额',
  refundToCash: '现金退回',
  refundToWallet: '退回钱包',
  pointsReversed: '扣回积分',
  lineDiscount: '折扣',
  subtotal: '小计',
  discount: '优惠',
  taxIncluded: '含税',
  taxAdded: '另计',
  total: '合计',
  cash: '现金',
  tendered: '实收',
  change: '找零',
  rounding: '抹零',
  storedValue: '储值卡',
  cardBalance: '卡内余额',
  promotion: '支付优惠',
  member: '会员',
  pointsEarned: '本次积分',
  receiptCode: '小票码',
  journal: '流水',
  billCollected: '代收单位',
  billConfirmation: '缴费确认号',
  billPending: '处理中',
  thanks: '谢谢惠顾，欢迎再次光临',
  wallets: {
    wechat: '微信支付',
    alipay: '支付宝',
    unionpay: '银联二维码',
    qqwallet: 'QQ钱包',
    sandbox: '沙箱钱包',
    'offline-code': '离线付款码',
  },
} as const satisfies SameKeys<typeof receiptEn> & ReceiptLabels;
