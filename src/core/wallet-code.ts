/**
 * Payment codes a customer's wallet app shows for "barcode pay" (the merchant scans the customer). They are
 * digit strings and stay strings: 18-24 digits do not fit a double, and leading digits carry the wallet.
 *
 * - WeChat Pay: 18 digits starting 10-15 (WeChat Pay micropay API, auth_code: "18位纯数字，以10、11、12、13、
 *   14、15开头").
 * - Alipay: 16-24 digits starting 25-30 (Alipay alipay.trade.pay, auth_code: "25~30开头的长度为16~24位的数字").
 * - UnionPay: 19 digits starting 62 (UnionPay QR C2B payment code, the "付款码" starts with the 62 IIN).
 * - QQ Wallet: 18 digits starting 91. This is the team's assumption for the sandbox (aggregator SDKs route 91
 *   to QQ Wallet); it is not confirmed from Tenpay's own documentation.
 * - Tillpoint's sandbox gateway: 20 digits starting 88 (our own format, issued by src/gateway).
 * The ranges do not overlap, so at most one wallet matches.
 */
export type Wallet = 'wechat' | 'alipay' | 'unionpay' | 'qqwallet' | 'sandbox';

export const wallets: readonly Wallet[] = ['wechat', 'alipay', 'unionpay', 'qqwallet', 'sandbox'];

const rules: readonly { wallet: Wallet; pattern: RegExp }[] = [
  { wallet: 'wechat', pattern: /^1[0-5]\d{16}$/ },
  { wallet: 'alipay', pattern: /^(2[5-9]|30)\d{14,22}$/ },
  { wallet: 'unionpay', pattern: /^62\d{17}$/ },
  { wallet: 'qqwallet', pattern: /^91\d{16}$/ },
  { wallet: 'sandbox', pattern: /^88\d{18}$/ },
];

/** The wallet whose payment-code format `text` has, or null. Exact: no trimming, ASCII digits only. */
export function classifyWalletCode(text: string): Wallet | null {
  if (typeof text !== 'string' || text.length > 24) return null;
  return rules.find((rule) => rule.pattern.test(text))?.wallet ?? null;
}

/** For logs, screens and database rows: first 4 + '…' + last 4 (a code is a bearer credential for ~60 s). */
export function maskWalletCode(code: string): string {
  const text = String(code);
  if (text.length <= 4) return '…';
  if (text.length <= 8) return `…${text.slice(-4)}`;
  return `${text.slice(0, 4)}…${text.slice(-4)}`;
}
