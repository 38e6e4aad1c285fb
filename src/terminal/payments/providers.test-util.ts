/** providers.json entries the integration tests configure a till with (tests only). */

/** The sandbox gateway at `url` with the demo merchant; `extra` overrides fields (wallets ...). */
export const gatewayProvider = (url: string, extra: Record<string, unknown> = {}) => ({
  type: 'sandbox-gateway',
  id: 'sandbox',
  label: 'Sandbox gateway',
  url,
  merchantId: 'm-demo',
  key: 'sandbox-demo-key',
  wallets: ['wechat', 'alipay', 'sandbox'],
  ...extra,
});

/** A static DuitNow bank QR (no confirmation: the cashier's word is recorded). */
export const bankQrProvider = {
  type: 'static-qr',
  id: 'bank-qr',
  label: 'Bank QR',
  scheme: 'duitnow',
  merchant: {
    merchantAccount: { id: '26', guid: 'MY.COM.PAYNET.DUITNOW', fields: { '01': '0012345678' } },
    mcc: '5411',
    currency: 'CNY',
    country: 'CN',
    name: 'TILLPOINT DEMO SHOP',
    city: 'SHANGHAI',
  },
};
