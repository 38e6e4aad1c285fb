import Database from 'better-sqlite3';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zClosingBytes, type ZClosingDocument } from '../core/journal-closing.js';
import { hubPaths, outboxResponse } from '../shared/hub-api.js';
import { issueEnrollCode } from './enroll-code.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';
import { postJson, saleEntry, sendBatch, type Credentials } from './hub-test-client.js';
import { journalReport } from './journal-report.js';
import { hubMigrations } from './migrations/index.js';
import { openSqliteHubStore } from './sqlite-store.js';

/** The journal heads tills send with their batches, judged and kept on SQLite and on PostgreSQL. */
const pgOrReason = await pgBackend();
const hex = (c: string) => c.repeat(64);

function tillKey() {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    sign: (doc: ZClosingDocument) =>
      sign('sha256', Buffer.from(zClosingBytes(doc)), {
        key: pair.privateKey,
        dsaEncoding: 'ieee-p1363',
      }).toString('base64'),
  };
}
const closingAt = (seq: number, headHash: string): ZClosingDocument => ({
  v: 1,
  terminalId: 't',
  zNumber: 1,
  shiftId: 's1',
  closedAt: '2026-12-07T10:00:00.000Z',
  currency: 'CNY',
  seq,
  headHash,
  period: { gross: 1200, refunds: 200, net: 1000 },
  perpetual: { gross: 1200, refunds: 200, net: 1000 },
});

function journalSuite(makeBackend: () => Backend) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;
  let till: Credentials;
  const key = tillKey();
  const send = async (journalHead: unknown) => {
    const res = await sendBatch(hub.url, till, { entries: [saleEntry()], journalHead });
    expect(res.status).toBe(200);
    return outboxResponse.parse(res.body);
  };

  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    hub = await startHub({ port: 0, store, log: () => {} });
    const code = await issueEnrollCode(store);
    till = (await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: 'till' })).body as Credentials;
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
    await backend.cleanup();
  });

  it('judges each head against the ones before, keeps the entries, and reports the till', async () => {
    const doc = closingAt(4, hex('b'));
    const first = await send({
      seq: 5,
      hash: hex('a'),
      publicKey: key.publicKey,
      closing: { document: zClosingBytes(doc), signature: key.sign(doc) },
    });
    expect(first.journal).toEqual({ status: 'ok', furthestSeq: 5 });
    expect(first.results[0]).toMatchObject({ status: 'accepted' });

    // a restored backup: behind the furthest head; its new sale is kept all the same
    const back = await send({ seq: 3, hash: hex('c'), publicKey: key.publicKey });
    expect(back.journal).toMatchObject({
      status: 'rolled_back',
      code: 'hub.journal_rolled_back',
      furthestSeq: 5,
    });
    expect(back.results[0]).toMatchObject({ status: 'accepted' });
    // the same seq with another hash; and a till past the seq whose own row there differs
    expect((await send({ seq: 5, hash: hex('d') })).journal).toMatchObject({ code: 'hub.journal_forked' });
    expect((await send({ seq: 9, hash: hex('e'), at: { seq: 5, hash: hex('f') } })).journal).toMatchObject({
      code: 'hub.journal_forked',
    });
    expect((await send({ seq: 10, hash: hex('1'), at: { seq: 9, hash: hex('e') } })).journal).toEqual({
      status: 'ok',
      furthestSeq: 10,
    });
    // a closing whose document was changed after signing; another key than the first one
    const changed = { ...doc, perpetual: { gross: 1, refunds: 0, net: 1 } };
    expect(
      (
        await send({
          seq: 11,
          hash: hex('2'),
          closing: { document: zClosingBytes(changed), signature: key.sign(doc) },
        })
      ).journal,
    ).toMatchObject({ code: 'hub.journal_bad_closing' });
    expect((await send({ seq: 12, hash: hex('3'), publicKey: tillKey().publicKey })).journal).toMatchObject({
      code: 'hub.journal_key_changed',
    });
    // a malformed head is the contract's to refuse, like any malformed batch
    const bad = await sendBatch(hub.url, till, {
      entries: [saleEntry()],
      journalHead: { seq: -1, hash: 'x' },
    });
    expect(bad.status).toBe(400);

    const [report] = await journalReport(store);
    expect(report).toMatchObject({ terminalId: till.terminalId, furthest: { seq: 12 }, heads: 7 });
    expect(report!.problems.map((p) => p.status)).toEqual([
      'rolled_back',
      'forked',
      'forked',
      'bad_closing',
      'key_changed',
    ]);
  });
}

describe('journal heads on SQLite', () => journalSuite(sqliteBackend));
const pgBackendOrSkip = pgOrReason;
describe.skipIf(typeof pgBackendOrSkip === 'string')('journal heads on PostgreSQL', () =>
  journalSuite(() => pgBackendOrSkip as Backend),
);

describe('hub migration 0005', () => {
  it('upgrades a version 4 hub: its tills have no heads and no key yet', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tillpoint-hub-v4-'));
    try {
      const file = path.join(dir, 'hub.db');
      const db = new Database(file);
      for (const m of hubMigrations.slice(0, 4)) db.exec(m.sqlite);
      db.pragma('user_version = 4');
      db.prepare(`INSERT INTO terminals VALUES ('t4', 'till 4', 'secret', '2026-01-01T00:00:00.000Z')`).run();
      db.close();
      const store = openSqliteHubStore(file);
      try {
        expect(await store.journalHeads()).toEqual([]);
        expect(await journalReport(store)).toEqual([
          { terminalId: 't4', name: 'till 4', furthest: null, latest: null, heads: 0, problems: [] },
        ]);
      } finally {
        await store.close();
      }
      const after = new Database(file, { readonly: true });
      expect(after.prepare(`SELECT device_public_key FROM terminals`).pluck().get()).toBeNull();
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
