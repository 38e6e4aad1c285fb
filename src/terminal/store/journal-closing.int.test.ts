import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { closingSequenceProblem, zClosingBytes } from '../../core/journal-closing.js';
import { callsOf } from '../call.test-util.js';
import { verifyDeviceSignature } from '../secrets/device-key.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { listClosings, verifyTillJournal } from './journal-closing-store.js';

/** Signed Z closings on a real till: perpetual totals that never reset, the head they sign, the sealed key. */
const WATER = '6901234567892'; // 2.00 CNY
let dir: string;
let terminal: Terminal | undefined;
const { call } = callsOf(() => terminal);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-closing-'));
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function shiftWith(sales: number): Promise<void> {
  await call('shift.open', { count: [{ value: 100, count: 1 }] });
  for (let i = 0; i < sales; i++) {
    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 200 } });
  }
  await call('shift.close', { count: [{ value: 100, count: 1 + 2 * sales }], note: null });
}

describe('signed Z closings', () => {
  test('each Z signs its head and carries perpetual totals that add up across closes', async () => {
    terminal = await openTerminal({ dataDir: dir });
    await shiftWith(2);
    await shiftWith(3);
    const db = new Database(terminal.dbFile, { readonly: true });
    try {
      const closings = listClosings(db);
      expect(closings.map((c) => c.document.zNumber)).toEqual([1, 2]);
      const [z1, z2] = closings.map((c) => c.document);
      expect(z1!.period).toEqual({ gross: 400, refunds: 0, net: 400 });
      expect(z2!.perpetual).toEqual({ gross: 1000, refunds: 0, net: 1000 });
      expect(closingSequenceProblem([z1!, z2!])).toBeNull();
      // a close removed from the run shows in the totals
      expect(closingSequenceProblem([z2!])).toMatch(/perpetual totals/);
      // the head each signs is its own shift.close row
      for (const z of [z1!, z2!]) {
        const row = db.prepare(`SELECT kind, hash FROM journal WHERE seq = ?`).get(z.seq);
        expect(row).toEqual({ kind: 'shift.close', hash: z.headHash });
      }
      // the signature checks with the till's public key; the private key is only stored sealed
      const key = db.prepare(`SELECT public_key AS pub, private_key AS priv FROM device_key`).get() as {
        pub: string;
        priv: string;
      };
      for (const c of closings)
        expect(verifyDeviceSignature(key.pub, zClosingBytes(c.document), c.signature)).toBe(true);
      expect(key.priv).toMatch(/^tpsec1:/);
      expect(verifyTillJournal(db)).toMatchObject({
        closings: 2,
        closingProblem: null,
        verdict: { ok: true },
      });
      // a key the hub holds that is not this one: the closings are not trusted
      expect(verifyTillJournal(db, 'AAAA').closingProblem).toMatch(/signature/);
    } finally {
      db.close();
    }
  });
});
