import type { enSplit } from './en-split.js';

/** 组合支付与抹零：已付部分、还需支付、作废时退还已付款项（简体中文）。 */
export const zhCNSplit: Record<keyof typeof enSplit, string> = {
  'split.paidParts': '已付',
  'split.partCash': '现金',
  'split.partCard': '储值卡',
  'split.left': '还需支付',
  'split.partTaken': '已收 {amount}，还需支付 {left}。',
  'cash.rounding': '抹零',
  'cash.part': '先收这部分',
  'cash.partHint': '不够应收金额：可先收这部分，余款用其他方式支付。',
  'void.paidParts': '这一单已付了部分款项。作废前会先退还：',
  'void.backCash': '从钱箱退现金 {amount}',
  'void.backWallet': '{amount} 原路退回{wallet}',
  'void.backCard': '储值卡支付的 {amount} 以现金退还',
};
