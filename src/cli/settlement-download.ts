import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TillpointError } from '../core/errors.js';
import { alipayMethods } from '../terminal/payments/alipay/alipay-provider.js';
import { createAlipayClient } from '../terminal/payments/alipay/alipay-client.js';
import { loadAlipayKeys } from '../terminal/payments/alipay/alipay-keys.js';
import { requestRaw } from '../terminal/payments/http-json.js';
import { parseProvidersFile, type ProviderEntry } from '../terminal/payments/provider-config.js';
import { loadWechatpayCredentials } from '../terminal/payments/wechatpay/wechatpay-credentials.js';
import { signV2 } from '../terminal/payments/wechatpay/wechatpay-crypto.js';
import { decodeXml, encodeXml } from '../shared/wechatpay-wire.js';
import { WECHAT_ALL_HEADER } from '../hub/settlement/wechat-bill.js';
import { randomBytes } from 'node:crypto';

/** How long one call to the provider may take (the bill itself may be large). */
const CALL_MS = 15_000;
const DOWNLOAD_MS = 120_000;

const failed = (providerId: string, why: string) =>
  new TillpointError(
    'reconcile.download_failed',
    `The settlement file of ${providerId} could not be downloaded: ${why}.`,
    { providerId },
  );

/**
 * Downloads a provider's settlement file for `day` (YYYY-MM-DD, Beijing time) with the merchant's own keys
 * from a providers.json (the till's format; key files relative to its folder): Alipay's trade bill through
 * alipay.data.dataservice.bill.downloadurl.query, then its URL; WeChat Pay's ALL bill through API v2
 * downloadbill (its answer is the bill itself, or an XML refusal).
 */
export async function downloadSettlement(
  providersFile: string,
  providerId: string,
  day: string,
): Promise<Buffer> {
  let entry: ProviderEntry | undefined;
  let index = -1;
  try {
    const config = parseProvidersFile(JSON.parse(readFileSync(providersFile, 'utf8')), providersFile);
    index = config.providers.findIndex((p) => p.id === providerId);
    entry = config.providers[index];
  } catch (error) {
    throw new TillpointError(
      'reconcile.unknown_provider',
      `${providersFile} cannot be read: ${(error as Error).message}`,
    );
  }
  if (entry?.type === 'alipay') {
    const keys = loadAlipayKeys(entry, path.dirname(providersFile), `${providersFile} providers.${index}`, {
      narrow: false,
    });
    const client = createAlipayClient({ gatewayUrl: entry.gatewayUrl, appId: entry.appId, keys });
    const answer = await client.call(alipayMethods.billUrl, { bill_type: 'trade', bill_date: day }, CALL_MS);
    if (answer.kind !== 'answer') {
      throw failed(providerId, answer.kind === 'timeout' ? 'no answer in time' : answer.error);
    }
    const url = answer.body.bill_download_url;
    if (answer.body.code !== '10000' || typeof url !== 'string') {
      const why = [answer.body.sub_code, answer.body.sub_msg ?? answer.body.msg].filter(Boolean).join(' ');
      throw failed(providerId, why || 'no bill URL in the answer');
    }
    const bill = await requestRaw(
      'GET',
      new URL(url),
      '',
      {},
      DOWNLOAD_MS,
      keys.ca ? { tls: { ca: keys.ca } } : {},
    );
    if (bill.kind !== 'reply' || bill.status !== 200) {
      throw failed(providerId, bill.kind === 'reply' ? `HTTP ${bill.status}` : bill.kind);
    }
    return bill.bytes;
  }
  if (entry?.type === 'wechatpay') {
    const creds = loadWechatpayCredentials(entry, index, providersFile, path.dirname(providersFile));
    const fields: Record<string, string> = {
      appid: creds.appid,
      mch_id: creds.mchid,
      nonce_str: randomBytes(16).toString('hex'),
      sign_type: 'HMAC-SHA256',
      bill_date: day.replaceAll('-', ''),
      bill_type: 'ALL',
    };
    fields.sign = signV2(fields, creds.apiV2Key, 'HMAC-SHA256');
    const bill = await requestRaw(
      'POST',
      new URL('/pay/downloadbill', entry.url),
      encodeXml(fields),
      {},
      DOWNLOAD_MS,
      { contentType: 'text/xml', ...(creds.ca ? { tls: { ca: creds.ca } } : {}) },
    );
    if (bill.kind !== 'reply' || bill.status !== 200) {
      throw failed(providerId, bill.kind === 'reply' ? `HTTP ${bill.status}` : bill.kind);
    }
    if (bill.text.trimStart().startsWith('<xml>')) {
      const refusal = decodeXml(bill.text);
      // WeChat Pay's answer for a day without a single trade: an empty bill, not a failure (the hub's
      // payments of that day, if any, are then all "sale without capture")
      if (refusal.ok && /^No Bill Exist$/i.test(refusal.value.return_msg ?? '')) {
        return Buffer.from(`${WECHAT_ALL_HEADER}\r\n`);
      }
      const why = refusal.ok
        ? [refusal.value.error_code ?? refusal.value.return_code, refusal.value.return_msg]
            .filter(Boolean)
            .join(' ')
        : refusal.message;
      throw failed(providerId, why);
    }
    return bill.bytes;
  }
  throw new TillpointError(
    'reconcile.unknown_provider',
    entry === undefined
      ? `${providersFile} has no provider ${providerId}.`
      : `${providerId} is a ${entry.type} provider, which has no settlement files to download; give the file with --file.`,
    { providerId },
  );
}
