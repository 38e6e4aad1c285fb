import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyWalletCode } from '../core/wallet-code.js';
import { gatewayWallets, walletCodeFor } from './wallet-format.js';

describe('walletCodeFor', () => {
  it('issues codes the terminal classifies as the same wallet, for any randomness', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...gatewayWallets),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        (wallet, seeds) => {
          let i = 0;
          const code = walletCodeFor(wallet, (n) => (seeds[i++ % seeds.length] ?? 0) % n);
          expect(typeof code).toBe('string');
          expect(classifyWalletCode(code)).toBe(wallet);
        },
      ),
    );
  });

  it('covers the edges of each format (lowest and highest digit everywhere)', () => {
    for (const wallet of gatewayWallets) {
      expect(classifyWalletCode(walletCodeFor(wallet, () => 0))).toBe(wallet);
      expect(classifyWalletCode(walletCodeFor(wallet, (n) => n - 1))).toBe(wallet);
    }
    expect(walletCodeFor('alipay', () => 0)).toMatch(/^25\d{14}$/);
    expect(walletCodeFor('alipay', (n) => n - 1)).toMatch(/^30\d{22}$/);
    expect(walletCodeFor('wechat', (n) => n - 1)).toMatch(/^15\d{16}$/);
    expect(walletCodeFor('sandbox', () => 0)).toBe('88000000000000000000');
  });
});
