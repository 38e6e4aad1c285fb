import { join } from 'node:path';
import { isTillpointError } from '../../../core/errors.js';
import { logAt, type Log } from '../../../shared/log.js';
import { PROVIDERS_FILE_NAME, type ProvidersFile, type WechatpayProviderEntry } from '../provider-config.js';
import type { PaymentProvider } from '../provider.js';
import { loadWechatpayCredentials } from './wechatpay-credentials.js';
import { createWechatpayProvider } from './wechatpay-provider.js';

/**
 * A `wechatpay` entry of providers.json as a provider, or null when its key material is not usable: the
 * problem is logged at error level with the field and the file (never a key), and the till runs without it.
 */
export function wechatpayFromEntry(
  entry: WechatpayProviderEntry,
  index: number,
  dataDir: string,
  log: Log,
): PaymentProvider | null {
  try {
    const credentials = loadWechatpayCredentials(entry, index, join(dataDir, PROVIDERS_FILE_NAME), dataDir);
    return createWechatpayProvider({
      id: entry.id,
      url: entry.url,
      credentials,
      notifyUrl: entry.notifyUrl,
      deviceIp: entry.deviceIp,
      log,
      ...(entry.requestTimeoutMs ? { requestTimeoutMs: entry.requestTimeoutMs } : {}),
    });
  } catch (error) {
    if (!isTillpointError(error)) throw error;
    logAt(log, 'error')(error.message, error.details);
    return null;
  }
}

/** What `tillpoint diagnostics` says about the WeChat Pay key files of a providers.json (empty: all fine). */
export function wechatpayProblems(config: ProvidersFile, dataDir: string): string[] {
  const problems: string[] = [];
  config.providers.forEach((p, index) => {
    if (p.type !== 'wechatpay') return;
    try {
      loadWechatpayCredentials(p, index, join(dataDir, PROVIDERS_FILE_NAME), dataDir);
    } catch (error) {
      problems.push(isTillpointError(error) ? error.message : String(error));
    }
  });
  return problems;
}
