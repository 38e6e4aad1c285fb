import type { Translate } from './translate.js';

const named = {
  wechat: 'wallet.wechat',
  alipay: 'wallet.alipay',
  unionpay: 'wallet.unionpay',
  qqwallet: 'wallet.qqwallet',
  sandbox: 'wallet.sandbox',
  'offline-code': 'wallet.offlineCode',
} as const;

/**
 * A wallet as the cashier and the customer call it (微信支付, Alipay ...), from the id a payment records.
 * Any other id is a static-QR scheme the shop named itself, shown as written.
 */
export function walletName(t: Translate, wallet: string): string {
  return Object.hasOwn(named, wallet) ? t(named[wallet as keyof typeof named]) : wallet;
}
