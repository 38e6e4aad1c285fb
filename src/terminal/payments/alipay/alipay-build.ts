import { isTillpointError } from '../../../core/errors.js';
import { logAt, type Log } from '../../../shared/log.js';
import type { AlipayProviderEntry } from '../provider-config.js';
import type { PaymentProvider } from '../provider.js';
import { loadAlipayKeys } from './alipay-keys.js';
import { createAlipayProvider } from './alipay-provider.js';

/**
 * The Alipay provider of one providers.json entry, or null when its key files are wrong: the mistake is
 * logged at start with the field and the file (never a key's bytes), and the till runs on without this
 * provider (cash and every other provider still work). `where` is "providers.json providers.N".
 */
export function buildAlipayProvider(
  entry: AlipayProviderEntry,
  dataDir: string,
  where: string,
  log: Log,
): PaymentProvider | null {
  try {
    const keys = loadAlipayKeys(entry, dataDir, where);
    for (const file of keys.narrowed) log(`${file} holds a key and was readable by others: now 0600`);
    return createAlipayProvider({
      id: entry.id,
      gatewayUrl: entry.gatewayUrl,
      appId: entry.appId,
      keys,
      ...(entry.requestTimeoutMs ? { requestTimeoutMs: entry.requestTimeoutMs } : {}),
    });
  } catch (error) {
    if (!isTillpointError(error)) throw error;
    logAt(log, 'error')(`payment provider ${entry.id} is off: ${error.message}`, {
      code: error.code,
      ...(typeof error.details === 'object' ? error.details : {}),
    });
    return null;
  }
}
