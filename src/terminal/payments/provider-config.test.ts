import { describe, expect, it } from 'vitest';
import { demoProviders, parseProvidersFile, routeWallet } from './provider-config.js';

const gateway = (id: string, wallets: string[], extra: Record<string, unknown> = {}) => ({
  type: 'sandbox-gateway',
  id,
  label: id,
  url: 'http://127.0.0.1:8790',
  merchantId: 'm-demo',
  key: 'sandbox-demo-key',
  wallets,
  ...extra,
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('provider config', () => {
  it('the demo default takes every wallet at the given gateway, and nothing without one', () => {
    const demo = demoProviders('http://127.0.0.1:9999');
    for (const w of ['wechat', 'alipay', 'unionpay', 'qqwallet', 'sandbox']) {
      expect(routeWallet(demo, w)?.url).toBe('http://127.0.0.1:9999');
    }
    expect(demoProviders(undefined).providers).toEqual([]);
    expect(routeWallet(demoProviders(undefined), 'wechat')).toBeNull();
  });

  it('routes: an explicit route wins, else the first provider that takes the wallet', () => {
    const config = parseProvidersFile(
      { providers: [gateway('a', ['wechat', 'alipay']), gateway('b', ['alipay'])], routes: { alipay: 'b' } },
      'test',
    );
    expect(routeWallet(config, 'wechat')?.id).toBe('a');
    expect(routeWallet(config, 'alipay')?.id).toBe('b');
    expect(routeWallet(config, 'unionpay')).toBeNull();
    expect(routeWallet(config, 'not-a-wallet')).toBeNull();
  });

  it.each([
    ['an unknown wallet', { providers: [gateway('a', ['paypal'])] }],
    ['a duplicate id', { providers: [gateway('a', ['wechat']), gateway('a', ['alipay'])] }],
    [
      'a route to a provider that does not take the wallet',
      { providers: [gateway('a', ['wechat'])], routes: { alipay: 'a' } },
    ],
    ['an unknown field', { providers: [gateway('a', ['wechat'], { secret: 1 })] }],
    ['a non-http URL', { providers: [gateway('a', ['wechat'], { url: 'ftp://127.0.0.1' })] }],
    [
      'a promotion over 100 %',
      {
        providers: [],
        promotions: [{ wallet: 'alipay', label: 'x', discount: { kind: 'percent', bps: 10_001 } }],
      },
    ],
    [
      'a static QR with a bad template id',
      {
        providers: [
          {
            type: 'static-qr',
            id: 'q',
            label: 'Q',
            scheme: 's',
            merchant: {
              merchantAccount: { id: '25', guid: 'G' },
              mcc: '5411',
              currency: 'CNY',
              country: 'CN',
              name: 'N',
              city: 'C',
            },
          },
        ],
      },
    ],
    ['not an object', 'providers'],
  ])('refuses %s with payment.config_invalid', (_what, json) => {
    expect(code(() => parseProvidersFile(json, 'providers.json'))).toBe('payment.config_invalid');
  });
});
