import { readFileSync } from 'node:fs';
import { demoMerchant } from '../gateway/gateway.js';
import { listIssuerKeys, publishIssuerKeys, pullIssuerKeys } from '../hub/issuer-keys.js';
import { offlineCodesReport, settleOfflineCodes, type IssuerLink } from '../hub/offline-code-settle.js';
import { openHubStore, type HubStorageConfig } from '../hub/open-hub-store.js';
import { exitCodes, usageError, type ExitCode } from './cli-failure.js';

/**
 * The hub's offline payment code commands: `hub issuer-keys list|add FILE|pull --issuer URL`,
 * `hub settle-offline-codes --issuer URL` and `hub report --offline-codes`. The merchant's credentials at the
 * issuer come from TILLPOINT_ISSUER_MERCHANT and TILLPOINT_ISSUER_KEY (default: the sandbox's demo merchant).
 */
export function issuerLink(url: string, env: NodeJS.ProcessEnv = process.env): IssuerLink {
  return {
    url,
    merchantId: env.TILLPOINT_ISSUER_MERCHANT ?? demoMerchant.id,
    key: env.TILLPOINT_ISSUER_KEY ?? demoMerchant.key,
  };
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

export async function hubIssuerKeysCommand(
  config: HubStorageConfig,
  action: string | undefined,
  opts: { readonly file?: string; readonly issuer?: string },
): Promise<ExitCode> {
  if (!(
    action === 'list' ||
    (action === 'add' && opts.file) ||
    (action === 'pull' && opts.issuer !== undefined)
  )) {
    throw usageError('usage.issuerKeys');
  }
  const keys = action === 'add' ? (JSON.parse(readFileSync(opts.file ?? '', 'utf8')) as unknown) : undefined;
  if (action === 'add' && !Array.isArray(keys)) throw usageError('usage.issuerKeys');
  const store = await openHubStore(config);
  try {
    if (action === 'list') print(await listIssuerKeys(store));
    else if (action === 'add') print({ published: await publishIssuerKeys(store, keys as unknown[]) });
    else print({ published: await pullIssuerKeys(store, opts.issuer ?? '') });
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}

export async function hubSettleOfflineCodesCommand(
  config: HubStorageConfig,
  issuer: string | undefined,
): Promise<ExitCode> {
  if (issuer === undefined) throw usageError('usage.issuerKeys');
  const store = await openHubStore(config);
  try {
    const round = await settleOfflineCodes(store, issuerLink(issuer), () => new Date());
    print(round);
    return round.error === null ? exitCodes.ok : exitCodes.failure;
  } finally {
    await store.close();
  }
}

export async function hubOfflineCodesReport(config: HubStorageConfig): Promise<ExitCode> {
  const store = await openHubStore(config);
  try {
    print(await offlineCodesReport(store));
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
