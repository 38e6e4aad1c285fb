import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoProviders, loadProviders, parseProvidersFile, routeWallet } from './provider-config.js';

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
      expect(routeWallet(demo, w)).toMatchObject({ url: 'http://127.0.0.1:9999' });
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
    ['a payment timeout under 5 s', { providers: [], paymentTimeoutS: 4 }],
    ['a payment timeout over 600 s', { providers: [], paymentTimeoutS: 601 }],
    ['a payment timeout in fractions of a second', { providers: [], paymentTimeoutS: 12.5 }],
    ['a payment timeout given as text', { providers: [], paymentTimeoutS: '30' }],
    ['not an object', 'providers'],
  ])('refuses %s with payment.config_invalid', (_what, json) => {
    expect(code(() => parseProvidersFile(json, 'providers.json'))).toBe('payment.config_invalid');
  });

  it('the payment timeout: 30 s by default and in the demo config, else the merchant’s whole seconds 5..600', () => {
    expect(parseProvidersFile({ providers: [] }, 'test').paymentTimeoutS).toBe(30);
    expect(demoProviders('http://127.0.0.1:9999').paymentTimeoutS).toBe(30);
    expect(demoProviders(undefined).paymentTimeoutS).toBe(30);
    for (const s of [5, 45, 600]) {
      expect(parseProvidersFile({ providers: [], paymentTimeoutS: s }, 'test').paymentTimeoutS).toBe(s);
    }
  });

  it('reads paymentTimeoutS from <dataDir>/providers.json, and names it when it is out of bounds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tillpoint-providers-'));
    try {
      writeFileSync(join(dir, 'providers.json'), JSON.stringify({ providers: [], paymentTimeoutS: 90 }));
      expect(loadProviders(dir, undefined).paymentTimeoutS).toBe(90);
      writeFileSync(join(dir, 'providers.json'), JSON.stringify({ providers: [], paymentTimeoutS: 0 }));
      expect(() => loadProviders(dir, undefined)).toThrow(/paymentTimeoutS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('type alipay', () => {
    const alipay = (extra: Record<string, unknown> = {}) => ({
      type: 'alipay',
      id: 'alipay',
      label: 'Alipay',
      gatewayUrl: 'https://openapi.alipay.com/gateway.do',
      appId: '2021000012345678',
      privateKeyFile: 'app.pem',
      alipayPublicKeyFile: 'alipay.pem',
      ...extra,
    });

    it('takes Alipay codes and merchant QRs by default, and can be the route for alipay', () => {
      const file = parseProvidersFile(
        { providers: [gateway('sandbox', ['wechat', 'alipay']), alipay()], routes: { alipay: 'alipay' } },
        'test',
      );
      expect(routeWallet(file, 'alipay')).toMatchObject({
        type: 'alipay',
        merchantQr: true,
        wallets: ['alipay'],
      });
      expect(routeWallet(file, 'wechat')?.id).toBe('sandbox');
    });

    it.each<[string, Record<string, unknown>]>([
      ['key mode and certificate mode at once', { appCertFile: 'app.crt' }],
      ['a wallet that is not Alipay', { wallets: ['wechat'] }],
      ['a gateway that is not http(s)', { gatewayUrl: 'ftp://openapi.alipay.com/gateway.do' }],
      ['no private key', { privateKeyFile: undefined }],
      ['an unknown field', { appSecret: 'x' }],
    ])('refuses %s', (_what, extra) => {
      expect(code(() => parseProvidersFile({ providers: [alipay(extra)] }, 'test'))).toBe(
        'payment.config_invalid',
      );
    });

    it('a route to alipay for another wallet is refused', () => {
      expect(
        code(() => parseProvidersFile({ providers: [alipay()], routes: { wechat: 'alipay' } }, 'test')),
      ).toBe('payment.config_invalid');
    });
  });
});
