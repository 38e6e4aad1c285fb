import { join } from 'node:path';
import type { Store } from './store/open-store.js';
import { demoCatalog } from './demo-catalog.js';
import { loadProviders, PROVIDERS_FILE_NAME } from './payments/provider-config.js';
import { loadOfflinePolicy } from './offline/offline-policy-file.js';
import { narrowSecretFile } from './secrets/secret-file.js';
import { notPrivate } from './store/file-modes.js';
import { readSettings } from './store/settings-store.js';
import { loadSvScheme, demoSvScheme, SV_SCHEME_FILE_NAME } from './cards/sv-scheme.js';
import { loadKioskConfig } from './kiosk/kiosk-config.js';
import type { OpenTerminalOptions } from './terminal-api.js';

/**
 * What a till reads from its data folder beside the database, for openTerminal: the files' modes made
 * private (the database and the key-holding files), then providers.json, the stored-value scheme,
 * offline-policy.json and kiosk.json, each unless the caller passed its own.
 */
export function withFolderFiles(store: Store, options: OpenTerminalOptions): OpenTerminalOptions {
  const file = store.file;
  const open = notPrivate([options.dataDir, file, `${file}-wal`, `${file}-shm`]);
  if (open.length > 0) {
    options.log?.(`others may read ${open.join(', ')}: this file system refused to make them private`);
  }
  for (const name of [PROVIDERS_FILE_NAME, SV_SCHEME_FILE_NAME]) {
    const keys = join(options.dataDir, name);
    if (narrowSecretFile(keys)) options.log?.(`${keys} holds keys and was readable by others: now 0600`);
  }
  const providers = options.providers ?? loadProviders(options.dataDir, options.gatewayUrl);
  const currency = readSettings(store.db)?.currency ?? (options.seed ?? demoCatalog).currency;
  const svScheme =
    options.svScheme !== undefined
      ? options.svScheme
      : (loadSvScheme(options.dataDir) ?? (options.demo ? demoSvScheme(currency) : null));
  const offlinePolicy = options.offlinePolicy ?? loadOfflinePolicy(options.dataDir);
  const kioskConfig = options.kioskConfig ?? (options.kiosk ? loadKioskConfig(options.dataDir) : undefined);
  return { ...options, providers, svScheme, offlinePolicy, ...(kioskConfig ? { kioskConfig } : {}) };
}
