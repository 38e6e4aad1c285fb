import { readSettingsFile } from '../settings-file.js';
import { join } from 'node:path';
import { z } from 'zod';
import { TillpointError } from '../../core/errors.js';
import type { TenderPromotionRule } from '../../core/tender-promotion.js';
import { wallets, type Wallet } from '../../core/wallet-code.js';

/**
 * The merchant's payment providers ("fourth-party" aggregation), from
 * `<dataDir>/providers.json`, validated here so a typo is refused at start with the path of the mistake,
 * never discovered at the counter.
 */
const walletSchema = z.enum(wallets as [Wallet, ...Wallet[]]);
const providerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes');

const sandboxGatewaySchema = z
  .object({
    type: z.literal('sandbox-gateway'),
    id: providerId,
    label: z.string().min(1).max(60),
    url: z.url({ protocol: /^https?$/ }),
    merchantId: z.string().min(1).max(64),
    key: z.string().min(1).max(256),
    /** the wallets whose customer codes this provider charges */
    wallets: z.array(walletSchema).default([]),
    /** offers "show a QR" (precreate) */
    merchantQr: z.boolean().default(true),
    requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
    /** an https URL's CA certificate (PEM), trusted instead of the system's; relative to the data folder */
    caFile: z.string().min(1).max(500).optional(),
  })
  .strict()
  .refine((p) => p.caFile === undefined || p.url.startsWith('https:'), {
    message: 'caFile is for an https:// url',
    path: ['caFile'],
  });

/**
 * Alipay face-to-face payment on the merchant's own account (src/terminal/payments/alipay/). Key files are
 * paths (relative to the data folder) read at start by alipay-keys.ts, which names a bad one with its field.
 * Key mode: alipayPublicKeyFile. Public key certificate mode: appCertFile, alipayCertFile, alipayRootCertFile.
 */
const alipaySchema = z
  .object({
    type: z.literal('alipay'),
    id: providerId,
    label: z.string().min(1).max(60),
    /** https://openapi.alipay.com/gateway.do, Alipay's sandbox, or `tillpoint gateway --dialect alipay` */
    gatewayUrl: z.url({ protocol: /^https?$/ }),
    appId: z.string().min(1).max(32),
    privateKeyFile: z.string().min(1).max(1024),
    alipayPublicKeyFile: z.string().min(1).max(1024).optional(),
    appCertFile: z.string().min(1).max(1024).optional(),
    alipayCertFile: z.string().min(1).max(1024).optional(),
    alipayRootCertFile: z.string().min(1).max(1024).optional(),
    /** PEM CA trusted for the gateway's TLS instead of the system's */
    caFile: z.string().min(1).max(1024).optional(),
    wallets: z.array(z.literal('alipay')).default(['alipay']),
    merchantQr: z.boolean().default(true),
    requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
  })
  .strict()
  .refine((p) => !p.alipayPublicKeyFile || (!p.appCertFile && !p.alipayCertFile && !p.alipayRootCertFile), {
    message:
      'give alipayPublicKeyFile (key mode) or the three certificate files (certificate mode), not both',
    path: ['alipayPublicKeyFile'],
  });

/**
 * WeChat Pay with the merchant's own keys (src/terminal/payments/wechatpay/). Key material lives in files
 * (0600) named here, relative to the data folder or absolute; their contents are checked when the till
 * starts, and a problem there disables this provider only (named with the field and the file), never the till.
 */
const wechatpaySchema = z
  .object({
    type: z.literal('wechatpay'),
    id: providerId,
    label: z.string().min(1).max(60),
    /** https://api.mch.weixin.qq.com, or the simulator (`tillpoint gateway --dialect wechatpay`) */
    url: z.url({ protocol: /^https?$/ }).default('https://api.mch.weixin.qq.com'),
    /** shapes are checked with the key files, so a typo disables WeChat Pay and the till still runs */
    appid: z.string().min(1).max(64),
    mchid: z.string().min(1).max(64),
    apiV2KeyFile: z.string().min(1),
    apiV3KeyFile: z.string().min(1),
    merchantPrivateKeyFile: z.string().min(1),
    merchantCertificateSerial: z.string().min(1).max(64),
    platformCertificateFiles: z.array(z.string().min(1)).min(1).max(8),
    /** mutual TLS for API v2 reverse and refund at the real API (apiclient_cert.pem / apiclient_key.pem) */
    clientCertificateFile: z.string().min(1).optional(),
    clientKeyFile: z.string().min(1).optional(),
    /** trusted instead of the system CAs (the simulator's test CA) */
    caFile: z.string().min(1).optional(),
    wallets: z
      .array(walletSchema)
      .refine((ws) => ws.every((w) => w === 'wechat'), 'WeChat Pay charges only wechat codes')
      .default(['wechat']),
    merchantQr: z.boolean().default(true),
    /** API v3 Native requires one; the till polls and never needs the notification */
    notifyUrl: z.url({ protocol: /^https$/ }).default('https://tillpoint.invalid/wechatpay/notify'),
    /** spbill_create_ip of micropay: the till's address as WeChat should record it */
    deviceIp: z.ipv4().default('127.0.0.1'),
    requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
  })
  .strict();

const merchantQrSchema = z
  .object({
    merchantAccount: z
      .object({
        id: z.string().regex(/^(2[6-9]|[34]\d|5[01])$/, 'a template id from 26 to 51'),
        guid: z.string().min(1).max(32),
        fields: z.record(z.string().regex(/^\d\d$/), z.string().min(1).max(99)).default({}),
      })
      .strict(),
    mcc: z.string().regex(/^\d{4}$/),
    currency: z.string().regex(/^[A-Z]{3}$/),
    country: z.string().regex(/^[A-Z]{2}$/),
    name: z.string().min(1).max(25),
    city: z.string().min(1).max(15),
    postalCode: z.string().min(1).max(10).optional(),
  })
  .strict();

const staticQrSchema = z
  .object({
    type: z.literal('static-qr'),
    id: providerId,
    label: z.string().min(1).max(60),
    /** the scheme's name, recorded as the payment's wallet (e.g. "duitnow", "promptpay") */
    scheme: z.string().min(1).max(32),
    merchant: merchantQrSchema,
    /** the QR's validity; the expiry shown is clamped to the attempt's deadline (paymentTimeoutS) */
    expiresInS: z.number().int().min(30).max(3_600).default(300),
  })
  .strict();

const promotionSchema = z
  .object({
    wallet: z.string().min(1).max(32),
    label: z.string().min(1).max(60),
    discount: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('percent'), bps: z.number().int().min(1).max(10_000) }).strict(),
      z.object({ kind: z.literal('amount'), amount: z.number().int().min(1) }).strict(),
    ]),
    minTotal: z.number().int().min(0).optional(),
  })
  .strict();

/** The merchant's payment timeout when providers.json does not set one (30 s). */
export const DEFAULT_PAYMENT_TIMEOUT_S = 30;

export const providersFileSchema = z
  .object({
    providers: z
      .array(
        z.discriminatedUnion('type', [sandboxGatewaySchema, staticQrSchema, alipaySchema, wechatpaySchema]),
      )
      .max(32),
    /** wallet -> provider id, when more than one provider takes a wallet (default: the first listed) */
    routes: z.partialRecord(walletSchema, providerId).default({}),
    promotions: z.array(promotionSchema).default([]),
    /** every attempt's deadline after its start (customer code, provider QR, bank QR): reversed then */
    paymentTimeoutS: z.number().int().min(5).max(600).default(DEFAULT_PAYMENT_TIMEOUT_S),
  })
  .strict()
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.providers.forEach((p, i) => {
      if (ids.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `duplicate id ${p.id}` });
      ids.add(p.id);
    });
    for (const [wallet, id] of Object.entries(file.routes)) {
      const target = file.providers.find((p) => p.id === id);
      if (!target || !isWalletGateway(target) || !(target.wallets as string[]).includes(wallet)) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', wallet],
          message: `provider ${String(id)} does not take ${wallet}`,
        });
      }
    }
  });

export type ProvidersFile = z.output<typeof providersFileSchema>;

function isWalletGateway(p: ProviderEntry): p is GatewayProviderEntry {
  return p.type !== 'static-qr';
}
export type ProviderEntry = ProvidersFile['providers'][number];
/** A provider that charges wallets' customer codes (every type but the static bank QR). */
export type GatewayProviderEntry = Exclude<ProviderEntry, { type: 'static-qr' }>;
export type AlipayProviderEntry = Extract<ProviderEntry, { type: 'alipay' }>;
export type WechatpayProviderEntry = Extract<ProviderEntry, { type: 'wechatpay' }>;
export type StaticQrProviderEntry = Extract<ProviderEntry, { type: 'static-qr' }>;

export const PROVIDERS_FILE_NAME = 'providers.json';

/** Published sandbox credentials (design section B): never a real merchant's. */
export const demoGatewayMerchant = { id: 'm-demo', key: 'sandbox-demo-key' } as const;

/** The demo default: the sandbox gateway at `gatewayUrl` for every wallet, with merchant m-demo. */
export function demoProviders(gatewayUrl: string | undefined): ProvidersFile {
  if (!gatewayUrl)
    return { providers: [], routes: {}, promotions: [], paymentTimeoutS: DEFAULT_PAYMENT_TIMEOUT_S };
  return providersFileSchema.parse({
    providers: [
      {
        type: 'sandbox-gateway',
        id: 'sandbox',
        label: 'Sandbox gateway',
        url: gatewayUrl,
        merchantId: demoGatewayMerchant.id,
        key: demoGatewayMerchant.key,
        wallets: [...wallets],
        merchantQr: true,
      },
    ],
  });
}

export function parseProvidersFile(json: unknown, source: string): ProvidersFile {
  const parsed = providersFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join('.') || '(top level)' : '';
    throw new TillpointError(
      'payment.config_invalid',
      `The payment settings in ${source} are not valid at ${where}: ${first?.message ?? 'unknown problem'}. Fix the file and restart the till.`,
      { source, issues: parsed.error.issues },
    );
  }
  return parsed.data;
}

/**
 * `<dataDir>/providers.json` if it exists, else the demo default (the gateway given with --gateway), else
 * nothing configured (every wallet answers wallet.unconfigured).
 */
export function loadProviders(dataDir: string, gatewayUrl: string | undefined): ProvidersFile {
  const file = join(dataDir, PROVIDERS_FILE_NAME);
  const json = readSettingsFile(file, 'payment.config_invalid', 'payment settings');
  if (json === undefined) return demoProviders(gatewayUrl);
  return parseProvidersFile(json, file);
}

/** Which configured provider charges a wallet's codes: the route if one is set, else the first that takes it. */
export function routeWallet(config: ProvidersFile, wallet: string): GatewayProviderEntry | null {
  const gateways = config.providers.filter((p): p is GatewayProviderEntry => isWalletGateway(p));
  const routed = config.routes[wallet as Wallet];
  if (routed) return gateways.find((p) => p.id === routed) ?? null;
  return gateways.find((p) => (p.wallets as string[]).includes(wallet)) ?? null;
}

export const promotionRules = (config: ProvidersFile): TenderPromotionRule[] =>
  config.promotions.map((p) => ({
    wallet: p.wallet,
    label: p.label,
    discount: p.discount,
    ...(p.minTotal === undefined ? {} : { minTotal: p.minTotal }),
  }));

export const walletLabels: Readonly<Record<Wallet, string>> = {
  wechat: 'WeChat Pay',
  alipay: 'Alipay',
  unionpay: 'UnionPay',
  qqwallet: 'QQ Wallet',
  sandbox: 'Sandbox wallet',
};
