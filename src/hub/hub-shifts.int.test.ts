import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPaths, outboxResponse, type ItemResult } from '../shared/hub-api.js';
import { issueEnrollCode } from './enroll-code.js';
import { startHub, type RunningHub } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from './hub-test-backends.js';
import { postJson, sendBatch, type Credentials } from './hub-test-client.js';
import { shiftsReport } from './shifts-report.js';
import { sampleShift, shiftEntry } from './shift-sample.test-util.js';

/** shift.closed entries: the hub keeps every closed shift's Z report, on SQLite and on PostgreSQL. */

const pgOrReason = await pgBackend();
const results = (body: unknown): ItemResult[] => outboxResponse.parse(body).results;

function shiftsSuite(makeBackend: () => Backend) {
  let backend: Backend;
  let store: HubStore;
  let hub: RunningHub;

  beforeAll(async () => {
    backend = makeBackend();
    store = await backend.open();
    hub = await startHub({ port: 0, store });
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
    await backend.cleanup();
  });

  it('stores a closed shift once, refuses a malformed one, and reports them in order', async () => {
    const code = await issueEnrollCode(store);
    const till = (await postJson(`${hub.url}${hubPaths.enroll}`, { code, name: '一号收银台' }))
      .body as Credentials;
    const first = sampleShift('shift-a', 1);
    const second = sampleShift('shift-b', 2);
    const sent = results((await sendBatch(hub.url, till, { entries: [shiftEntry(first)] })).body);
    expect(sent[0]).toMatchObject({ idempotencyKey: 'shift:shift-a', status: 'accepted' });

    const broken = {
      ...shiftEntry(second),
      idempotencyKey: 'shift:broken',
      payload: { report: { kind: 'Z' } },
    };
    const again = results(
      (await sendBatch(hub.url, till, { entries: [shiftEntry(first), shiftEntry(second), broken] })).body,
    );
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'accepted', 'rejected']);

    const report = await shiftsReport(store);
    expect(report.shifts.map((s) => [s.terminalName, s.zNumber, s.report.shiftId])).toEqual([
      ['一号收银台', 1, 'shift-a'],
      ['一号收银台', 2, 'shift-b'],
    ]);
    expect(report.shifts[0]!.report).toEqual(first.report);
    expect(report.shifts[0]!.report.totals.cash.expected).toBe(20_500);
  });
}

describe('shift.closed on SQLite', () => shiftsSuite(sqliteBackend));

const pgBackendOrSkip = pgOrReason;
describe.skipIf(typeof pgBackendOrSkip === 'string')('shift.closed on PostgreSQL', () =>
  shiftsSuite(() => pgBackendOrSkip as Backend),
);
