import { randomUUID } from 'node:crypto';
import { TillpointError } from '../core/errors.js';
import { ISSUER_KEY_CONFIG_PREFIX, issuerKeyDto, type IssuerKeyDto } from '../shared/offline-code-dto.js';
import { canonicalJson } from './hub-crypto.js';
import type { HubStore } from './hub-store.js';

/**
 * The issuers' public keys for offline payment codes, distributed to terminals as the hub distributes any
 * value: a published `config.set` change per key, `offline_codes.key.<keyId>`, pulled by each till with the
 * catalog and kept in its SQLite (terminal_config). Rotation is two changes: the new key, and the old key
 * again with its not-after. `tillpoint hub issuer-keys add FILE`, `list`, `pull --issuer URL`.
 */

/** The keys as published now (the last change per key id wins), by key id. */
export async function listIssuerKeys(store: HubStore): Promise<IssuerKeyDto[]> {
  const byId = new Map<string, IssuerKeyDto>();
  for (const change of await store.catalogOfKinds(['config.set'])) {
    const { key, value } = JSON.parse(change.payload) as { key: string; value: unknown };
    if (!key.startsWith(ISSUER_KEY_CONFIG_PREFIX)) continue;
    const parsed = issuerKeyDto.safeParse(value);
    if (parsed.success) byId.set(parsed.data.keyId, parsed.data);
  }
  return [...byId.values()].sort((a, b) => a.keyId.localeCompare(b.keyId));
}

/** Publishes the keys that are new or changed (a not-after set); answers those published. */
export async function publishIssuerKeys(
  store: HubStore,
  keys: readonly unknown[],
  now: Date = new Date(),
): Promise<IssuerKeyDto[]> {
  const parsed = keys.map((k, i) => {
    const r = issuerKeyDto.safeParse(k);
    if (!r.success) {
      throw new TillpointError(
        'hub.publish_invalid',
        `Key ${i + 1} is not an issuer key: ${r.error.issues[0]?.message ?? ''}`,
        {
          issues: r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`),
        },
      );
    }
    return r.data;
  });
  const published = new Map((await listIssuerKeys(store)).map((k) => [k.keyId, canonicalJson(k)]));
  const fresh = parsed.filter((k) => published.get(k.keyId) !== canonicalJson(k));
  if (fresh.length === 0) return [];
  await store.publishCatalog(
    fresh.map((k) => ({
      kind: 'config.set',
      payload: canonicalJson({ key: ISSUER_KEY_CONFIG_PREFIX + k.keyId, value: k }),
    })),
    randomUUID(),
    now,
  );
  return fresh;
}

/** Fetches the issuer's key list (the sandbox's GET /sandbox/offline/keys) and publishes what changed. */
export async function pullIssuerKeys(store: HubStore, issuerUrl: string, now: Date = new Date()) {
  const res = await fetch(new URL('/sandbox/offline/keys', issuerUrl), {
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new TillpointError('hub.unavailable', `The issuer answered ${res.status} for its keys.`);
  const body = (await res.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys))
    throw new TillpointError('hub.publish_invalid', 'The issuer sent no key list.');
  return publishIssuerKeys(store, body.keys, now);
}
