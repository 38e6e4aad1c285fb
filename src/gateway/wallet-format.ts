import { wallets, type Wallet } from '../core/wallet-code.js';

/**
 * The customer payment codes the sandbox issues, one format per wallet, as the terminal's classifier
 * (src/core/wallet-code.ts) recognises them:
 * - WeChat Pay: 18 digits starting 10-15 (WeChat Pay "付款码" rule: 18 digits, prefix 10..15)
 * - Alipay: 16-24 digits starting 25-30 (Alipay barcode-pay auth_code rule)
 * - UnionPay: 19 digits starting 62 (UnionPay QuickPass C2B code)
 * - QQ Wallet: 18 digits starting 91 (the sandbox's assumption; Tenpay documents no public prefix)
 * - sandbox: 20 digits starting 88 (the gateway's own wallet, no real scheme uses it)
 */
export const gatewayWallets = wallets;
/** The wallets are the terminal's (src/core/wallet-code.ts): one list, so a code we issue is one it knows. */
export type GatewayWallet = Wallet;

export const isGatewayWallet = (value: unknown): value is GatewayWallet =>
  typeof value === 'string' && (gatewayWallets as readonly string[]).includes(value);

/** `randomInt(n)` answers a whole number in [0, n): node:crypto's randomInt in the server, a seed in tests. */
export type RandomInt = (n: number) => number;

const digits = (count: number, randomInt: RandomInt): string => {
  let out = '';
  for (let i = 0; i < count; i += 1) out += String(randomInt(10));
  return out;
};

/** A fresh code in the wallet's format; always a string (leading digits matter, 20 digits overflow doubles). */
export function walletCodeFor(wallet: GatewayWallet, randomInt: RandomInt): string {
  switch (wallet) {
    case 'wechat':
      return `1${randomInt(6)}${digits(16, randomInt)}`;
    case 'alipay': {
      const length = 16 + randomInt(9);
      return `${25 + randomInt(6)}${digits(length - 2, randomInt)}`;
    }
    case 'unionpay':
      return `62${digits(17, randomInt)}`;
    case 'qqwallet':
      return `91${digits(16, randomInt)}`;
    case 'sandbox':
      return `88${digits(18, randomInt)}`;
  }
}
