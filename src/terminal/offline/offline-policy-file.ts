import { readSettingsFile } from '../settings-file.js';
import { join } from 'node:path';
import { TillpointError } from '../../core/errors.js';
import { defaultOfflinePolicy, type OfflinePolicy } from '../../core/offline-policy.js';
import { parseOfflinePolicy } from '../../shared/offline-policy-schema.js';

export const OFFLINE_POLICY_FILE_NAME = 'offline-policy.json';

/** A policy from JSON, or a typed error naming where it came from and the path of the first mistake. */
export function parseOfflinePolicyFile(json: unknown, source: string): OfflinePolicy {
  const parsed = parseOfflinePolicy(json);
  if (parsed.ok) return parsed.policy;
  const { where, message, issues } = parsed.problem;
  throw new TillpointError(
    'offline.config_invalid',
    `The offline limits in ${source} are not valid at ${where}: ${message}. Fix the file and restart the till.`,
    { source, issues },
  );
}

/**
 * `<dataDir>/offline-policy.json` if it exists, else the default (red bar after 24 h, warn only, no tender
 * limits). Read once at start, like providers.json: a mistake stops the till at start with the file's path,
 * never at the counter. The hub's `offline.policy` value, when there is one, replaces it (offline-risk.ts).
 */
export function loadOfflinePolicy(dataDir: string): OfflinePolicy {
  const file = join(dataDir, OFFLINE_POLICY_FILE_NAME);
  const json = readSettingsFile(file, 'offline.config_invalid', 'offline limits');
  if (json === undefined) return defaultOfflinePolicy;
  return parseOfflinePolicyFile(json, file);
}
