import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkJournal } from './store/journal-store.js';
import { openTerminal } from './terminal.js';

/**
 * Configuration changes in the tamper-evident journal: a configuration file that changed between two starts
 * of the till (offline-policy.json here), appeared or went away gets a `config.file` row with its hash; an
 * unchanged one gets none; renaming the till or changing its language is a `config.changed` row. The chain
 * still verifies.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-config-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function startAndStop(options: { terminalName?: string; locale?: string } = {}) {
  const terminal = await openTerminal({ dataDir: dir, demo: true, start: false, ...options });
  await terminal.close();
}
function configRows(): { kind: string; data: Record<string, unknown> }[] {
  const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
  try {
    return (
      db.prepare(`SELECT kind, data FROM journal WHERE kind LIKE 'config.%' ORDER BY seq`).all() as {
        kind: string;
        data: string;
      }[]
    ).map((r) => ({ kind: r.kind, data: JSON.parse(r.data) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}
const policy = () => join(dir, 'offline-policy.json');

describe('configuration changes in the journal', () => {
  it('journals a changed, new or removed file by its hash, once; a rename and a language change', async () => {
    await startAndStop();
    expect(configRows()).toEqual([]);
    writeFileSync(policy(), JSON.stringify({ pastLimit: 'warn' }));
    await startAndStop();
    const [added] = configRows();
    expect(added).toMatchObject({ kind: 'config.file', data: { file: 'offline-policy.json' } });
    expect(added!.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    // started again with the same file: nothing new
    await startAndStop();
    expect(configRows()).toHaveLength(1);
    writeFileSync(policy(), JSON.stringify({ pastLimit: 'refuse-non-cash' }));
    await startAndStop();
    const changed = configRows()[1]!;
    expect(changed.data.file).toBe('offline-policy.json');
    expect(changed.data.sha256).not.toBe(added!.data.sha256);
    unlinkSync(policy());
    await startAndStop({ terminalName: 'Front till', locale: 'en' });
    expect(configRows().slice(2)).toEqual([
      { kind: 'config.file', data: { file: 'offline-policy.json', sha256: null } },
      { kind: 'config.changed', data: { setting: 'name', value: 'Front till' } },
      { kind: 'config.changed', data: { setting: 'locale', value: 'en' } },
    ]);
    const db = new Database(join(dir, 'tillpoint.db'), { readonly: true });
    try {
      expect(checkJournal(db).verdict.ok).toBe(true);
    } finally {
      db.close();
    }
  });
});
